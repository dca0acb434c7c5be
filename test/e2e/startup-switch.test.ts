// The engineer's configuration round trip (issue 19): download startup.cfg by SFTP, edit it, upload
// it as new.cfg, `startup saved-configuration new.cfg`, restart: the device comes up with the edit.
// A bad line is logged and the rest loads; a missing main file falls back to the backup.
//
// The database is removed before each restart: until the daemon always boots from the startup file
// (the configuration-lifecycle issue), only a device without configuration loads one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runSsh, sshBaseArgs, startDaemon, TestDaemon, tempDir } from '../helpers/daemon';
import { addKey, makeKey } from '../helpers/users';

const CONFIG = `#
 sysname Before
 sftp server enable
#
local-user ops
 password simple Ops-pass-1234
 authorization-attribute level 3
 service-type ssh
#
 ssh user ops service-type all
#
return
`;

let d: TestDaemon;
let work: string;
let key: string;

before(async () => {
  work = tempDir('wx3000-boot-');
  fs.writeFileSync(path.join(work, 'setup.cfg'), CONFIG);
  d = await startDaemon({ args: ['--config', path.join(work, 'setup.cfg')] });
  key = makeKey(work, 'ed25519', 'id_ops');
  addKey(d.dataDir, 'ops', key);
});
after(async () => {
  await d?.stop();
});

const keyArgs = () => ['-o', 'BatchMode=yes', '-o', 'IdentitiesOnly=yes', '-i', key];
const exec = (line: string) => runSsh([...sshBaseArgs(d.port), ...keyArgs(), 'ops@127.0.0.1', line]);

function sftp(batch: string) {
  const args = sshBaseArgs(d.port).filter((a) => a !== '-p' && a !== String(d.port));
  const r = spawnSync('sftp', [...args, ...keyArgs(), '-P', String(d.port), '-b', '-', 'ops@127.0.0.1'], { input: batch, encoding: 'utf8', timeout: 60000, cwd: work });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** A record of the log file (JSON lines) with this message and file. */
function logged(message: string, file: string): boolean {
  return fs
    .readFileSync(path.join(d.dataDir, 'wx3000.log'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .some((l) => {
      const r = JSON.parse(l) as { message: string; file?: string };
      return r.message === message && r.file === file;
    });
}

async function restart(): Promise<void> {
  await d.stop();
  for (const f of ['wx3000.db', 'wx3000.db-wal', 'wx3000.db-shm']) fs.rmSync(path.join(d.dataDir, f), { force: true });
  d = await startDaemon({ dataDir: d.dataDir });
}

test('download startup.cfg, edit, upload as new.cfg, make it the startup file, restart: the edit is running', async () => {
  assert.equal(exec('save force').status, 0);
  sftp('get startup.cfg');
  const text = fs.readFileSync(path.join(work, 'startup.cfg'), 'utf8');
  assert.match(text, / sysname Before\n/);
  // The edit, plus a line the device does not know: it is logged, the rest still loads.
  fs.writeFileSync(path.join(work, 'new.cfg'), text.replace(' sysname Before', ' sysname Edited\n bogus command here'));
  sftp('put new.cfg');
  const set = exec('startup saved-configuration new.cfg');
  assert.equal(set.status, 0, set.stderr);
  assert.match(set.stdout, /Please wait \.\.\.\.\.\. Done!/);
  assert.equal(exec('startup saved-configuration startup.cfg backup').status, 0);
  await restart();
  const shown = exec('display startup').stdout.replace(/\r\n/g, '\n');
  assert.equal(
    shown,
    ' Current startup saved-configuration file: flash:/new.cfg\n Next main startup saved-configuration file: flash:/new.cfg\n Next backup startup saved-configuration file: flash:/startup.cfg\n',
  );
  assert.match(exec('display current-configuration').stdout, / sysname Edited/);
  assert.ok(logged('configuration line failed', 'flash:/new.cfg'));
  assert.ok(logged('configuration loaded', 'flash:/new.cfg'));
});

test('a missing main startup file: the backup is loaded, and the log says why', async () => {
  fs.rmSync(path.join(d.dataDir, 'flash', 'new.cfg'));
  await restart();
  assert.match(exec('display startup').stdout, /Current startup saved-configuration file: flash:\/startup\.cfg/);
  assert.match(exec('display current-configuration').stdout, / sysname Before/);
  assert.ok(logged('main startup file not loaded: flash:/new.cfg does not exist', 'flash:/new.cfg'));
});
