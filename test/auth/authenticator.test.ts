// The authentication policy end to end over a real database: types, partial success, key queries,
// signatures, lockout (persisted across a restart), and one answer for every kind of failure.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import winston from 'winston';
import Transport from 'winston-transport';
import { Authenticator, AuthConnState, AuthRequest, AuthResult, newConnState } from '../../src/auth/authenticator';
import { PasswordHasher } from '../../src/common/password-hash';
import { KdfQueue } from '../../src/common/kdf-queue';
import { keyObjectToBlob } from '../../src/common/pubkey';
import { wireString } from '../../src/common/ssh-wire';
import { Device } from '../../src/device';
import { ensureInitialAdmin } from '../../src/device/first-boot';
import { CountingQueue, TEST_COST, tempDir, withStore } from '../store/fixtures';

class Collect extends Transport {
  records: Record<string, unknown>[] = [];
  override log(info: Record<string, unknown>, next: () => void): void {
    this.records.push(info);
    next();
  }
}

const dir = tempDir('wx3000-auth-');
const queue = new CountingQueue(2);
const hasher = new PasswordHasher(TEST_COST, queue);
let device = new Device(path.join(dir, 'var'), { passwords: hasher });
const sink = new Collect();
const log = winston.createLogger({ level: 'debug', transports: [sink] });
let auth = new Authenticator(device, log);
after(() => device.close());

interface Pair {
  blob: Buffer;
  priv: crypto.KeyObject;
}
function keyPair(): Pair {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  return { blob: keyObjectToBlob(publicKey), priv: privateKey };
}
const aliceKey = keyPair();
const bobKey = keyPair();
const carolKey = keyPair();
const danKey = keyPair();
const strangerKey = keyPair();

const PW: Record<string, string> = {
  alice: 'alice password 1',
  bob: 'bob password 1',
  carol: 'carol password 1',
  dan: 'dan password 1',
  blocked: 'blocked password 1',
  nossh: 'nossh password 1',
};

before(async () => {
  const acc = await device.accounts();
  const both = ['ssh', 'terminal'] as const;
  await acc.createUser('alice', { level: 2, serviceTypes: both, password: PW.alice });
  await acc.createUser('bob', { level: 1, serviceTypes: both, password: PW.bob, authType: 'publickey' });
  await acc.createUser('carol', { level: 3, serviceTypes: both, password: PW.carol, authType: 'password-publickey' });
  await acc.createUser('dan', { level: 0, serviceTypes: both, password: PW.dan, authType: 'all' });
  await acc.createUser('blocked', { serviceTypes: both, password: PW.blocked });
  await acc.createUser('nossh', { serviceTypes: ['terminal'], password: PW.nossh });
  await (await device.userAdmin()).setState('blocked', 'block');
  for (const [user, k] of [['alice', aliceKey], ['bob', bobKey], ['carol', carolKey], ['dan', danKey]] as const) {
    await acc.addUserKey(user, { algorithm: 'ssh-ed25519', blob: k.blob, comment: '' });
  }
  await auth.ready();
});

const pw = (user: string, password: string): AuthRequest => ({ user, method: 'password', password });
const query = (user: string, k: Pair): AuthRequest => ({ user, method: 'publickey', key: { algo: 'ssh-ed25519', blob: k.blob } });
function signed(user: string, k: Pair, tamper = false): AuthRequest {
  const data = crypto.randomBytes(64);
  const sig = crypto.sign(null, data, k.priv);
  if (tamper) data[0] ^= 1;
  return {
    user,
    method: 'publickey',
    key: { algo: 'ssh-ed25519', blob: k.blob },
    signature: { data, sig: Buffer.concat([wireString('ssh-ed25519'), wireString(sig)]) },
  };
}
/** What the client can observe of a result. */
const wire = (r: AuthResult) => ({ outcome: r.outcome, methods: r.methods });
const FAIL = { outcome: 'failure', methods: ['publickey', 'password'] };
let addr = 0;
const conn = (): AuthConnState => newConnState(`192.0.2.${++addr}`);

