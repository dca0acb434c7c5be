// Loading configuration text must end whatever the text is: a banner whose closing delimiter never
// comes is abandoned, not waited for (serve --config would otherwise hang at start-up).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Device } from '../../src/device';
import { loadConfiguration } from '../../src/commands/load-config';
import { tempDir } from '../helpers/daemon';

test('a header without its closing delimiter does not hang the load; the lines before it apply', async () => {
  const device = new Device(tempDir());
  try {
    const result = await loadConfiguration(device, 'sysname LOADED\nheader motd %Line one\nline two\n');
    assert.equal(result.lines, 3);
    const settings = await device.settings();
    assert.equal(await settings.get('sysname'), 'LOADED');
    assert.equal(await settings.get('header.motd'), '');
  } finally {
    await device.close();
  }
});

test('a multi-line header with its delimiter is loaded whole', async () => {
  const device = new Device(tempDir());
  try {
    await loadConfiguration(device, 'header motd %\nWelcome\nto the lab\n%\nsysname LAB\n');
    const settings = await device.settings();
    assert.equal(await settings.get('header.motd'), 'Welcome\nto the lab\n');
    assert.equal(await settings.get('sysname'), 'LAB');
  } finally {
    await device.close();
  }
});

test('system-view lines kept in groups of their own load after a local-user block (the view falls through to them)', async () => {
  const device = new Device(tempDir());
  try {
    // Each line right after a local-user block, so each group is reached from local-user view.
    const lines = [' password-control length 12', ' info-center loghost 192.0.2.1', ' sftp server enable'];
    const text = [...lines.flatMap((l) => ['#', 'local-user ops', ' service-type ssh', '#', l]), '#', 'return', ''].join('\n');
    const result = await loadConfiguration(device, text, 'groups.cfg');
    assert.deepEqual(result.errors, []);
    const s = await (await device.settings()).all();
    assert.equal(s['sftp.server.enable'], true);
  } finally {
    await device.close();
  }
});
