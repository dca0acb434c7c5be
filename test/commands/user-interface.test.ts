// User-interface views (§6): prompts, settings, the scheme rule for SSH, displays; sessions offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, systemCli } from '../helpers/cli';

test('views and prompts: vty range, single vty, aux and its console alias', async () => {
  const c = await systemCli({ interactive: true });
  try {
    assert.match(await c.run('user-interface vty 0 4'), /\[WX3000-ui-vty0-4\]$/);
    assert.match(await c.run('user-interface vty 1'), /\[WX3000-ui-vty1\]$/, 'falls through from the ui view');
    assert.match(await c.run('user-interface aux 0'), /\[WX3000-ui-aux0\]$/);
    assert.match(await c.run('user-interface console 0'), /\[WX3000-ui-aux0\]$/);
    assert.match(await c.run('user-interface vty 3 1'), /% The last user interface must not be lower than the first\./);
    assert.match(await c.run('user-interface vty 5'), /% Wrong parameter found/);
  } finally {
    await c.dispose();
  }
});

test('settings per kind, undo to defaults, ranges', async () => {
  const c = await systemCli();
  try {
    const s = await c.device.settings();
    await c.run('user-interface vty 0 4\nidle-timeout 5 30\nscreen-length 0\nhistory-command max-size 50\nuser privilege level 2');
    assert.equal(await s.get('ui.vty.idle-timeout'), 330, 'stored in seconds');
    assert.equal(await s.get('ui.vty.screen-length'), 0);
    assert.equal(await s.get('ui.vty.history-size'), 50);
    assert.equal(await s.get('ui.vty.privilege-level'), 2);
    await c.run('user-interface aux 0\nidle-timeout 0\nscreen-length 40\nauthentication-mode scheme');
    assert.equal(await s.get('ui.aux.idle-timeout'), 0);
    assert.equal(await s.get('ui.aux.screen-length'), 40);
    assert.equal(await s.get('ui.aux.authentication-mode'), 'scheme');
    assert.equal(await s.get('ui.vty.screen-length'), 0, 'aux does not touch vty');
    for (const bad of ['screen-length 513', 'history-command max-size 257', 'idle-timeout 1 60', 'user privilege level 4']) {
      assert.match(await c.run(bad), /% Wrong parameter found at '\^' position\./, bad);
    }
    assert.match(await c.run('protocol inbound ssh'), /% Unrecognized command/, 'protocol inbound is VTY only');
    await c.run('user-interface vty 0 4\nundo idle-timeout\nundo screen-length\nundo history-command max-size\nundo user privilege level');
    assert.equal(await s.get('ui.vty.idle-timeout'), 600);
    assert.equal(await s.get('ui.vty.screen-length'), 24);
    assert.equal(await s.get('ui.vty.history-size'), 10);
    assert.equal(await s.get('ui.vty.privilege-level'), 0);
  } finally {
    await c.dispose();
  }
});

test('SSH needs scheme: the combinations that would lock SSH out are refused', async () => {
  const c = await systemCli();
  try {
    const s = await c.device.settings();
    await c.run('user-interface vty 0 4');
    assert.equal(await c.run('authentication-mode password'), '% SSH protocol requires authentication mode scheme.\n');
    assert.equal(await s.get('ui.vty.authentication-mode'), 'scheme');
    await c.run('protocol inbound ssh');
    assert.equal(await s.get('ui.vty.protocol-inbound'), 'ssh');
    assert.match(await c.run('authentication-mode none'), /SSH protocol requires authentication mode scheme/);
    // Telnet only: no SSH to protect, so the mode may leave scheme; SSH may not come back without it.
    await c.run('protocol inbound telnet\nauthentication-mode password');
    assert.equal(await s.get('ui.vty.authentication-mode'), 'password');
    assert.match(await c.run('protocol inbound all'), /SSH protocol requires authentication mode scheme/);
    assert.match(await c.run('undo protocol inbound'), /SSH protocol requires authentication mode scheme/);
    await c.run('authentication-mode scheme\nundo protocol inbound');
    assert.equal(await s.get('ui.vty.protocol-inbound'), 'all');
  } finally {
    await c.dispose();
  }
});

test('display user-interface and display users on an offline console show this session', async () => {
  const c = await cli();
  try {
    const ui = await c.run('display user-interface');
    assert.match(ui, /^  Idx  Type     Tx\/Rx      Modem Privi Auth  Int\n\+ 0    AUX 0    9600       -     3     N     -\n  1    VTY 0               -     0     A     -\n/);
    assert.match(ui, /  5    VTY 4 /);
    assert.match(await c.run('display user-interface summary'), /User interface type : \[AUX\]\n   0:X\nUser interface type : \[VTY\]\n   1:UUUUU\n/);
    const users = await c.run('display users');
    assert.match(users, /^The user application information of the user interface\(s\):\n  Idx UI      Delay    Type Userlevel\n\+ 0   AUX 0   00:00:00      3\n/);
    assert.match(users, /AUX 0   :\n        User name: admin\n/);
    const all = await c.run('display users all');
    assert.match(all, /\n  5   VTY 4\n/);
  } finally {
    await c.dispose();
  }
});

test('free user-interface and send without the daemon: a clear refusal', async () => {
  const c = await cli({ userInterface: 'vty 0' });
  try {
    assert.match(await c.run('free user-interface vty 0'), /% The current user interface cannot be freed\./);
    assert.match(await c.run('free user-interface vty 1'), /% No user is logged in on user-interface vty1\./);
    assert.match(await c.run('send all'), /% No user interface can receive the message\./);
  } finally {
    await c.dispose();
  }
});