test('none: the same method list for everybody, and it does not count', async () => {
  for (const user of ['alice', 'bob', 'nobody', 'blocked']) {
    const r = await auth.attempt(conn(), { user, method: 'none' });
    assert.deepEqual(wire(r), FAIL);
    assert.equal(r.counts, false);
  }
});

test('password: success gives the level; a wrong one counts', async () => {
  const c = conn();
  const bad = await auth.attempt(c, pw('alice', 'nope'));
  assert.deepEqual(wire(bad), FAIL);
  assert.equal(bad.counts, true);
  assert.equal(c.failures, 1);
  const ok = await auth.attempt(c, pw('alice', PW.alice));
  assert.equal(ok.outcome, 'success');
  assert.equal(ok.level, 2);
  assert.equal(ok.mustChangePassword, false);
  assert.equal(ok.serviceType, 'stelnet');
  assert.equal(ok.counts, false);
  assert.equal(c.failures, 1);
});

test('every kind of failure gets the same answer and costs exactly one KDF run', async () => {
  // Lock alice for one address first.
  const lockedConn = conn();
  for (let i = 0; i < 3; i++) await auth.attempt(lockedConn, pw('alice', 'wrong'));
  const cases: Array<[string, AuthConnState, AuthRequest]> = [
    ['unknown user', conn(), pw('nobody', 'x')],
    ['wrong password', conn(), pw('alice', 'wrong')],
    ['blocked user', conn(), pw('blocked', PW.blocked)],
    ['no ssh service', conn(), pw('nossh', PW.nossh)],
    ['locked pair, right password', newConnState(lockedConn.address), pw('alice', PW.alice)],
    ['password not allowed (publickey-only)', conn(), pw('bob', PW.bob)],
  ];
  for (const [label, c, req] of cases) {
    const before = queue.runs;
    const r = await auth.attempt(c, req);
    assert.deepEqual(wire(r), FAIL, label);
    assert.equal(r.counts, true, label);
    assert.equal(queue.runs - before, 1, `${label}: KDF runs`);
  }
});

test('publickey: a query says key-ok only for an assigned key; a signature is verified', async () => {
  const c = conn();
  const ok = await auth.attempt(c, query('bob', bobKey));
  assert.equal(ok.outcome, 'key-ok');
  assert.equal(ok.counts, false);
  const other = await auth.attempt(c, query('bob', strangerKey));
  assert.deepEqual(wire(other), FAIL);
  assert.equal(other.counts, true);
  assert.deepEqual(wire(await auth.attempt(c, query('nobody', bobKey))), FAIL);
  assert.deepEqual(wire(await auth.attempt(c, query('blocked', bobKey))), FAIL);
  assert.deepEqual(wire(await auth.attempt(c, signed('bob', bobKey, true))), FAIL);
  assert.deepEqual(wire(await auth.attempt(c, signed('bob', strangerKey))), FAIL);
  const mislabelled = { ...query('bob', bobKey), key: { algo: 'ssh-rsa', blob: bobKey.blob } };
  assert.deepEqual(wire(await auth.attempt(c, mislabelled)), FAIL);
  const done = await auth.attempt(c, signed('bob', bobKey));
  assert.equal(done.outcome, 'success');
  assert.equal(done.level, 1);
});

