// Version and algorithm negotiation, timers and pre-auth limits, against the real daemon and the real
// OpenSSH client (issue 3).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rawExchange, openIdle } from '../helpers/raw';
import { runSsh, saveStartupConfig, sshBaseArgs, startDaemon, TestDaemon, tempDir } from '../helpers/daemon';
import { addUser, passwordEnv } from '../helpers/users';
import { requires } from '../helpers/require-tool';
import { rng } from '../helpers/rng';

let d: TestDaemon;
const version = require('../../../../package.json').version as string;

before(async () => {
  d = await startDaemon();
});
after(async () => {
  await d.stop();
});

const sshTry = (extra: string[]) =>
  runSsh([...sshBaseArgs(d.port, { quiet: false }), '-vv', '-o', 'BatchMode=yes', ...extra, 'nobody@127.0.0.1', 'true']);

test('identification string is SSH-2.0-WX3000_<version>', async () => {
  const r = await rawExchange(d.port, { until: (b) => b.includes('\n') });
  assert.equal(r.data.toString('latin1').split('\n')[0], `SSH-2.0-WX3000_${version}\r`);
});

test('an SSH-1.5 client is told the major versions differ and the connection is closed', async () => {
  const r = await rawExchange(d.port, { send: 'SSH-1.5-OldClient\r\n' });
  const text = r.data.toString('latin1');
  assert.ok(r.closed, 'connection closed');
  assert.match(text, /^SSH-2\.0-WX3000_[^\r\n]*\r\nProtocol major versions differ\.\r\n$/);
});

test('SSH-1.99 is accepted as 2.0: the server goes on to key exchange', async () => {
  const r = await rawExchange(d.port, {
    send: 'SSH-1.99-Compat_1.0\r\n',
    until: (b) => b.length > 64 && b.includes('curve25519-sha256'),
  });
  assert.ok(!r.closed, 'still open');
  assert.ok(r.data.includes('kex-strict-s-v00@openssh.com'), 'KEXINIT with strict kex');
});

// Garbage costs its source a penalty (issue 16): each probe comes from an address of its own.
test('garbage and an over-long identification are closed without harm', async () => {
  const garbage = await rawExchange(d.port, { send: 'GET / HTTP/1.1\r\n\r\n', localAddress: '127.9.0.1' });
  assert.ok(garbage.closed);
  const long = await rawExchange(d.port, { send: 'SSH-2.0-' + 'x'.repeat(400), localAddress: '127.9.1.1' });
  assert.ok(long.closed);
  const binary = await rawExchange(d.port, { send: Buffer.from([0, 1, 2, 255, 254, 10]), localAddress: '127.9.2.1' });
  assert.ok(binary.closed);
  assert.equal(d.proc.exitCode, null, 'daemon alive');
  const again = await rawExchange(d.port, { until: (b) => b.includes('\n') });
  assert.match(again.data.toString(), /^SSH-2\.0-WX3000_/);
});

test('random bytes after a valid identification never bring the daemon down', async () => {
  const random = rng(4711);
  for (let i = 0; i < 40; i++) {
    const len = 1 + Math.floor(random() * 2000);
    const junk = Buffer.from(Array.from({ length: len }, () => Math.floor(random() * 256)));
    // Some look like packets: a plausible length prefix, padding byte and a message number.
    if (i % 2 === 0 && len > 6) junk.writeUInt32BE(len - 4, 0);
    await rawExchange(d.port, { send: Buffer.concat([Buffer.from('SSH-2.0-Fuzz_1.0\r\n'), junk]), timeoutMs: 1500, localAddress: `127.10.${i}.1` });
  }
  assert.equal(d.proc.exitCode, null, 'daemon alive');
  const again = await rawExchange(d.port, { until: (b) => b.includes('\n') });
  assert.match(again.data.toString(), /^SSH-2\.0-WX3000_/);
});

test('default negotiation: sntrup761x25519-sha512 (OpenSSH 9.2), ssh-ed25519, chacha20-poly1305, strict kex, server-sig-algs without SHA-1', () => {
  const r = sshTry([]);
  assert.match(r.stderr, /kex: algorithm: sntrup761x25519-sha512\n/);
  assert.match(r.stderr, /kex: host key algorithm: ssh-ed25519/);
  assert.match(r.stderr, /server->client cipher: chacha20-poly1305@openssh.com/);
  const offered = /peer server KEXINIT proposal\ndebug2: KEX algorithms: (.*)\n/.exec(r.stderr);
  assert.ok(offered, r.stderr);
  assert.match(offered[1], /kex-strict-s-v00@openssh\.com/);
  assert.doesNotMatch(offered[1], /nistp|sha1|group1-|group-exchange/);
  assert.match(offered[1], /^mlkem768x25519-sha256,sntrup761x25519-sha512,sntrup761x25519-sha512@openssh\.com,curve25519-sha256,/);
  const hostKeys = /peer server KEXINIT proposal\n(?:.*\n)*?debug2: host key algorithms: (.*)\n/.exec(r.stderr);
  assert.equal(hostKeys?.[1], 'ssh-ed25519,rsa-sha2-512,rsa-sha2-256');
  const sigAlgs = /server-sig-algs=<(.*)>/.exec(r.stderr);
  assert.ok(sigAlgs, 'server-sig-algs sent');
  assert.ok(sigAlgs[1].split(',').includes('rsa-sha2-512'));
  assert.ok(!sigAlgs[1].split(',').includes('ssh-rsa'));
});

