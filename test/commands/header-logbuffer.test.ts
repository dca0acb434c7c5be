// header (§12) delimiter rules, display logbuffer with config changes (secrets masked), display this.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, systemCli } from '../helpers/cli';

test('header: one-line, multi-line, prompted, only a delimiter, undo', async () => {
  const c = await systemCli();
  try {
    const s = await c.device.settings();
    await c.run('header motd %Authorised use only%');
    assert.equal(await s.get('header.motd'), 'Authorised use only');
    await c.run('header login #Line one\nline two\nline three# ignored');
    assert.equal(await s.get('header.login'), 'Line one\nline two\nline three');
    const asked = await c.run('header shell\nWelcome\nto the switch%');
    assert.match(asked, /^Please input banner content, and quit with the character '%'\./);
    assert.equal(await s.get('header.shell'), 'Welcome\nto the switch');
    assert.match(await c.run('header motd !\nbang!'), /quit with the character '!'/);
    assert.equal(await s.get('header.motd'), 'bang');
    await c.run('undo header motd\nundo header login');
    assert.equal(await s.get('header.motd'), '');
    assert.equal(await s.get('header.login'), '');
    const cfg = await c.run('display current-configuration');
    assert.match(cfg, /\n header shell %Welcome\nto the switch%\n/);
  } finally {
    await c.dispose();
  }
});

test('display logbuffer: header, config changes with user and command, passwords masked', async () => {
  const c = await systemCli({ userName: 'admin', userInterface: 'vty 1' });
  try {
    await c.run('sysname Core-1\nlocal-user bob\npassword simple Very-Secret-1\nquit\nsuper password simple Other-Secret-2');
    const out = await c.run('display logbuffer');
    assert.match(out, /^Logging buffer configuration and contents:enabled\nAllowed max buffer size : 1024\nActual buffer size : 1024\nChannel number : 4 , Channel name : logbuffer\nDropped messages : 0\nOverwritten messages : 0\nCurrent messages : 4\n/);
    assert.match(out, /\n%\w{3} \d\d \d\d:\d\d:\d\d:\d{3} \d{4} Core-1 SHELL\/6\/CMD: admin\(vty1\) ran command: sysname Core-1\n/);
    assert.match(out, /ran command: password simple \*{6}\n/);
    assert.match(out, /ran command: super password simple \*{6}\n/);
    assert.doesNotMatch(out, /Secret/);
    assert.doesNotMatch(out, /display logbuffer/, 'displays are not configuration changes');
  } finally {
    await c.dispose();
  }
});

test('display this in every view', async () => {
  const c = await cli();
  try {
    assert.equal(await c.run('display this'), '#\nreturn\n', 'user view has no section');
    await c.run('system-view\nsysname Edge\nheader motd %hi%');
    assert.equal(await c.run('display this'), '#\n sysname Edge\n header motd %hi%\n#\nreturn\n');
    await c.run('local-user bob\nservice-type ssh\nlevel 1');
    assert.equal(await c.run('display this'), '#\nlocal-user bob\n authorization-attribute level 1\n service-type ssh\n#\nreturn\n');
    await c.run('user-interface vty 0 4\nscreen-length 30');
    assert.equal(await c.run('display this'), '#\nuser-interface vty 0 4\n screen-length 30\n#\nreturn\n');
    await c.run('user-interface aux 0');
    assert.match(await c.run('display this'), /user-interface vty 0 4\n screen-length 30\n/);
    await c.run('public-key peer k1');
    assert.equal(await c.run('display this'), '#\nreturn\n', 'a key not stored yet has no section');
  } finally {
    await c.dispose();
  }
});
