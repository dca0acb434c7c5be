// Repositories over a real SQLite file: local users, SSH users, peer keys, blacklist.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { keyObjectToBlob } from '../../src/common/pubkey';
import { UserStoreError } from '../../src/store/errors';
import { Blacklist, LockPolicy, MAX_BLACKLIST_ROWS } from '../../src/store/blacklist';
import { openStore, repositories, testDevice } from './fixtures';

const store = openStore(testDevice().device);
const device = repositories(store);
after(async () => (await store).close());

const edKey = () => keyObjectToBlob(crypto.generateKeyPairSync('ed25519').publicKey);
const code = (e: unknown) => (e as UserStoreError).code;

test('local users: create, defaults, update, service types, delete', async () => {
  const users = await device.users();
  const u = await users.create('bob', { level: 2, serviceTypes: ['terminal', 'ssh', 'ssh'] });
  assert.equal(u.level, 2);
  assert.deepEqual(u.serviceTypes, ['ssh', 'terminal']);
  assert.equal(u.state, 'active');
  assert.equal(u.mustChangePassword, false);
  assert.equal(u.passwordHash, null);
  assert.ok(u.createdAt > 0 && u.updatedAt >= u.createdAt);
  await assert.rejects(users.create('bob'), (e) => code(e) === 'exists');
  await assert.rejects(users.create('all'), (e) => code(e) === 'invalid');
  await assert.rejects(users.create('x', { level: 4 }), (e) => code(e) === 'invalid');
  await assert.rejects(users.create('y', { serviceTypes: ['web' as never] }), (e) => code(e) === 'invalid');
  assert.equal(await users.get('x'), undefined, 'nothing written on refusal');

  const v = await users.update('bob', { state: 'block', mustChangePassword: true, level: 0 });
  assert.equal(v.state, 'block');
  assert.equal(v.mustChangePassword, true);
  assert.equal(v.level, 0);
  assert.deepEqual((await users.addServiceTypes('bob', ['telnet'])).serviceTypes, ['ssh', 'terminal', 'telnet']);
  assert.deepEqual((await users.removeServiceTypes('bob', ['ssh'])).serviceTypes, ['terminal', 'telnet']);
  await assert.rejects(users.update('nobody', { level: 1 }), (e) => code(e) === 'not-found');

  const e = await users.ensure('carol');
  assert.equal(e.created, true);
  assert.equal((await users.ensure('carol')).created, false);
  assert.deepEqual((await users.list()).map((x) => x.name), ['bob', 'carol']);
  assert.equal(await users.count(), 2);
  assert.equal(await users.delete('carol'), true);
  assert.equal(await users.delete('carol'), false);
});

test('SSH users: authentication type, service type, key assignment', async () => {
  const ssh = await device.sshUsers();
  const keys = await device.keys();
  const u = await ssh.ensure('dave');
  assert.equal(u.authType, null);
  assert.equal(u.serviceType, 'stelnet');
  assert.deepEqual(u.keys, []);
  assert.equal((await ssh.setAuthType('dave', 'password-publickey')).authType, 'password-publickey');
  await assert.rejects(ssh.setAuthType('dave', 'kerberos' as never), (e) => code(e) === 'invalid');
  assert.equal((await ssh.setServiceType('dave', 'sftp')).serviceType, 'sftp');
  await assert.rejects(ssh.assignKey('dave', 'nokey'), (e) => code(e) === 'not-found');

  await keys.add('k1', edKey(), 'first');
  await keys.add('k2', edKey());
  assert.deepEqual((await ssh.assignKey('dave', 'k1')).keys, ['k1']);
  assert.deepEqual((await ssh.assignKey('dave', 'k2')).keys, ['k1', 'k2']);
  assert.deepEqual((await ssh.assignKey('dave', 'k2', { replace: true })).keys, ['k2']);
  assert.deepEqual((await keys.assignedTo('dave')).map((k) => k.name), ['k2']);
  assert.deepEqual(await keys.usersOf('k2'), ['dave']);
  // An assigned key cannot be deleted, an unassigned one can.
  await assert.rejects(keys.delete('k2'), (e) => code(e) === 'in-use');
  assert.equal(await keys.delete('k1'), true);
  assert.equal(await ssh.unassignKey('dave'), 1);
  assert.equal(await keys.delete('k2'), true);
  // Deleting the SSH user drops its assignments with it.
  await keys.add('k3', edKey());
  await ssh.assignKey('dave', 'k3');
  assert.equal(await ssh.delete('dave'), true);
  assert.deepEqual(await keys.usersOf('k3'), []);
});