test('publickey: ECDSA as ssh2 hands it over (DER + sigAlgo) and RSA rsa-sha2-512; ssh-rsa refused', async () => {
  const acc = await device.accounts();
  const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  await acc.createUser('erin', { level: 1, serviceTypes: ['ssh'], authType: 'publickey' });
  const ecBlob = keyObjectToBlob(ec.publicKey);
  const rsaBlob = keyObjectToBlob(rsa.publicKey);
  await acc.addUserKey('erin', { algorithm: 'ecdsa-sha2-nistp256', blob: ecBlob, comment: '' });
  await acc.addUserKey('erin', { algorithm: 'ssh-rsa', blob: rsaBlob, comment: '' });
  const data = crypto.randomBytes(32);
  const c = conn();
  const ecReq: AuthRequest = {
    user: 'erin',
    method: 'publickey',
    key: { algo: 'ecdsa-sha2-nistp256', blob: ecBlob },
    signature: { data, sig: crypto.sign('sha256', data, ec.privateKey), sigAlgo: 'ecdsa-sha2-nistp256' },
  };
  assert.equal((await auth.attempt(c, ecReq)).outcome, 'success');
  const rsaSig = (hash: string, name: string): AuthRequest => ({
    user: 'erin',
    method: 'publickey',
    key: { algo: 'ssh-rsa', blob: rsaBlob },
    signature: { data, sig: Buffer.concat([wireString(name), wireString(crypto.sign(hash, data, rsa.privateKey))]) },
  });
  assert.deepEqual(wire(await auth.attempt(conn(), rsaSig('sha1', 'ssh-rsa'))), FAIL);
  assert.equal((await auth.attempt(conn(), rsaSig('sha512', 'rsa-sha2-512'))).outcome, 'success');
});

test('password-publickey needs both, in either order; the first success is partial', async () => {
  const c1 = conn();
  const p1 = await auth.attempt(c1, signed('carol', carolKey));
  assert.deepEqual(wire(p1), { outcome: 'partial', methods: ['password'] });
  assert.equal(p1.counts, false);
  assert.deepEqual(wire(await auth.attempt(c1, pw('carol', 'wrong'))), { outcome: 'failure', methods: ['password'] });
  const s1 = await auth.attempt(c1, pw('carol', PW.carol));
  assert.equal(s1.outcome, 'success');
  assert.equal(s1.level, 3);

  const c2 = conn();
  assert.deepEqual(wire(await auth.attempt(c2, pw('carol', PW.carol))), { outcome: 'partial', methods: ['publickey'] });
  assert.equal((await auth.attempt(c2, query('carol', carolKey))).outcome, 'key-ok');
  assert.equal((await auth.attempt(c2, signed('carol', carolKey))).outcome, 'success');

  // A new user name starts over: carol's partial success does not carry to dan's or back.
  const c3 = conn();
  await auth.attempt(c3, pw('carol', PW.carol));
  await auth.attempt(c3, { user: 'dan', method: 'none' });
  assert.deepEqual(wire(await auth.attempt(c3, signed('carol', carolKey))), { outcome: 'partial', methods: ['password'] });
});

test('all accepts either method; the default takes password, and publickey once a key is assigned', async () => {
  assert.equal((await auth.attempt(conn(), pw('dan', PW.dan))).outcome, 'success');
  assert.equal((await auth.attempt(conn(), signed('dan', danKey))).outcome, 'success');
  assert.equal((await auth.attempt(conn(), signed('alice', aliceKey))).outcome, 'success');
  const acc = await device.accounts();
  await acc.createUser('frank', { serviceTypes: ['ssh'], password: 'frank password' });
  assert.deepEqual(wire(await auth.attempt(conn(), signed('frank', aliceKey))), FAIL);
  assert.equal((await auth.attempt(conn(), pw('frank', 'frank password'))).outcome, 'success');
  assert.deepEqual(wire(await auth.attempt(conn(), { user: 'frank', method: 'keyboard-interactive' })), FAIL);
});

