// `netconf ssh server …`, `display netconf service` and `free user-interface netconf` on a console
// without a daemon: settings, undo, ranges, the configuration lines, and the offline messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { systemCli } from '../helpers/cli';

test('netconf ssh server enable / port: off and 830 by default, set, undo, range, configuration lines', async () => {
  const c = await systemCli();
  try {
    const settings = await c.device.settings();
    assert.equal(await settings.get('netconf.ssh.enable'), false);
    assert.equal(await c.run('display netconf service'), 'NETCONF over SSH: Disabled (port 830)\nActive sessions: 0\n');
    assert.doesNotMatch(await c.run('display current-configuration'), /netconf/);
    assert.equal(await c.run('netconf ssh server enable\nnetconf ssh server port 8300'), '');
    assert.equal(await settings.get('netconf.ssh.enable'), true);
    assert.equal(await settings.get('netconf.ssh.port'), 8300);
    assert.match(await c.run('display netconf service'), /^NETCONF over SSH: Enabled \(port 8300\)/);
    assert.match(await c.run('display current-configuration'), / netconf ssh server enable\n netconf ssh server port 8300\n/);
    assert.match(await c.run('netconf ssh server port 65536'), /% Wrong parameter found at '\^' position\./);
    await c.run('undo netconf ssh server port\nundo netconf ssh server enable');
    assert.equal(await settings.get('netconf.ssh.enable'), false);
    assert.equal(await settings.get('netconf.ssh.port'), 830);
  } finally {
    await c.dispose();
  }
});

test('free user-interface netconf N without such a session says so', async () => {
  const c = await systemCli();
  try {
    await c.run('return');
    assert.equal(await c.run('free user-interface netconf 3'), '% No NETCONF session 3 exists.\n');
  } finally {
    await c.dispose();
  }
});
