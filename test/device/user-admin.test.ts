// The one user-deletion path: everything of the user goes in one transaction, keys stay, and the
// last manager stays unless forced.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { keyObjectToBlob } from '../../src/common/pubkey';
import { LAST_MANAGER } from '../../src/device/user-admin';
import { testDevice } from '../store/fixtures';

const { device } = testDevice();
after(() => device.close());

test('remove takes the local user, its SSH user and blacklist entries; the key stays', async () => {
  const acc = await device.accounts();
  await acc.createUser('boss', { level: 3, serviceTypes: ['ssh'], password: 'boss password' });
  await acc.createUser('temp', { level: 1, serviceTypes: ['ssh'], password: 'temp password', authType: 'all' });
  const blob = keyObjectToBlob(crypto.generateKeyPairSync('ed25519').publicKey);
  const key = await acc.addUserKey('temp', { algorithm: 'ssh-ed25519', blob, comment: '' });
  const policy = { enabled: true, attempts: 3, exceed: 'lock-time' as const, lockMinutes: 1 };
  await (await device.blacklist()).recordFailure('temp', '192.0.2.1', policy);

  const admin = await device.userAdmin();
  assert.equal(await admin.remove('temp'), true);
  assert.equal(await (await device.users()).get('temp'), undefined);
  assert.equal(await (await device.sshUsers()).get('temp'), undefined);
  assert.deepEqual(await (await device.blacklist()).list({ user: 'temp' }), []);
  assert.ok(await (await device.keys()).get(key.name), 'peer keys are configuration of their own');
  assert.equal(await admin.remove('temp'), false, 'absent');
});

test('the last manager is refused, and removed only when forced', async () => {
  const admin = await device.userAdmin();
  await assert.rejects(admin.remove('boss'), (err: Error) => err.message === LAST_MANAGER);
  assert.ok(await (await device.users()).get('boss'));
  assert.equal(await admin.remove('boss', { force: true }), true);
  assert.equal(await (await device.users()).count(), 0);
});