test('lockout: N failures lock user+address, another address still works, a restart keeps the lock', async () => {
  const acc = await device.accounts();
  await acc.createUser('gary', { level: 1, serviceTypes: ['ssh', 'terminal'], password: 'gary password' });
  const a = newConnState('198.51.100.7');
  for (let i = 0; i < 3; i++) assert.deepEqual(wire(await auth.attempt(a, pw('gary', 'bad'))), FAIL);
  assert.ok(sink.records.some((r) => r.message === 'user locked' && r.user === 'gary'));
  assert.deepEqual(wire(await auth.attempt(newConnState('198.51.100.7'), pw('gary', 'gary password'))), FAIL);
  assert.equal((await auth.attempt(newConnState('198.51.100.8'), pw('gary', 'gary password'))).outcome, 'success');
  // The console is never locked.
  assert.equal((await auth.attempt(newConnState('console'), pw('gary', 'gary password'))).outcome, 'success');

  await device.close();
  device = new Device(path.join(dir, 'var'), { passwords: hasher });
  auth = new Authenticator(device, log);
  assert.deepEqual(wire(await auth.attempt(newConnState('198.51.100.7'), pw('gary', 'gary password'))), FAIL);
  const entry = await (await device.blacklist()).get('gary', '198.51.100.7');
  assert.equal(entry?.locked, true);
  assert.ok(entry!.lockUntil! > Date.now());

  // When the lock time is over the right password works again and clears the entry.
  await withStore(device, (s) => s.transaction((t) => t.run("UPDATE blacklist SET lock_until = 1 WHERE user = 'gary'")));
  assert.equal((await auth.attempt(newConnState('198.51.100.7'), pw('gary', 'gary password'))).outcome, 'success');
  assert.equal(await (await device.blacklist()).get('gary', '198.51.100.7'), undefined);
});

test('lockout: a success resets the count; exceed lock holds until reset; unlock never locks', async () => {
  const acc = await device.accounts();
  await acc.createUser('hank', { serviceTypes: ['ssh'], password: 'hank password' });
  const ip = '203.0.113.1';
  for (let i = 0; i < 2; i++) await auth.attempt(newConnState(ip), pw('hank', 'bad'));
  assert.equal((await auth.attempt(newConnState(ip), pw('hank', 'hank password'))).outcome, 'success');
  for (let i = 0; i < 2; i++) await auth.attempt(newConnState(ip), pw('hank', 'bad'));
  assert.equal((await auth.attempt(newConnState(ip), pw('hank', 'hank password'))).outcome, 'success');

  const settings = await device.settings();
  await settings.set('password-control.exceed', 'lock');
  await settings.set('password-control.login-attempt', 2);
  for (let i = 0; i < 2; i++) await auth.attempt(newConnState(ip), pw('hank', 'bad'));
  await withStore(device, (s) => s.transaction((t) => t.run('UPDATE blacklist SET updated_at = 0')));
  assert.deepEqual(wire(await auth.attempt(newConnState(ip), pw('hank', 'hank password'))), FAIL);
  assert.equal(await (await device.blacklist()).reset({ user: 'hank' }), 1);
  assert.equal((await auth.attempt(newConnState(ip), pw('hank', 'hank password'))).outcome, 'success');

  await settings.set('password-control.exceed', 'unlock');
  for (let i = 0; i < 5; i++) await auth.attempt(newConnState(ip), pw('hank', 'bad'));
  assert.equal((await auth.attempt(newConnState(ip), pw('hank', 'hank password'))).outcome, 'success');
  await settings.reset('password-control.exceed');
  await settings.reset('password-control.login-attempt');
});

test('password-control disabled: failures are neither counted nor locked', async () => {
  const settings = await device.settings();
  await settings.set('password-control.enable', false);
  try {
    await (await device.accounts()).createUser('jill', { serviceTypes: ['ssh'], password: 'jill password' });
    const ip = '203.0.113.50';
    for (let i = 0; i < 5; i++) assert.deepEqual(wire(await auth.attempt(newConnState(ip), pw('jill', 'bad'))), FAIL);
    assert.equal(await (await device.blacklist()).get('jill', ip), undefined);
    assert.equal((await auth.attempt(newConnState(ip), pw('jill', 'jill password'))).outcome, 'success');
  } finally {
    await settings.reset('password-control.enable');
  }
});

