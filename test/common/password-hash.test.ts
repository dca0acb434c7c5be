import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KdfBusyError, KdfQueue } from '../../src/common/kdf-queue';
import { DEFAULT_COST, isValidHash, MAX_PASSWORD_BYTES, parseHash, PasswordHasher, PasswordTooLongError } from '../../src/common/password-hash';
import { CountingQueue, TEST_COST } from '../store/fixtures';

const FORMAT = /^\$scrypt\$ln=(\d+),r=8,p=1\$([A-Za-z0-9+/]{22}==)\$([A-Za-z0-9+/]{43}=)$/;

test('the default cost is N=2^15, r=8, p=1 and the string carries it (one real-cost hash)', async () => {
  assert.deepEqual(DEFAULT_COST, { ln: 15, r: 8, p: 1 });
  const h = new PasswordHasher();
  const hash = await h.hash('correct horse');
  const m = FORMAT.exec(hash);
  assert.ok(m, hash);
  assert.equal(m[1], '15');
  assert.equal(Buffer.from(m[2], 'base64').length, 16);
  assert.equal(await h.verify('correct horse', hash), true);
  assert.equal(h.needsRehash(hash), false);
});

test('verify: right, wrong, empty, unicode; salts differ', async () => {
  const h = new PasswordHasher(TEST_COST);
  const a = await h.hash('pässwörd ✓');
  const b = await h.hash('pässwörd ✓');
  assert.notEqual(a, b);
  assert.equal(await h.verify('pässwörd ✓', a), true);
  assert.equal(await h.verify('pässwörd ✓', b), true);
  assert.equal(await h.verify('passwörd ✓', a), false);
  assert.equal(await h.verify('', a), false);
});

test('a hash made with other parameters verifies and asks for a rehash', async () => {
  const old = await new PasswordHasher({ ln: 11, r: 8, p: 1 }).hash('pw');
  const h = new PasswordHasher(TEST_COST);
  assert.equal(await h.verify('pw', old), true);
  assert.equal(h.needsRehash(old), true);
  assert.equal(h.needsRehash(await h.hash('pw')), false);
  assert.equal(h.needsRehash('garbage'), true);
});

test('passwords over 1024 bytes are refused without any KDF run', async () => {
  const q = new CountingQueue();
  const h = new PasswordHasher(TEST_COST, q);
  const stored = await h.hash('x');
  const runs = q.runs;
  const long = 'é'.repeat(MAX_PASSWORD_BYTES / 2 + 1); // 1026 bytes, 513 characters
  await assert.rejects(h.hash(long), PasswordTooLongError);
  assert.equal(await h.verify(long, stored), false);
  assert.equal(await h.verifyDummy(long), false);
  assert.equal(q.runs, runs);
  assert.equal(await h.verify('a'.repeat(MAX_PASSWORD_BYTES), stored), false); // exactly 1024 is hashed
  assert.equal(q.runs, runs + 1);
});

test('missing or malformed stored hashes cost one KDF run, like a real one', async () => {
  const q = new CountingQueue();
  const h = new PasswordHasher(TEST_COST, q);
  await h.warm();
  const before = q.runs;
  assert.equal(await h.verify('pw', null), false);
  assert.equal(await h.verify('pw', '$scrypt$ln=15,r=8,p=1$bad'), false);
  assert.equal(await h.verifyDummy('pw'), false);
  assert.equal(q.runs, before + 3);
});

test('stored parameters outside safe bounds are not trusted', () => {
  const salt = Buffer.alloc(16).toString('base64');
  const hash = Buffer.alloc(32).toString('base64');
  assert.ok(isValidHash(`$scrypt$ln=15,r=8,p=1$${salt}$${hash}`));
  assert.equal(parseHash(`$scrypt$ln=30,r=8,p=1$${salt}$${hash}`), undefined);
  assert.equal(parseHash(`$scrypt$ln=15,r=99,p=1$${salt}$${hash}`), undefined);
  assert.equal(parseHash(`$scrypt$ln=15,r=8,p=1$${salt}`), undefined);
  assert.equal(parseHash(`$2b$10$abc`), undefined);
});

test('the KDF queue runs at most two jobs at once, in order', async () => {
  const q = new KdfQueue(2);
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  const job = (i: number) => async () => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, 5));
    running--;
    order.push(i);
    return i;
  };
  const results = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => q.run(job(i))));
  assert.deepEqual(results, [0, 1, 2, 3, 4, 5]);
  assert.equal(peak, 2);
  assert.equal(q.active, 0);
  assert.equal(q.queued, 0);
});

test('real scrypt calls through one hasher never exceed two at once', async () => {
  const q = new KdfQueue(2);
  const h = new PasswordHasher(TEST_COST, q);
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, q.active)), 0);
  await Promise.all(Array.from({ length: 8 }, (_, i) => h.hash(`pw${i}`)));
  clearInterval(timer);
  assert.ok(peak <= 2, `peak ${peak}`);
});

test('a full waiting list refuses at once instead of growing without bound', async () => {
  const q = new KdfQueue(1, 1);
  let release!: () => void;
  const blocker = q.run(() => new Promise<void>((r) => (release = r)));
  const waiter = q.run(async () => 'second');
  await assert.rejects(q.run(async () => 'third'), KdfBusyError);
  release();
  await blocker;
  assert.equal(await waiter, 'second');
});
