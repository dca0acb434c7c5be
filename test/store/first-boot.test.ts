import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureInitialAdmin, randomPassword } from '../../src/device/first-boot';
import { testDevice } from './fixtures';

test('first boot creates admin with a one-time password in a 0600 file, once', async () => {
  const { device } = testDevice();
  try {
    const password = await ensureInitialAdmin(device);
    assert.ok(password);
    assert.match(password, /^[1-9A-HJ-NP-Za-km-z]{16}$/);
    const file = device.paths.initialAdminPassword;
    assert.equal(fs.readFileSync(file, 'utf8'), password + '\n');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(fs.readdirSync(path.dirname(file)).filter((f) => f.endsWith('.tmp')), []);
    const admin = (await (await device.users()).get('admin'))!;
    assert.equal(admin.level, 3);
    assert.deepEqual(admin.serviceTypes, ['ssh', 'terminal']);
    assert.equal(admin.mustChangePassword, true);
    assert.equal(admin.state, 'active');
    assert.ok(!admin.passwordHash!.includes(password));
    assert.equal(await device.passwords.verify(password, admin.passwordHash), true);
    assert.equal(await ensureInitialAdmin(device), undefined, 'second start does nothing');
    assert.equal(fs.readFileSync(file, 'utf8'), password + '\n');
  } finally {
    await device.close();
  }
});

test('first boot does nothing when users exist', async () => {
  const { device } = testDevice();
  try {
    await (await device.accounts()).createUser('bob', { level: 1 });
    assert.equal(await ensureInitialAdmin(device), undefined);
    assert.equal(await (await device.users()).get('admin'), undefined);
    assert.equal(fs.existsSync(device.paths.initialAdminPassword), false);
  } finally {
    await device.close();
  }
});

test('random passwords differ and use the whole alphabet', () => {
  const seen = new Set<string>();
  const chars = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const p = randomPassword();
    seen.add(p);
    for (const c of p) chars.add(c);
  }
  assert.equal(seen.size, 200);
  assert.equal(chars.size, 58);
  for (const c of '0OIl') assert.ok(!chars.has(c));
});