test('weak algorithms are refused: group1 kex, CBC cipher, SHA-1 MAC, ssh-rsa and ECDSA host keys', () => {
  for (const opt of [
    'KexAlgorithms=diffie-hellman-group1-sha1',
    'KexAlgorithms=diffie-hellman-group14-sha1',
    'Ciphers=aes128-cbc',
    'MACs=hmac-sha1 Ciphers=aes128-ctr',
    'HostKeyAlgorithms=ssh-rsa',
    'HostKeyAlgorithms=ecdsa-sha2-nistp256',
  ]) {
    const r = sshTry(opt.split(' ').flatMap((o) => ['-o', o]));
    assert.notEqual(r.status, 0, opt);
    assert.match(r.stderr, /no matching|Unable to negotiate/i, `${opt}: ${r.stderr.slice(-300)}`);
  }
});

test('RSA host key works with rsa-sha2-512', () => {
  const r = sshTry(['-o', 'HostKeyAlgorithms=rsa-sha2-512']);
  assert.match(r.stderr, /kex: host key algorithm: rsa-sha2-512/);
});

requires('ssh-audit').test('ssh-audit reports no failure', {}, () => {
  const r = spawnSync('ssh-audit', ['-p', String(d.port), '127.0.0.1'], { encoding: 'utf8', timeout: 60000 });
  assert.ok(r.stdout.length > 0, `ssh-audit ran: ${r.error?.message ?? r.stderr}`);
  const fails = r.stdout.split('\n').filter((l) => /\[fail\]/.test(l));
  assert.deepEqual(fails, []);
  // ssh-audit 2.5 exit codes: 0 good, 2 warnings (it does not know kex-strict yet), 3 failures.
  assert.ok(r.status === 0 || r.status === 2, `ssh-audit exit ${r.status}`);
});

test('30 connections from one address: at most 5 wait unauthenticated; a full pool evicts the one silent longest', async () => {
  const socks = await Promise.all(Array.from({ length: 30 }, () => openIdle(d.port)));
  await new Promise((r) => setTimeout(r, 1500));
  const open = socks.filter((s) => !s.sock.destroyed && s.data().startsWith('SSH-2.0-'));
  const stillOpen = open.filter((s) => s.sock.readyState === 'open');
  assert.equal(stillOpen.length, 5, `open: ${stillOpen.length}`);
  // Another address has its own share of the pool of 10.
  const other = await Promise.all(Array.from({ length: 8 }, () => openIdle(d.port, '127.0.0.2')));
  await new Promise((r) => setTimeout(r, 1000));
  const otherOpen = other.filter((s) => s.sock.readyState === 'open' && s.data().startsWith('SSH-2.0-'));
  assert.equal(otherOpen.length, 5);
  // The pool is full: a newcomer is not refused; the connection silent longest (the first address's) makes room.
  const third = await rawExchange(d.port, { localAddress: '127.0.0.3', until: (b) => b.includes('\n'), timeoutMs: 3000 });
  assert.match(third.data.toString(), /^SSH-2\.0-WX3000_/);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(stillOpen.filter((s) => s.sock.readyState === 'open').length, 4, 'one of the oldest evicted');
  assert.equal(otherOpen.filter((s) => s.sock.readyState === 'open').length, 5);
  for (const s of [...socks, ...other]) s.sock.destroy();
  await new Promise((r) => setTimeout(r, 300));
  const r = sshTry([]);
  assert.match(r.stderr, /kex: algorithm: sntrup761x25519-sha512/);
});

test('login grace time closes an idle unauthenticated connection; SIGTERM exits 0', async () => {
  const dir = tempDir();
  saveStartupConfig(dir, ['ssh server timeout 1']);
  const short = await startDaemon({ dataDir: dir });
  try {
    const idle = await openIdle(short.port);
    const closed = await Promise.race([idle.closed.then(() => true), new Promise((r) => setTimeout(() => r(false), 10000))]);
    assert.equal(closed, true, 'closed by the grace timer');
    assert.match(short.stderr(), /login grace time expired/);
  } finally {
    const code = await short.stop('SIGTERM');
    assert.equal(code, 0);
    assert.equal(spawnSync('pgrep', ['-f', dir]).status, 1, 'no process left');
  }
});

test('rekey after the volume limit, and the session goes on (limit lowered for the test)', async () => {
  const rekeying = await startDaemon({ env: { WX3000_REKEY_BYTES: '20000' } });
  const keys = tempDir('wx3000-rekey-');
  try {
    addUser(rekeying.dataDir, 'ops', { password: 'Rekey-pass1' });
    const input = '\n'.repeat(200000) + 'display clock\nquit\n';
    const r = runSsh(
      [...sshBaseArgs(rekeying.port, { quiet: false }), '-vv', '-T', '-o', 'PubkeyAuthentication=no', 'ops@127.0.0.1'],
      // 200000 prompts take over 30 s on a loaded 2-core machine (ssh then dies of the timeout's SIGTERM).
      { env: passwordEnv(keys, 'Rekey-pass1'), input, timeoutMs: 120000 },
    );
    assert.equal(r.status, 0, r.stderr.slice(-500));
    assert.ok((r.stderr.match(/SSH2_MSG_KEXINIT received/g) ?? []).length >= 2, 'a second key exchange happened');
    assert.match(r.stdout, /\d\d:\d\d:\d\d UTC/);
    // spawnSync blocked this process: the daemon's log is read only now.
    for (let i = 0; i < 100 && !/rekey .*why=volume/.test(rekeying.stderr()); i++) await new Promise((r) => setTimeout(r, 50));
    assert.match(rekeying.stderr(), /rekey .*why=volume/);
  } finally {
    await rekeying.stop();
  }
});
