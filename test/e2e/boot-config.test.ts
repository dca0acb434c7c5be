// Running versus saved configuration over real OpenSSH (issue 17): a restart, `reboot` and
// `schedule reboot` rebuild the running configuration from the startup file, so only `save` keeps a
// change; the first-boot admin's new password is saved for them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runSsh, sshBaseArgs, startDaemon, TestDaemon, tempDir } from '../helpers/daemon';
import { PtySsh } from '../helpers/pty-ssh';
import { addKey, addUser, makeKey, passwordEnv } from '../helpers/users';

const PW = 'Boot-Admin-2024!';
let dir: string;
let data: string;
let key: string;
let d: TestDaemon | undefined;

before(() => {
  dir = tempDir();
  data = path.join(dir, 'data');
  addUser(data, 'ops', { level: 3, password: PW });
  key = makeKey(dir, 'ed25519');
  addKey(data, 'ops', key);
});
after(async () => {
  await d?.stop();
});

const sshArgs = (port: number) => [...sshBaseArgs(port), '-o', 'BatchMode=yes', '-i', key, 'ops@127.0.0.1'];

function sysname(port: number): string {
  const r = runSsh([...sshArgs(port), 'display current-configuration | include sysname']);
  assert.equal(r.status, 0, r.stderr);
  return /sysname (\S+)/.exec(r.stdout)?.[1] ?? 'WX3000';
}

/** Types lines into an interactive session, each after the prompt it expects. */
async function shell(port: number, steps: [string, RegExp][]): Promise<PtySsh> {
  const s = new PtySsh(sshArgs(port));
  await s.waitFor(/<[^>]+>$/);
  for (const [line, expect] of steps) {
    const mark = s.mark;
    s.write(line + '\r');
    await s.waitFor(expect, 15000, mark);
  }
  return s;
}

/** The daemon restarts in place after a reboot: logins work again on the same port. */
async function waitForSysname(port: number, want: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const r = runSsh([...sshArgs(port), 'display current-configuration | include sysname']);
    last = r.status === 0 ? /sysname (\S+)/.exec(r.stdout)?.[1] ?? 'WX3000' : `(ssh ${r.status})`;
    if (last === want) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  assert.fail(`sysname is ${last}, expected ${want}`);
}

test('a change without save is gone after a restart; after save it stays', async () => {
  d = await startDaemon({ dataDir: data });
  (await shell(d.port, [['system-view', /\]$/], ['sysname UNSAVED', /\[UNSAVED\]$/], ['quit', /<UNSAVED>$/]])).kill();
  assert.equal(sysname(d.port), 'UNSAVED');
  await d.stop();
  d = await startDaemon({ dataDir: data });
  assert.equal(sysname(d.port), 'WX3000');

  (await shell(d.port, [['system-view', /\]$/], ['sysname KEPT', /\[KEPT\]$/], ['save force', /successfully\.[\s\S]*\[KEPT\]$/]])).kill();
  await d.stop();
  d = await startDaemon({ dataDir: data });
  assert.equal(sysname(d.port), 'KEPT');
});

test('reboot asks about unsaved changes, then restarts from the saved configuration', async () => {
  d ??= await startDaemon({ dataDir: data });
  const s = await shell(d.port, [
    ['system-view', /\]$/],
    ['sysname TEMP', /\[TEMP\]$/],
    ['return', /<TEMP>$/],
    ['reboot', /Current configuration will be lost, save current configuration\? \[Y\/N\]:$/],
    ['n', /This command will reboot the device\. Continue\? \[Y\/N\]:$/],
  ]);
  s.write('y\r');
  await s.waitExit(15000);
  assert.match(s.output, /The device is rebooting/);
  await waitForSysname(d.port, 'KEPT', 20000);
});

test('schedule reboot delay 1 restores the saved configuration a minute later', { timeout: 150000 }, async () => {
  d ??= await startDaemon({ dataDir: data });
  const s = await shell(d.port, [
    ['system-view', /\]$/],
    ['sysname RISKY', /\[RISKY\]$/],
    ['return', /<RISKY>$/],
    ['schedule reboot delay 1', /Reboot system at \d\d:\d\d \d\d\/\d\d\/\d{4} \(in 0 hours and 1 minutes\)\. Confirm\? \[Y\/N\]:$/],
    ['y', /<RISKY>$/],
    ['display schedule reboot', /System will reboot at [\s\S]*<RISKY>$/],
  ]);
  s.kill();
  assert.equal(sysname(d.port), 'RISKY');
  await waitForSysname(d.port, 'KEPT', 120000);
  const r = runSsh([...sshArgs(d.port), 'display schedule reboot']);
  assert.match(r.stdout + r.stderr, /No reboot is scheduled/);
});

test('the first-boot admin changes the one-time password; it is saved and survives a restart', async () => {
  const fresh = path.join(dir, 'fresh');
  let f = await startDaemon({ dataDir: fresh });
  try {
    const once = fs.readFileSync(path.join(fresh, 'initial-admin-password'), 'utf8').trim();
    const s = new PtySsh([...sshBaseArgs(f.port), '-o', 'PubkeyAuthentication=no', 'admin@127.0.0.1'], passwordEnv(dir, once));
    await s.waitFor(/Old password:$/);
    s.write(once + '\r');
    await s.waitFor(/New password:$/);
    s.write('First-Chosen-2024!\r');
    await s.waitFor(/Confirm:$/);
    s.write('First-Chosen-2024!\r');
    await s.waitFor(/saved to flash:\/startup\.cfg[\s\S]*<WX3000>$/);
    s.kill();
    await f.stop();
    f = await startDaemon({ dataDir: fresh });
    assert.doesNotMatch(f.stdout(), /one-time password/);
    const r = runSsh([...sshBaseArgs(f.port), '-o', 'PubkeyAuthentication=no', 'admin@127.0.0.1', 'display version'], {
      env: passwordEnv(dir, 'First-Chosen-2024!'),
    });
    assert.equal(r.status, 0, r.stderr);
  } finally {
    await f.stop();
  }
});

test('exec of a command that asks a question says so and exits 1; save force saves', async () => {
  d ??= await startDaemon({ dataDir: data });
  const ask = runSsh([...sshArgs(d.port), 'save']);
  assert.equal(ask.status, 1);
  assert.match(ask.stdout, /^% This command asks a question and cannot run without a terminal; use 'save force' instead\.$/m);
  const reset = runSsh([...sshArgs(d.port), 'reset saved-configuration']);
  assert.equal(reset.status, 1);
  assert.match(reset.stdout, /^% This command asks a question and cannot run without a terminal\.$/m);
  assert.ok(fs.existsSync(path.join(data, 'flash', 'startup.cfg')), 'nothing was erased');
  const force = runSsh([...sshArgs(d.port), 'save force']);
  assert.equal(force.status, 0, force.stdout + force.stderr);
  assert.match(force.stdout, /Configuration is saved to device successfully\./);
});
