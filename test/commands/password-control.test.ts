// password-control (§10) and super password (§4): settings, blacklist display and reset, the super hook.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, systemCli } from '../helpers/cli';

test('login-attempt with each exceed action, undo, ranges, display', async () => {
  const c = await systemCli();
  try {
    await c.run('password-control login-attempt 5 exceed lock');
    assert.deepEqual(await c.device.lockPolicy(), { enabled: true, attempts: 5, exceed: 'lock', lockMinutes: 1 });
    await c.run('password-control login-attempt 4 exceed lock-time 30');
    assert.deepEqual(await c.device.lockPolicy(), { enabled: true, attempts: 4, exceed: 'lock-time', lockMinutes: 30 });
    assert.equal(
      await c.run('display password-control'),
      [
        ' Global password control configurations:',
        ' Password control:                     Enabled',
        ' Password aging:                       Enabled (90 days)',
        ' Password length:                      Enabled (10 characters)',
        ' Password composition:                 Enabled (1 types, 1 characters per type)',
        ' Password history:                     Enabled (max history records:4)',
        ' Early notice on password expiration:  7 days',
        ' Maximum login attempts:               4',
        ' Action for exceeding login attempts:  Lock user for 30 minutes',
        ' Minimum interval between two updates: 0 hours',
        ' User account idle time:               0 days',
        ' Logins with aged password:            0 times in 30 days',
        ' Password complexity:                  Disabled (username checking)',
        '                                       Disabled (repeated characters checking)',
        '',
      ].join('\n'),
    );
    await c.run('password-control login-attempt 6 exceed unlock');
    assert.equal((await c.device.lockPolicy()).exceed, 'unlock');
    for (const bad of ['password-control login-attempt 1', 'password-control login-attempt 11', 'password-control login-attempt 3 exceed lock-time 361']) {
      assert.match(await c.run(bad), /% Wrong parameter found at '\^' position\./, bad);
    }
    await c.run('undo password-control login-attempt');
    assert.deepEqual(await c.device.lockPolicy(), { enabled: true, attempts: 3, exceed: 'lock-time', lockMinutes: 1 });
    await c.run('undo password-control enable');
    assert.equal((await c.device.lockPolicy()).enabled, false);
  } finally {
    await c.dispose();
  }
});

test('blacklist: display, re-evaluation on policy change, reset with confirmation', async () => {
  const c = await cli();
  try {
    const bl = await c.device.blacklist();
    const policy = await c.device.lockPolicy();
    await bl.recordFailure('test', '192.168.44.1', policy);
    for (let i = 0; i < 3; i++) await bl.recordFailure('jj', '192.168.44.3', policy);
    assert.equal(
      await c.run('display password-control blacklist'),
      [
        ' Blacklist items matched: 2.',
        ' Username: jj',
        '    IP: 192.168.44.3    Login failures: 3      Lock flag: lock',
        ' Username: test',
        '    IP: 192.168.44.1    Login failures: 1      Lock flag: unlock',
        '',
      ].join('\n'),
    );
    assert.match(await c.run('display password-control blacklist user-name test'), /items matched: 1\.\n Username: test\n/);
    await c.run('system-view\npassword-control login-attempt 5\nreturn');
    assert.equal(await bl.isLocked('jj', '192.168.44.3'), false, 'more attempts allowed: unlocked at once');
    assert.match(await c.run('reset password-control blacklist user-name jj\nn'), /Are you sure to delete the specified user in blacklist\? \[Y\/N\]:/);
    assert.equal((await bl.list()).length, 2, 'N keeps the entries');
    await c.run('reset password-control blacklist user-name jj\ny');
    assert.deepEqual((await bl.list()).map((e) => e.user), ['test']);
    assert.match(await c.run('reset password-control blacklist\ny'), /delete all the users in blacklist/);
    assert.equal((await bl.list()).length, 0);
  } finally {
    await c.dispose();
  }
});

test('super password: stored as a hash, shown as hash, used by super; undo removes it', async () => {
  const setup = await systemCli();
  await setup.run('super password level 3 simple Sup3r-passw0rd');
  const hash = await setup.device.superPasswords.hash(3);
  assert.match(hash, /^\$scrypt\$/);
  assert.match(await setup.run('display current-configuration | include super'), new RegExp(` super password level 3 hash ${hash.replace(/[$+/]/g, '\\$&')}`));
  const vty = await cli({ userName: 'bob', level: 1, userInterface: 'vty 0' }, setup.device);
  try {
    const bad = await vty.run('super\nwrong1\nwrong2\nwrong3');
    assert.match(bad, /% Password is not correct\./);
    assert.equal(vty.engine.currentLevel, 1);
    const ok = await vty.run('super\nSup3r-passw0rd');
    assert.match(ok, /User privilege level is 3/);
    assert.equal(vty.engine.currentLevel, 3);
    await setup.run('super password level 2 hash ' + hash);
    assert.equal(await setup.device.superPasswords.hash(2), hash);
    await setup.run('undo super password');
    assert.equal(await setup.device.superPasswords.isSet(3), false);
    await vty.run('super 1');
    assert.match(await vty.run('super 3'), /% Password is not set\./);
    assert.match(await setup.run('super password level 3 hash nothash'), /% Not a valid password hash\./);
  } finally {
    await setup.dispose();
  }
});
