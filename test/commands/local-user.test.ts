// local-user view (§7): creation, attributes, passwords, the last-manager guard, display, own password.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, systemCli } from '../helpers/cli';

test('local-user creates once, enters the view, and undo deletes', async () => {
  const c = await systemCli({ interactive: true });
  try {
    const out = await c.run('local-user bob');
    assert.match(out, /New local user added\.\r?\n\[WX3000-luser-bob\]$/);
    assert.ok(await (await c.device.users()).get('bob'));
    assert.doesNotMatch(await c.run('quit\nlocal-user bob'), /New local user/, 'existing user: no message');
    assert.equal(c.engine.currentView, 'luser');
    await c.run('undo local-user bob');
    assert.equal(c.engine.currentView, 'system', 'a system command falls through from the sub-view');
    assert.equal(await (await c.device.users()).get('bob'), undefined);
    assert.match(await c.run('undo local-user bob'), /% The local user bob does not exist\./);
  } finally {
    await c.dispose();
  }
});

test('attributes: password simple is hashed, service types add and remove, level, state', async () => {
  const c = await systemCli();
  try {
    await c.run('local-user bob\npassword simple S3cret!pass\nservice-type ssh\nservice-type terminal telnet\nauthorization-attribute level 2\nstate block');
    const users = await c.device.users();
    let bob = (await users.get('bob'))!;
    assert.ok(bob.passwordHash?.startsWith('$scrypt$'));
    assert.ok(!bob.passwordHash!.includes('S3cret'));
    assert.ok(await c.device.passwords.verify('S3cret!pass', bob.passwordHash));
    assert.deepEqual(bob.serviceTypes, ['ssh', 'terminal', 'telnet']);
    assert.equal(bob.level, 2);
    assert.equal(bob.state, 'block');
    await c.run('undo service-type telnet\nlevel 1\nstate active');
    bob = (await users.get('bob'))!;
    assert.deepEqual(bob.serviceTypes, ['ssh', 'terminal']);
    assert.equal(bob.level, 1);
    assert.equal(bob.state, 'active');
    assert.equal(await c.run('service-type ftp level 2'), '');
    assert.equal((await users.get('bob'))!.level, 2, 'V3 level alias');
    await c.run('undo authorization-attribute level');
    bob = (await users.get('bob'))!;
    assert.equal(bob.level, 0, 'undo → level 0');
    assert.ok(bob.serviceTypes.includes('ftp'));
    assert.match(await c.run('authorization-attribute level 4'), /% Wrong parameter found at '\^' position\./);
    const hash = bob.passwordHash!;
    await c.run('local-user carol\npassword hash ' + hash);
    assert.equal((await users.get('carol'))!.passwordHash, hash);
    assert.match(await c.run('password hash not-a-hash'), /% Not a valid password hash\./);
  } finally {
    await c.dispose();
  }
});

test('password alone asks twice without echo; a mismatch changes nothing', async () => {
  const c = await systemCli({ interactive: true });
  try {
    await c.run('local-user bob');
    const out = await c.run('password\nFirst-pass1\nFirst-pass1');
    assert.match(out, /Password:/);
    assert.doesNotMatch(out, /First-pass1/, 'never echoed');
    const users = await c.device.users();
    assert.ok(await c.device.passwords.verify('First-pass1', (await users.get('bob'))!.passwordHash));
    assert.match(await c.run('password\nOther-pass1\nOther-pass2'), /do not match/);
    assert.ok(await c.device.passwords.verify('First-pass1', (await users.get('bob'))!.passwordHash));
    assert.doesNotMatch(await c.run('display history-command'), /password/, 'password lines are not kept in the history');
  } finally {
    await c.dispose();
  }
});

test('the last active level-3 user with ssh cannot be deleted, blocked, lowered or lose ssh', async () => {
  const c = await systemCli();
  try {
    await c.run('local-user admin\nservice-type ssh\nauthorization-attribute level 3\nquit');
    for (const line of ['local-user admin\nstate block', 'local-user admin\nauthorization-attribute level 2', 'local-user admin\nundo service-type ssh', 'undo local-user admin']) {
      assert.match(await c.run(line), /% The last level-3 user with the SSH service cannot be deleted, blocked or lowered\./, line);
    }
    const admin = (await (await c.device.users()).get('admin'))!;
    assert.equal(admin.level, 3);
    assert.equal(admin.state, 'active');
    // With a second manager the first may go.
    await c.run('local-user root\nservice-type ssh\nlevel 3\nquit');
    assert.equal(await c.run('undo local-user admin'), '');
    assert.equal(await (await c.device.users()).get('admin'), undefined);
  } finally {
    await c.dispose();
  }
});

test('display local-user: V5 layout, filter, unknown name', async () => {
  const c = await systemCli();
  try {
    await c.run('local-user admin\nservice-type ssh terminal\nlevel 3\nlocal-user bob\nservice-type ssh');
    const out = await c.run('display local-user');
    assert.match(out, /^The contents of local user admin:\n State: {20}Active\n ServiceType: {14}ssh\/terminal\n/);
    assert.match(out, /  User Privilege: {10}3\n/);
    assert.match(out, /Total 2 local user\(s\) matched\.\n$/);
    const one = await c.run('display local-user user-name bob');
    assert.match(one, /The contents of local user bob:/);
    assert.doesNotMatch(one, /admin/);
    assert.match(await c.run('display local-user user-name nobody'), /% The local user nobody does not exist\./);
  } finally {
    await c.dispose();
  }
});

test('a user changes their own password from user view', async () => {
  const setup = await systemCli();
  await setup.run('local-user bob\npassword simple Old-passw-1\nservice-type ssh');
  const c = await cli({ userName: 'bob', level: 0, userInterface: 'vty 0' }, setup.device);
  try {
    const out = await c.run('password\nOld-passw-1\nNew-passw-2\nNew-passw-2');
    assert.match(out, /Old password:\nNew password:\nConfirm:\n/);
    assert.match(out, /The password has been changed\./);
    const bob = (await (await c.device.users()).get('bob'))!;
    assert.ok(await c.device.passwords.verify('New-passw-2', bob.passwordHash));
    assert.match(await c.run('password\nwrong\nX-passwd-3\nX-passwd-3'), /% The old password is wrong/);
    assert.match(await c.run('password\nNew-passw-2\nA-passwd-1\nB-passwd-1'), /do not match/);
  } finally {
    await setup.dispose();
  }
});