test('public keys: stored with algorithm and fingerprint; invalid blobs refused', async () => {
  const keys = await device.keys();
  const blob = edKey();
  const k = await keys.add('pk', blob, 'me@host');
  assert.equal(k.algorithm, 'ssh-ed25519');
  assert.match(k.fingerprint, /^SHA256:[A-Za-z0-9+/]{43}$/);
  assert.deepEqual(k.blob, blob);
  await assert.rejects(keys.add('pk', blob), (e) => code(e) === 'exists');
  const again = await keys.add('pk', edKey(), 'new', { replace: true });
  assert.notDeepEqual(again.blob, blob);
  await assert.rejects(keys.add('junk', Buffer.from('nonsense')), (e) => code(e) === 'invalid');
  await assert.rejects(keys.add('bad name', blob), (e) => code(e) === 'invalid');
  assert.equal(await keys.get('junk'), undefined);
});

const POLICY: LockPolicy = { enabled: true, attempts: 3, exceed: 'lock-time', lockMinutes: 2 };

test('blacklist: counts per user and address, locks at the limit, lock-time runs out, success clears', async () => {
  const bl = await device.blacklist();
  const t0 = 1_000_000_000_000;
  assert.equal((await bl.recordFailure('eve', '10.0.0.1', POLICY, t0)).lockedNow, false);
  assert.equal((await bl.recordFailure('eve', '10.0.0.1', POLICY, t0 + 1)).failures, 2);
  const third = await bl.recordFailure('eve', '10.0.0.1', POLICY, t0 + 2);
  assert.equal(third.lockedNow, true);
  assert.equal(third.lockUntil, t0 + 2 + 120_000);
  assert.equal(await bl.isLocked('eve', '10.0.0.1', t0 + 3), true);
  assert.equal(await bl.isLocked('eve', '10.0.0.2', t0 + 3), false, 'another address is not locked');
  assert.equal((await bl.recordFailure('eve', '10.0.0.1', POLICY, t0 + 4)).lockedNow, false, 'already locked');
  assert.equal(await bl.isLocked('eve', '10.0.0.1', t0 + 2 + 120_000), false, 'lock-time over');
  // After the lock ran out, counting starts afresh.
  const after = await bl.recordFailure('eve', '10.0.0.1', POLICY, t0 + 200_000);
  assert.deepEqual([after.failures, after.lockedNow], [1, false]);
  assert.equal(await bl.recordSuccess('eve', '10.0.0.1'), true);
  assert.equal(await bl.get('eve', '10.0.0.1'), undefined);
});

test('blacklist: lock stays until reset; unlock never locks; re-evaluation follows the policy', async () => {
  const bl = await device.blacklist();
  const lock: LockPolicy = { ...POLICY, exceed: 'lock' };
  for (let i = 0; i < 3; i++) await bl.recordFailure('fred', '10.0.0.9', lock);
  const e = await bl.get('fred', '10.0.0.9', Date.now() + 10 * 365 * 86_400_000);
  assert.equal(e?.locked, true);
  assert.equal(e?.lockUntil, null);

  const unlock: LockPolicy = { ...POLICY, exceed: 'unlock' };
  for (let i = 0; i < 5; i++) await bl.recordFailure('gina', '10.0.0.9', unlock);
  assert.deepEqual([(await bl.get('gina', '10.0.0.9'))?.failures, await bl.isLocked('gina', '10.0.0.9')], [5, false]);

  // Raising login-attempt above fred's count unlocks; lowering it below gina's (with lock) locks.
  await bl.reevaluate({ ...lock, attempts: 10 });
  assert.equal(await bl.isLocked('fred', '10.0.0.9'), false);
  await bl.reevaluate({ ...lock, attempts: 4 });
  assert.equal(await bl.isLocked('gina', '10.0.0.9'), true);
  assert.equal(await bl.isLocked('fred', '10.0.0.9'), false);
  await bl.reevaluate({ ...lock, enabled: false });
  assert.equal(await bl.isLocked('gina', '10.0.0.9'), false);

  assert.deepEqual((await bl.list({ address: '10.0.0.9' })).map((x) => x.user), ['fred', 'gina']);
  assert.equal(await bl.reset({ user: 'fred' }), 1);
  assert.equal(await bl.reset(), 1);
  assert.deepEqual(await bl.list(), []);
});

