// password-control's password policy (§10) over a real database: the rules, every Accounts path,
// history kept as hashes only, aging at login, super passwords, and the one-time password's file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import winston from 'winston';
import { Authenticator, newConnState } from '../../src/auth/authenticator';
import { ensureInitialAdmin } from '../../src/device/first-boot';
import { PasswordRules, shapeProblem } from '../../src/device/password-policy';
import { testDevice, withStore } from '../store/fixtures';

const DAY = 24 * 3600 * 1000;
const silent = winston.createLogger({ silent: true });
const ON: PasswordRules = { enabled: true, minLength: 10, types: 1, typeLength: 1, history: 4, agingDays: 90 };

test('rules: length, composition, the base rule without the length feature, nothing when control is off', () => {
  assert.equal(shapeProblem(ON, 'abc'), 'the password must contain at least 10 characters');
  assert.equal(shapeProblem(ON, 'abcdefghij'), undefined);
  const three = { ...ON, types: 3, typeLength: 2 };
  assert.match(shapeProblem(three, 'abcdefghij12')!, /at least 3 of the character types .* at least 2 characters of each/);
  assert.match(shapeProblem(three, 'abcdefghij12A')!, /at least 3/, 'one uppercase letter is not two');
  assert.equal(shapeProblem(three, 'abcdefghij12AB'), undefined);
  assert.equal(shapeProblem({ ...ON, types: 4, typeLength: 1 }, 'Abcdefgh1!'), undefined);
  assert.equal(shapeProblem({ ...ON, minLength: 0 }, 'aaaaab'), 'the password must contain at least 4 different characters');
  assert.equal(shapeProblem({ ...ON, minLength: 0, types: 0 }, 'abcd'), undefined);
  assert.equal(shapeProblem({ ...ON, enabled: false }, '1'), undefined);
});

test('every Accounts path is checked; history is the current password and the 4 before it, as hashes only', async () => {
  const { device } = testDevice();
  try {
    const acc = await device.accounts();
    await assert.rejects(acc.createUser('bob', { password: 'short' }), /at least 10 characters/);
    assert.equal(await (await device.users()).get('bob'), undefined, 'nothing created');
    await acc.createUser('bob', { level: 1, serviceTypes: ['ssh'], password: 'password-0' });
    await assert.rejects(acc.setPassword('bob', '1'), { name: 'UserStoreError', message: 'the password must contain at least 10 characters' });
    await assert.rejects(acc.setPassword('bob', 'password-0'), /must differ from the current one and the 4 before it/);
    for (let i = 1; i <= 5; i++) await acc.setPassword('bob', `password-${i}`);
    // password-5 is current; 1..4 are the history; 0 has dropped out.
    for (const old of ['password-1', 'password-4', 'password-5']) await assert.rejects(acc.setPassword('bob', old), /must differ/, old);
    assert.deepEqual(await acc.changePassword('bob', 'password-5', 'password-2'), {
      ok: false,
      reason: 'invalid',
      message: 'the new password must differ from the current one and the 4 before it',
    });
    assert.equal((await acc.changePassword('bob', 'password-5', 'abc')).ok, false);
    assert.deepEqual(await acc.changePassword('bob', 'password-5', 'password-0'), { ok: true });
    const rows = await withStore(device, (s) => s.all<{ subject: string; hash: string }>('SELECT subject, hash FROM password_history'));
    assert.ok(rows.length >= 7);
    for (const r of rows) {
      assert.match(r.hash, /^\$scrypt\$/);
      assert.doesNotMatch(JSON.stringify(r), /password-\d/, 'no plain text');
    }
    // With the history feature off, a password may be repeated.
    await (await device.settings()).set('password-control.history.enable', false);
    await acc.setPassword('bob', 'password-0x');
    await acc.setPassword('bob', 'password-0x');
  } finally {
    await device.close();
  }
});

