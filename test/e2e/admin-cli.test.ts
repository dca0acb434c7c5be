// Device administration from the CLI, proved with real clients (issue 7): an admin creates bob at
// level 1 over SSH, bob cannot enter system-view; bob's ed25519 key pasted as Comware hex key code
// lets him in; `ssh server authentication-retries 2` takes effect on the next connection.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { blobToKeyCode, parseOpenSshLine } from '../../src/common/pubkey';
import { runSsh, sshBaseArgs, startDaemon, TestDaemon, tempDir } from '../helpers/daemon';
import { PtySsh } from '../helpers/pty-ssh';
import { exhaust } from '../helpers/raw-ssh';
import { addUser, makeKey, passwordEnv } from '../helpers/users';

const ADMIN_PW = 'Adm1n-pass-99';
const BOB_PW = 'B0b-pass-123';
let d: TestDaemon;
let tmp: string;
let bobKey: string;

before(async () => {
  tmp = tempDir('wx3000-admin-');
  bobKey = makeKey(tmp, 'ed25519', 'id_bob');
  d = await startDaemon();
  addUser(d.dataDir, 'ops', { password: ADMIN_PW, level: 3 });
});
after(async () => {
  await d.stop();
});

/** Types each line after the previous prompt, as an engineer (or netmiko with a prompt check) does. */
async function configure(lines: string[]): Promise<string> {
  const s = new PtySsh([...sshBaseArgs(d.port), '-o', 'PubkeyAuthentication=no', 'ops@127.0.0.1'], passwordEnv(tmp, ADMIN_PW));
  try {
    await s.waitFor(/<WX3000>$/);
    for (const line of lines) {
      const mark = s.mark;
      s.write(line + '\r');
      await s.waitFor(/[>\]]$/, 15000, mark + line.length + 2);
    }
    s.write('quit\r');
    await s.waitExit();
    return s.output;
  } finally {
    s.kill();
  }
}

test('an admin creates bob at level 1; bob logs in with the password and cannot enter system-view', async () => {
  const out = await configure([
    'system-view',
    'local-user bob',
    `password simple ${BOB_PW}`,
    'service-type ssh',
    'authorization-attribute level 1',
    'return',
  ]);
  assert.match(out, /New local user added\./);
  assert.doesNotMatch(out, /% /, 'no command failed');
  // Each change reaches the daemon's log (console, file, syslog) and the log buffer, secrets masked.
  for (let i = 0; i < 100 && !/ran command: authorization-attribute level 1/.test(d.stderr()); i++) await new Promise((r) => setTimeout(r, 50));
  assert.match(d.stderr(), /ops\(vty\d\) ran command: local-user bob/);
  assert.match(d.stderr(), /ops\(vty\d\) ran command: password simple \*{6}/);
  assert.doesNotMatch(d.stderr() + fs.readFileSync(`${d.dataDir}/wx3000.log`, 'utf8'), new RegExp(BOB_PW));
  const buffer = runSsh([...sshBaseArgs(d.port), '-o', 'PubkeyAuthentication=no', 'ops@127.0.0.1', 'display logbuffer'], { env: passwordEnv(tmp, ADMIN_PW) });
  assert.match(buffer.stdout, /SHELL\/6\/CMD: ops\(vty\d\) ran command: service-type ssh/);
  const r = runSsh([...sshBaseArgs(d.port), '-o', 'PubkeyAuthentication=no', 'bob@127.0.0.1', 'system-view'], { env: passwordEnv(tmp, BOB_PW) });
  assert.equal(r.status, 1);
  assert.match(r.stdout + r.stderr, /% Unrecognized command found at '\^' position\./);
  const ok = runSsh([...sshBaseArgs(d.port), '-o', 'PubkeyAuthentication=no', 'bob@127.0.0.1', 'display clock'], { env: passwordEnv(tmp, BOB_PW) });
  assert.equal(ok.status, 0, ok.stderr);
});

test("bob's key, pasted as Comware hex key code, lets him log in with it", async () => {
  const hex = blobToKeyCode(parseOpenSshLine(fs.readFileSync(`${bobKey}.pub`, 'utf8')).blob);
  // The device prints key code in lines of hex; paste it the same way.
  const lines = hex.match(/.{1,60}/g)!;
  const out = await configure([
    'system-view',
    'public-key peer bobkey',
    'public-key-code begin',
    ...lines,
    'public-key-code end',
    'peer-public-key end',
    'ssh user bob assign publickey bobkey',
    'return',
  ]);
  assert.doesNotMatch(out, /% /, 'no command failed');
  const r = runSsh([
    ...sshBaseArgs(d.port),
    '-o', 'BatchMode=yes',
    '-o', 'IdentitiesOnly=yes',
    '-o', 'PasswordAuthentication=no',
    '-i', bobKey,
    'bob@127.0.0.1',
    'display clock',
  ]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^\d\d:\d\d:\d\d /);
});

test('ssh server authentication-retries 2 makes a third attempt impossible on the next connection', async () => {
  const before = await exhaust(d.port, 'nobody');
  assert.equal(before.sent, 3);
  const out = await configure(['system-view', 'ssh server authentication-retries 2', 'return']);
  assert.doesNotMatch(out, /% /);
  const r = await exhaust(d.port, 'nobody', { localAddress: '127.0.0.2' });
  assert.equal(r.code, 14);
  assert.equal(r.sent, 2);
});

test('public-key local create and destroy change what the next connection is served, without a restart', async () => {
  const fingerprint = (alg: string) => {
    const r = runSsh([...sshBaseArgs(d.port, { quiet: false }), '-v', '-o', 'BatchMode=yes', '-o', `HostKeyAlgorithms=${alg}`, 'nobody@127.0.0.1', 'true']);
    return { fp: /Server host key: \S+ (SHA256:\S+)/.exec(r.stderr)?.[1], stderr: r.stderr };
  };
  const before = fingerprint('ssh-ed25519').fp;
  assert.ok(before, 'ed25519 host key served');
  const s = new PtySsh([...sshBaseArgs(d.port), '-o', 'PubkeyAuthentication=no', 'ops@127.0.0.1'], passwordEnv(tmp, ADMIN_PW));
  try {
    await s.waitFor(/<WX3000>$/);
    s.write('system-view\r');
    await s.waitFor(/\[WX3000\]$/);
    s.write('public-key local create ed25519\r');
    await s.waitFor(/Replace it\? \[Y\/N\]:$/);
    s.write('y\r');
    await s.waitFor(/Key pair created\.\r\nInfo: New SSH connections use the changed key pairs[^\n]*\r\n\[WX3000\]$/);
    const after = fingerprint('ssh-ed25519').fp;
    assert.ok(after && after !== before, `new fingerprint ${after} differs from ${before}`);
    s.write('public-key local destroy rsa\r');
    await s.waitFor(/Confirm to destroy these keys\? \[Y\/N\]:$/);
    s.write('y\r');
    await s.waitFor(/\[WX3000\]$/, 15000, s.mark - 10);
    assert.match(fingerprint('rsa-sha2-512').stderr, /no matching host key type/);
    assert.equal(fingerprint('ssh-ed25519').fp, after, 'the other keys are still served');
  } finally {
    s.kill();
  }
});