test('blacklist: the table is capped, locked entries kept', async () => {
  const bl = await device.blacklist();
  const store = await device.store();
  await bl.recordFailure('locked', '1.1.1.1', { ...POLICY, attempts: 1, exceed: 'lock' }, 1);
  await store.transaction(async (t) => {
    for (let i = 0; i < MAX_BLACKLIST_ROWS; i++) {
      await t.run('INSERT INTO blacklist (user, address, failures, updated_at) VALUES (?, ?, 1, ?)', [`u${i}`, '2.2.2.2', 10 + i]);
    }
  });
  await bl.recordFailure('newest', '3.3.3.3', POLICY);
  const n = (await store.get<{ n: number }>('SELECT count(*) AS n FROM blacklist'))!.n;
  assert.equal(n, MAX_BLACKLIST_ROWS);
  assert.equal(await bl.isLocked('locked', '1.1.1.1'), true);
  assert.ok(await bl.get('newest', '3.3.3.3'));
  assert.equal(await bl.get('u0', '2.2.2.2'), undefined);
  await bl.reset();
});

test('blacklist: a table full of locks evicts expired locks oldest first, then the oldest lock; a new offender is still locked', async () => {
  const bl = await device.blacklist();
  const store = await device.store();
  const now = 1_000_000_000_000;
  const timed: LockPolicy = { ...POLICY, attempts: 2, exceed: 'lock-time', lockMinutes: 5 };
  await store.transaction(async (t) => {
    for (let i = 0; i < MAX_BLACKLIST_ROWS; i++) {
      // Every row a lock: the first ten ran out (lock_until in the past), the rest are active.
      const until = i < 10 ? now - 1000 + i : now + 60_000;
      await t.run('INSERT INTO blacklist (user, address, failures, locked, lock_until, updated_at) VALUES (?, ?, 3, 1, ?, ?)', [
        `u${i}`, '2.2.2.2', until, 10 + i,
      ]);
    }
  });
  await bl.recordFailure('admin', '9.9.9.9', timed, now);
  const out = await bl.recordFailure('admin', '9.9.9.9', timed, now);
  assert.equal(out.lockedNow, true, 'the lock list still locks when full');
  assert.equal(await bl.isLocked('admin', '9.9.9.9', now), true);
  assert.equal(await bl.get('u0', '2.2.2.2', now), undefined, 'the oldest expired lock went first');
  assert.ok(await bl.get('u1', '2.2.2.2', now), 'one row per new entry');
  assert.ok(await bl.get('u10', '2.2.2.2', now), 'active locks kept while expired ones remain');
  // Ten more offenders locked at once: nine evict the rest of the expired locks, the tenth the oldest active lock.
  for (let i = 0; i < 10; i++) await bl.recordFailure(`new${i}`, '8.8.8.8', { ...timed, attempts: 1 }, now);
  assert.ok(await bl.get('new0', '8.8.8.8', now), 'a fresh lock is not the one evicted');
  assert.equal(await bl.get('u10', '2.2.2.2', now), undefined, 'then the oldest active lock');
  assert.ok(await bl.get('new9', '8.8.8.8', now));
  const n = (await store.get<{ n: number }>('SELECT count(*) AS n FROM blacklist'))!.n;
  assert.equal(n, MAX_BLACKLIST_ROWS);
  await bl.reset();
});

test('blacklist: made-up user names cost one row per address, never lock, and are not listed', async () => {
  const bl = await device.blacklist();
  const store = await device.store();
  const strict: LockPolicy = { ...POLICY, attempts: 1, exceed: 'lock' };
  for (let i = 0; i < 50; i++) await bl.recordUnknownUserFailure('7.7.7.7', strict);
  const rows = await store.all<{ user: string; failures: number; locked: number }>("SELECT user, failures, locked FROM blacklist WHERE address = '7.7.7.7'");
  assert.deepEqual(rows, [{ user: '', failures: 50, locked: 0 }]);
  assert.deepEqual(await bl.list({ address: '7.7.7.7' }), []);
  await bl.reevaluate(strict);
  assert.equal((await store.get<{ locked: number }>("SELECT locked FROM blacklist WHERE address = '7.7.7.7'"))!.locked, 0);
  await bl.reset();
});

test('blacklist: failures that arrive together are written in a few transactions, each with its own outcome', async () => {
  const s = await store;
  const bl = new Blacklist(s);
  const original = s.transaction.bind(s);
  let commits = 0;
  s.transaction = ((fn: never) => (commits++, original(fn))) as typeof s.transaction;
  try {
    const strict: LockPolicy = { ...POLICY, attempts: 2, exceed: 'lock' };
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) => bl.recordFailure(`burst${i % 100}`, '6.6.6.6', strict)));
    assert.ok(commits <= 4, `${commits} transactions for 200 failures`);
    assert.equal(outcomes.filter((o) => o.lockedNow).length, 100, 'every second failure of each name locks it');
    assert.equal(await bl.isLocked('burst7', '6.6.6.6'), true);
  } finally {
    s.transaction = original;
  }
  await bl.reset();
});
