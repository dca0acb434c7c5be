// Post-quantum hybrid key exchange with real clients (issue 20): OpenSSH 10.5 gets mlkem768x25519-sha256
// and no post-quantum warning, Debian's OpenSSH 9.2 gets sntrup761x25519-sha512, plink gets NTRU Prime
// when its saved session prefers it, paramiko and asyncssh still get curve25519. Rekeying with ML-KEM.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Device } from '../../src/device';
import { ROOT, sshBaseArgs } from '../helpers/daemon';
import { CLIENTS_PY, InteropDaemon, PASSWORD, run, startInteropDaemon, USER } from './fixture';
import { PYTHON, requires } from '../helpers/require-tool';

/** The current OpenSSH, built for these machines (../shared/tools/openssh-10.5/README.md). */
const SSH10 = path.resolve(ROOT, '../shared/tools/openssh-10.5/bin/ssh');
const openssh10 = requires(SSH10);
const plink = requires('plink');
const python = { paramiko: requires('python3:paramiko'), asyncssh: requires('python3:asyncssh') };

let s: InteropDaemon;
before(async () => {
  s = await startInteropDaemon();
});
after(async () => {
  await s?.stop();
});

const keyArgs = () => [...sshBaseArgs(s.port, { quiet: false }), '-vv', '-i', s.keyFile, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes'];
const PQ_WARNING = /WARNING: connection is not using a post-quantum key exchange algorithm/;

/** The kex the daemon logged for each connection whose client identification matches. */
async function loggedKex(ident: RegExp): Promise<string[]> {
  const conns = new Map<string, string>();
  let kex: string[] = [];
  for (let i = 0; i < 60; i++) {
    const log = s.d.stdout() + s.d.stderr();
    for (const m of log.matchAll(/client identification .*?conn=(\d+) ident=(\S+)/g)) conns.set(m[1], m[2]);
    kex = [...log.matchAll(/key exchange done .*?conn=(\d+) kex=(\S+)/g)].filter((m) => ident.test(conns.get(m[1]) ?? '')).map((m) => m[2]);
    if (kex.length) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return kex;
}

/** `display ssh server status` lists each SSH session with the key exchange it negotiated. */
const STATUS_ROW = (kex: string) => new RegExp(`SSH key exchange in use:[\\s\\S]*VTY \\d+ +${USER} +${kex.replace(/[.@]/g, '\\$&')}\\r?\\n`);

openssh10.test('OpenSSH 10.5 logs in with mlkem768x25519-sha256 and prints no post-quantum warning', { timeout: 30000 }, async () => {
  const r = await run(SSH10, [...keyArgs(), `${USER}@127.0.0.1`, 'display ssh server status']);
  assert.equal(r.status, 0, r.stderr.slice(-1500));
  assert.match(r.stdout, STATUS_ROW('mlkem768x25519-sha256'));
  assert.match(r.stderr, /kex: algorithm: mlkem768x25519-sha256\r?\n/);
  assert.doesNotMatch(r.stderr, PQ_WARNING);
  assert.doesNotMatch(r.stderr, /post-quantum/);
});

openssh10.test('OpenSSH 10.5 warns against a server configured without the hybrids (the check above can fail)', { timeout: 30000 }, async () => {
  const device = new Device(s.d.dataDir);
  const settings = await device.settings();
  await settings.set('ssh.server.kex', 'curve25519-sha256');
  // Written behind the daemon's back: it keeps its offer until told (SIGHUP).
  await s.d.reload();
  try {
    const r = await run(SSH10, [...keyArgs(), `${USER}@127.0.0.1`, 'display ssh server status']);
    assert.equal(r.status, 0, r.stderr.slice(-1500));
    assert.match(r.stderr, /kex: algorithm: curve25519-sha256\r?\n/);
    assert.match(r.stderr, PQ_WARNING);
    assert.match(r.stdout, STATUS_ROW('curve25519-sha256'));
  } finally {
    await settings.set('ssh.server.kex', '');
    await s.d.reload();
    await device.close();
  }
});

for (const kex of ['sntrup761x25519-sha512', 'sntrup761x25519-sha512@openssh.com']) {
  openssh10.test(`OpenSSH 10.5 with -o KexAlgorithms=${kex} logs in`, { timeout: 30000 }, async () => {
      const r = await run(SSH10, [...keyArgs(), '-o', `KexAlgorithms=${kex}`, `${USER}@127.0.0.1`, 'display version']);
    assert.equal(r.status, 0, r.stderr.slice(-1500));
    assert.match(r.stdout, /WX3000/);
    assert.ok(r.stderr.split(/\r?\n/).includes(`debug1: kex: algorithm: ${kex}`), r.stderr.slice(-1500));
    assert.doesNotMatch(r.stderr, PQ_WARNING);
  });
}

openssh10.test('OpenSSH 10.5 rekeys with ML-KEM in the middle of a session (RekeyLimit), and the session goes on', { timeout: 120000 }, async () => {
  const input = '\n'.repeat(40000) + 'display clock\nquit\n';
  const r = await run(SSH10, [...keyArgs(), '-T', '-o', 'RekeyLimit=16K', `${USER}@127.0.0.1`], { input, timeoutMs: 110000 });
  assert.equal(r.status, 0, r.stderr.slice(-1500));
  assert.match(r.stdout, /\d\d:\d\d:\d\d UTC/);
  const exchanges = r.stderr.match(/kex: algorithm: mlkem768x25519-sha256\r?\n/g) ?? [];
  assert.ok(exchanges.length >= 2, `rekeyed with mlkem768x25519 (${exchanges.length} key exchanges)`);
});

test("Debian's OpenSSH 9.2 negotiates sntrup761x25519-sha512 by default", { timeout: 30000 }, async () => {
  const r = await run('ssh', [...keyArgs(), `${USER}@127.0.0.1`, 'display ssh server status']);
  assert.equal(r.status, 0, r.stderr.slice(-1500));
  assert.match(r.stderr, /OpenSSH_9\.2/);
  assert.match(r.stdout, STATUS_ROW('sntrup761x25519-sha512'));
  assert.match(r.stderr, /kex: algorithm: sntrup761x25519-sha512\r?\n/);
});

plink.test('plink negotiates NTRU Prime (ntru-curve25519) when its saved session prefers it', { timeout: 30000 }, async () => {
  const home = path.join(s.dir, 'putty-home');
  fs.mkdirSync(path.join(home, '.putty', 'sessions'), { recursive: true });
  fs.writeFileSync(
    path.join(home, '.putty', 'sessions', 'pq'),
    `KEX\\ntru-curve25519,ecdh,dh-gex-sha1,dh-group14-sha1,rsa,WARN,dh-group1-sha1\n`,
  );
  const r = await run('plink', ['-batch', '-v', '-load', 'pq', '-P', String(s.port), '-hostkey', s.hostKeyFingerprint, '-pw', PASSWORD, `${USER}@127.0.0.1`, 'display version'], {
    env: { HOME: home },
  });
  assert.equal(r.status, 0, r.stderr.slice(-1500));
  assert.match(r.stdout, /WX3000/);
  assert.match(r.stderr, /NTRU Prime \/ Curve25519 hybrid key exchange/);
  assert.deepEqual(await loggedKex(/PuTTY/), ['sntrup761x25519-sha512@openssh.com']);
});

for (const client of ['paramiko', 'asyncssh'] as const) {
  python[client].test(`${client} still gets curve25519`, { timeout: 60000 }, async () => {
    const r = await run(PYTHON, [CLIENTS_PY, `${client}-key`, String(s.port), USER, PASSWORD, s.keyFile], { timeoutMs: 50000 });
    assert.equal(r.status, 0, r.stdout + r.stderr.slice(-1500));
    const kex = await loggedKex(client === 'paramiko' ? /paramiko/i : /AsyncSSH/i);
    assert.equal(kex.length, 1, `one ${client} connection logged`);
    assert.match(kex[0], /^curve25519-sha256(@libssh\.org)?$/);
  });
}
