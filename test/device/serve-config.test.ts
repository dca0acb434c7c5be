// `wx3000 serve --config FILE` fills an empty database before the first-boot admin; a configured
// database is left alone; `<data-dir>/startup.cfg` is loaded on a first start.
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

test('--config loads into an empty database, so no one-time admin is made', async () => {
  const root = tempDir();
  const dataDir = path.join(root, 'var');
  const file = path.join(root, 'site.cfg');
  fs.writeFileSync(file, CONFIG);
  try {
    const d = await startDaemon({ dataDir, args: ['--config', file] });
    assert.doesNotMatch(d.stdout(), /one-time password/);
    await d.stop();
    assert.deepEqual(await settingsOf(dataDir), { sysname: 'Loaded-1', timeout: 30, users: ['ops'] });
    // Second start with another file: the configured database wins.
    fs.writeFileSync(file, CONFIG.replace('Loaded-1', 'Other-2'));
    const again = await startDaemon({ dataDir, args: ['--config', file] });
    await again.stop();
    assert.equal((await settingsOf(dataDir)).sysname, 'Loaded-1');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a first start loads startup.cfg from the data directory', async () => {
  const dataDir = tempDir();
  fs.writeFileSync(path.join(dataDir, 'startup.cfg'), CONFIG);
  try {
    const d = await startDaemon({ dataDir });
    await d.stop();
    assert.equal((await settingsOf(dataDir)).sysname, 'Loaded-1');
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