test('first boot admin must change the password; the change clears the flag', async () => {
  const d2 = new Device(path.join(tempDir('wx3000-boot-'), 'var'), { passwords: hasher });
  try {
    const a2 = new Authenticator(d2, log);
    const password = await ensureInitialAdmin(d2);
    assert.ok(password);
    const r = await a2.attempt(conn(), pw('admin', password));
    assert.equal(r.outcome, 'success');
    assert.equal(r.level, 3);
    assert.equal(r.mustChangePassword, true);
    const acc = await d2.accounts();
    assert.equal((await acc.changePassword('admin', 'wrong', 'new admin pw')).ok, false);
    assert.equal((await acc.changePassword('admin', password, password)).ok, false);
    assert.deepEqual(await acc.changePassword('admin', password, 'new admin pw'), { ok: true });
    const r2 = await a2.attempt(conn(), pw('admin', 'new admin pw'));
    assert.equal(r2.mustChangePassword, false);
    assert.deepEqual(wire(await a2.attempt(conn(), pw('admin', password))), FAIL);
  } finally {
    await d2.close();
  }
});

test('an old-cost hash is replaced after a successful login', async () => {
  const old = await new PasswordHasher({ ln: 11, r: 8, p: 1 }).hash('ivy pw');
  await (await device.accounts()).createUser('ivy', { serviceTypes: ['ssh'] });
  await (await device.accounts()).setPasswordHash('ivy', old);
  assert.equal((await auth.attempt(conn(), pw('ivy', 'ivy pw'))).outcome, 'success');
  for (let i = 0; i < 100; i++) {
    const h = (await (await device.users()).get('ivy'))!.passwordHash!;
    if (h !== old) {
      assert.match(h, /ln=10,/);
      return;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail('not rehashed');
});

test('the log has every outcome with a reason and never a password', async () => {
  const text = JSON.stringify(sink.records);
  for (const p of [...Object.values(PW), 'gary password', 'hank password', 'new admin pw']) assert.ok(!text.includes(p), p);
  const messages = new Set(sink.records.map((r) => r.message));
  for (const m of ['login succeeded', 'login failed', 'authentication partially succeeded', 'user locked']) {
    assert.ok(messages.has(m), m);
  }
  assert.ok(sink.records.some((r) => r.message === 'login failed' && r.reason === 'locked'));
  assert.ok(sink.records.some((r) => r.message === 'login failed' && r.reason === 'unknown user'));
});

test('an overloaded KDF queue gives a plain failure, not an exception', async () => {
  const queue = new KdfQueue(1, 0);
  const busy = new Device(path.join(dir, 'var'), { passwords: new PasswordHasher(TEST_COST, queue) });
  try {
    const a = new Authenticator(busy, log);
    await a.ready();
    // Hold the only slot until the second attempt has been answered, whatever the machine's load.
    let release: () => void = () => undefined;
    const held = queue.run(() => new Promise<void>((r) => (release = r)));
    const second = await a.attempt(conn(), pw('alice', PW.alice));
    release();
    await held;
    assert.deepEqual(wire(second), FAIL);
    assert.equal(second.reason, 'password checks overloaded');
    assert.equal((await a.attempt(conn(), pw('alice', PW.alice))).outcome, 'success');
  } finally {
    await busy.close();
  }
});

test('attempt() says when the retries are used up: the N-th counted failure, never a none or a success', async () => {
  const c = newConnState(`192.0.2.${++addr}`, 2);
  assert.equal((await auth.attempt(c, { user: 'alice', method: 'none' })).disconnect, undefined);
  assert.equal((await auth.attempt(c, pw('alice', 'nope'))).disconnect, undefined);
  assert.equal((await auth.attempt(c, { user: 'alice', method: 'none' })).disconnect, undefined);
  const last = await auth.attempt(c, { user: 'alice', method: 'keyboard-interactive' });
  assert.deepEqual([last.counts, last.disconnect, c.failures], [true, true, 2]);
});

test('a password-change request nobody asked for (no plain password) fails and counts', async () => {
  const c = conn();
  const r = await auth.attempt(c, { user: 'alice', method: 'password' });
  assert.deepEqual(wire(r), FAIL);
  assert.deepEqual([r.counts, r.reason], [true, 'password change not supported']);
});
