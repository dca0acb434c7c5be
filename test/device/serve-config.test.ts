// The boot (issue 17): every start builds the running configuration from `<data-dir>/startup.cfg`,
// else from `serve --config FILE` (the factory configuration), else from the defaults; the first-boot
// admin is made only when that leaves no user. Unsaved changes are gone after a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Device } from '../../src/device';
import { startDaemon, tempDir } from '../helpers/daemon';

const CONFIG = ['#', ' sysname Loaded-1', '#', 'local-user ops', ' authorization-attribute level 3', ' service-type ssh', '#', ' ssh server timeout 30', '#', 'return', ''].join('\n');

async function settingsOf(dir: string): Promise<{ sysname: string; timeout: number; users: string[] }> {
  const d = new Device(dir);
  try {
    const s = await d.settings();
    return {
      sysname: await s.get('sysname'),
      timeout: await s.get('ssh.server.timeout'),
      users: (await (await d.users()).list()).map((u) => u.name),
    };
  } finally {
    await d.close();
  }
}

test('--config is the factory configuration: used while nothing is saved, so no one-time admin is made', async () => {
  const root = tempDir();
  const dataDir = path.join(root, 'var');
  const file = path.join(root, 'site.cfg');
  fs.writeFileSync(file, CONFIG);
  try {
    const d = await startDaemon({ dataDir, args: ['--config', file] });
    assert.doesNotMatch(d.stdout(), /one-time password/);
    await d.stop();
    assert.deepEqual(await settingsOf(dataDir), { sysname: 'Loaded-1', timeout: 30, users: ['ops'] });
    // Nothing was saved: the next start boots from the factory file again, whatever it says now.
    fs.writeFileSync(file, CONFIG.replace('Loaded-1', 'Other-2'));
    const again = await startDaemon({ dataDir, args: ['--config', file] });
    await again.stop();
    assert.equal((await settingsOf(dataDir)).sysname, 'Other-2');
    // A saved configuration wins over the factory file.
    fs.writeFileSync(path.join(dataDir, 'startup.cfg'), CONFIG.replace('Loaded-1', 'Saved-3'));
    const third = await startDaemon({ dataDir, args: ['--config', file] });
    await third.stop();
    assert.equal((await settingsOf(dataDir)).sysname, 'Saved-3');
    const log = fs.readFileSync(path.join(dataDir, 'wx3000.log'), 'utf8').split('\n');
    assert.ok(log.some((l) => l.includes('configuration loaded') && l.includes('"role":"startup"')), 'the boot logs which step it took');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a start loads startup.cfg from the data directory; changes made in the database without save are gone', async () => {
  const dataDir = tempDir();
  fs.writeFileSync(path.join(dataDir, 'startup.cfg'), CONFIG);
  try {
    const d = await startDaemon({ dataDir });
    await d.stop();
    assert.equal((await settingsOf(dataDir)).sysname, 'Loaded-1');
    const dev = new Device(dataDir);
    await (await dev.settings()).set('sysname', 'UNSAVED');
    await dev.close();
    const again = await startDaemon({ dataDir });
    await again.stop();
    assert.equal((await settingsOf(dataDir)).sysname, 'Loaded-1');
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
