// password-control's password commands (§10): each setting and its undo, the feature switches, the
// display, and the device's refusals on the CLI paths (local-user password, own password, super password, super).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withStore } from '../store/fixtures';
import { cli, systemCli } from '../helpers/cli';

const row = (out: string, label: string) => out.split('\n').find((l) => l.startsWith(` ${label}`))?.slice(39);

test('aging, length, composition, history and their super forms: set, shown, undone; ranges checked', async () => {
  const c = await systemCli();
  try {
    await c.run('password-control aging 30\npassword-control length 12\npassword-control composition type-number 3 type-length 2\npassword-control history 10');
    let out = await c.run('display password-control');
    assert.equal(row(out, 'Password aging:'), 'Enabled (30 days)');
    assert.equal(row(out, 'Password length:'), 'Enabled (12 characters)');
    assert.equal(row(out, 'Password composition:'), 'Enabled (3 types, 2 characters per type)');
    assert.equal(row(out, 'Password history:'), 'Enabled (max history records:10)');
    await c.run('undo password-control length enable\nundo password-control aging enable');
    out = await c.run('display password-control');
    assert.equal(row(out, 'Password length:'), 'Disabled');
    assert.equal(row(out, 'Password aging:'), 'Disabled');
    await c.run('password-control length enable\npassword-control aging enable');
    await c.run('undo password-control aging\nundo password-control length\nundo password-control composition\nundo password-control history');
    out = await c.run('display password-control');
    assert.equal(row(out, 'Password aging:'), 'Enabled (90 days)');
    assert.equal(row(out, 'Password composition:'), 'Enabled (1 types, 1 characters per type)');
    const s = await (await c.device.settings()).all();
    assert.equal(s['password-control.length'], 10);
    assert.equal(s['password-control.history'], 4);
    await c.run('password-control super aging 10\npassword-control super length 16\npassword-control super composition type-number 2');
    const t = await (await c.device.settings()).all();
    assert.deepEqual(
      [t['password-control.super.aging'], t['password-control.super.length'], t['password-control.super.composition.type-number'], t['password-control.super.composition.type-length']],
      [10, 16, 2, 1],
    );
    await c.run('undo password-control super aging\nundo password-control super length\nundo password-control super composition');
    assert.equal((await (await c.device.settings()).all())['password-control.super.length'], 0);
    for (const bad of ['password-control aging 0', 'password-control aging 366', 'password-control length 3', 'password-control length 33', 'password-control composition type-number 5', 'password-control history 1', 'password-control history 16', 'password-control super length 40']) {
      assert.match(await c.run(bad), /% Wrong parameter found at '\^' position\./, bad);
    }
  } finally {
    await c.dispose();
  }
});

test('refusals on the CLI: local-user password simple and asked, the own password, super password, an expired super password', async () => {
  const setup = await systemCli();
  try {
    assert.equal(await setup.run('local-user bob\npassword simple abc'), 'New local user added.\n% The password must contain at least 10 characters.\n');
    assert.match(await setup.run('password\nabc\nabc'), /% The password must contain at least 10 characters\./);
    await setup.run('password simple Bob-passwd-1\nservice-type ssh\nquit');
    await setup.run('password-control composition type-number 3');
    assert.match(await setup.run('local-user bob\npassword simple bobpasswordx\nquit'), /% The password must contain at least 3 of the character types/);
    const bob = await cli({ userName: 'bob', level: 1, userInterface: 'vty 0' }, setup.device);
    assert.match(await bob.run('password\nBob-passwd-1\n1\n1'), /% The password must contain at least 10 characters; the password is unchanged\./);
    assert.match(await bob.run('password\nBob-passwd-1\nBob-passwd-1\nBob-passwd-1'), /% New password must differ from the old one; the password is unchanged\./);
    assert.match(await bob.run('password\nBob-passwd-1\nBob-passwd-2\nBob-passwd-2'), /The password has been changed\./);
    assert.match(await bob.run('password\nBob-passwd-2\nBob-passwd-1\nBob-passwd-1'), /% The new password must differ from the current one and the 4 before it; the password is unchanged\./);
    assert.match(await setup.run('super password level 3 simple Short-1'), /% The password must contain at least 10 characters\./);
    await setup.run('password-control super length 4\npassword-control super composition type-number 1');
    await setup.run('super password level 3 simple Sup3');
    // An expired super password is replaced at `super` before the level changes.
    await withStore(setup.device, (s) => s.run("UPDATE password_history SET set_at = 0 WHERE subject = ':super3'"));
    let out = await bob.run('super 3\nSup3\nNew-super-3\nOther-one-3');
    assert.match(out, /The super password has expired\. For security reasons, you need to change it\./);
    assert.match(out, /% The two passwords do not match; the privilege level is unchanged\./);
    assert.equal(bob.engine.currentLevel, 1);
    out = await bob.run('super 3\nSup3\nNew\nNew');
    assert.match(out, /% The password must contain at least 4 different characters; the privilege level is unchanged|% The password must contain at least 4 characters; the privilege level is unchanged/);
    out = await bob.run('super 3\nSup3\nNew-super-3\nNew-super-3');
    assert.match(out, /User privilege level is 3/);
    assert.equal(await setup.device.superPasswords.verify(3, 'New-super-3'), true);
    assert.equal(await setup.device.superPasswords.expired(3), false);
  } finally {
    await setup.dispose();
  }
});