test('aging: an expired password forces a change at a password login; the notice before', async () => {
  const { device } = testDevice();
  try {
    const acc = await device.accounts();
    await acc.createUser('eve', { level: 1, serviceTypes: ['ssh'], password: 'Eve-password-1' });
    const auth = new Authenticator(device, silent);
    const login = () => auth.attempt(newConnState('192.0.2.9'), { user: 'eve', method: 'password', password: 'Eve-password-1' });
    const age = (days: number) =>
      withStore(device, (s) => s.run("UPDATE password_history SET set_at = ? WHERE subject = 'eve'", [Date.now() - days * DAY]));
    let r = await login();
    assert.equal(r.outcome, 'success');
    assert.equal(r.passwordExpired, false);
    assert.equal(r.passwordDaysLeft, undefined);
    await age(85);
    r = await login();
    assert.equal(r.passwordExpired, false);
    assert.equal(r.passwordDaysLeft, 5, 'early notice within 7 days');
    await age(91);
    r = await login();
    assert.equal(r.passwordExpired, true);
    await (await device.settings()).set('password-control.aging', 120);
    assert.equal((await login()).passwordExpired, false, 'a longer aging time un-expires it');
    await (await device.settings()).set('password-control.aging', 30);
    await (await device.settings()).set('password-control.aging.enable', false);
    assert.equal((await login()).passwordExpired, false, 'aging switched off');
    await (await device.settings()).set('password-control.aging.enable', true);
    // The change at login resets the age.
    assert.deepEqual(await acc.changePassword('eve', 'Eve-password-1', 'Eve-password-2'), { ok: true });
    const r2 = await auth.attempt(newConnState('192.0.2.9'), { user: 'eve', method: 'password', password: 'Eve-password-2' });
    assert.equal(r2.passwordExpired, false);
  } finally {
    await device.close();
  }
});

test('super passwords: super length and composition, aging from password-control super aging', async () => {
  const { device } = testDevice();
  try {
    const settings = await device.settings();
    const supers = device.superPasswords;
    await assert.rejects(supers.set(3, 'short'), /at least 10 characters/, 'the global length by default');
    await settings.set('password-control.super.length', 16);
    await assert.rejects(supers.set(3, 'fifteen-chars-1'), /at least 16 characters/);
    await settings.set('password-control.super.composition.type-number', 3);
    await settings.set('password-control.super.composition.type-length', 1);
    await assert.rejects(supers.set(3, 'sixteen-chars-ab'), /at least 3 of the character types/);
    await supers.set(3, 'Sixteen-chars-ab');
    assert.equal(await supers.expired(3), false);
    await withStore(device, (s) => s.run("UPDATE password_history SET set_at = ? WHERE subject = ':super3'", [Date.now() - 91 * DAY]));
    assert.equal(await supers.expired(3), true, 'the global aging by default');
    await settings.set('password-control.super.aging', 100);
    assert.equal(await supers.expired(3), false);
    // The super rules are not the users' rules.
    await (await device.accounts()).createUser('ann', { password: 'ann-passwd' });
  } finally {
    await device.close();
  }
});

test('initial-admin-password is deleted once admin has another password, on any path', async () => {
  for (const change of ['own', 'set', 'hash'] as const) {
    const { device } = testDevice();
    try {
      const once = (await ensureInitialAdmin(device))!;
      const file = device.paths.initialAdminPassword;
      assert.ok(fs.existsSync(file));
      const acc = await device.accounts();
      assert.equal((await acc.changePassword('admin', once, 'abc')).ok, false);
      assert.ok(fs.existsSync(file), 'a refused change keeps it');
      await acc.createUser('bob', { password: 'Bob-password-1' });
      await acc.setPassword('bob', 'Bob-password-2');
      assert.ok(fs.existsSync(file), "another user's change keeps it");
      if (change === 'own') assert.deepEqual(await acc.changePassword('admin', once, 'Admin-password-1'), { ok: true });
      if (change === 'set') await acc.setPassword('admin', 'Admin-password-1');
      if (change === 'hash') await acc.setPasswordHash('admin', await device.passwords.hash('Admin-password-1'));
      assert.equal(fs.existsSync(file), false, change);
    } finally {
      await device.close();
    }
  }
});
