// Admission before authentication, as pure logic with a hand-driven clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Admission, Slot } from '../../src/ssh/admission';
import { PENALTY_MAX_SECONDS, SourcePenalties, sourcePrefix } from '../../src/ssh/penalties';

function setup(known: string[] = []) {
  let t = 1_000_000;
  const clock = { now: () => t, advance: (ms: number) => (t += ms) };
  const set = new Set(known);
  const adm = new Admission({ has: (a) => set.has(a), get size() { return set.size; } }, { slots: 3, reserved: 1, perSource: 2, quietMs: 500 }, clock.now);
  const evicted: string[] = [];
  const admit = (address: string, name = address) => adm.admit(address, () => evicted.push(name));
  return { adm, clock, admit, evicted };
}

const isSlot = (s: unknown): s is Slot => typeof s === 'object' && s !== null && 'release' in s;

test('prefixes: /24 for IPv4, /64 for IPv6 (compressed forms expanded)', () => {
  assert.equal(sourcePrefix('192.0.2.77'), '192.0.2.0/24');
  assert.equal(sourcePrefix('2001:db8::1'), '2001:db8:0:0::/64');
  assert.equal(sourcePrefix('2001:db8:1:2:3:4:5:6'), '2001:db8:1:2::/64');
  assert.equal(sourcePrefix('::1'), '0:0:0:0::/64');
});

test('a full pool evicts the connection silent longest, not one mid-handshake; the newcomer gets in', () => {
  const { adm, clock, admit, evicted } = setup();
  const a = admit('10.0.0.1', 'a');
  clock.advance(100);
  const b = admit('10.0.1.1', 'b');
  clock.advance(100);
  const c = admit('10.0.2.1', 'c');
  assert.ok(isSlot(a) && isSlot(b) && isSlot(c));
  // All three spoke less than quietMs ago: nobody is evicted, the newcomer is refused.
  assert.deepEqual(admit('10.0.3.1'), { refused: 'full', detail: '3 unauthenticated connections, none idle' });
  clock.advance(1000);
  b.touch(); // b is handshaking
  a.progressed(); // a finished key exchange: never evicted
  const d = admit('10.0.3.1', 'd');
  assert.ok(isSlot(d));
  assert.deepEqual(evicted, ['c']);
  assert.equal(adm.stats().evicted, 1);
  assert.equal(adm.stats().general, 3);
});

test('per-source limit; released slots are reusable', () => {
  const { admit } = setup();
  const a1 = admit('10.0.0.1');
  const a2 = admit('10.0.0.1');
  assert.ok(isSlot(a1) && isSlot(a2));
  assert.equal((admit('10.0.0.1') as { refused: string }).refused, 'per-source');
  a1.release();
  a1.release(); // twice is harmless
  assert.ok(isSlot(admit('10.0.0.1')));
});

test('known addresses have reserved slots that strangers can neither take nor evict', () => {
  const { clock, admit, evicted } = setup(['192.0.2.10']);
  const held = ['10.0.0.1', '10.0.1.1', '10.0.2.1'].map((a) => admit(a));
  assert.ok(held.every(isSlot));
  const admin = admit('192.0.2.10');
  assert.ok(isSlot(admin));
  assert.equal(admin.pool, 'reserved');
  clock.advance(1000);
  admin.touch();
  clock.advance(1000);
  // The stranger evicts one of the general slots (silent longest), never the reserved one.
  assert.ok(isSlot(admit('10.0.3.1', 'stranger')));
  assert.deepEqual(evicted, ['10.0.0.1']);
});

test('penalties: stalls add up per address and per network; enforced from 15 s, for at most 10 min', () => {
  const { adm, admit } = setup(['10.9.9.9']);
  adm.penalise('10.0.0.1', 'kex-deadline'); // 10 s: under the minimum
  assert.ok(isSlot(admit('10.0.0.1')));
  adm.penalise('10.0.0.1', 'kex-deadline'); // 20 s
  const r = admit('10.0.0.1') as { refused: string; detail: string };
  assert.equal(r.refused, 'penalised');
  assert.match(r.detail, /^10\.0\.0\.1 penalised for 20 s$/);
  // Spread over a network: each address stays below the minimum, the /24 does not.
  for (let i = 10; i < 20; i++) adm.penalise(`10.0.0.${i}`, 'grace');
  const stranger = admit('10.0.0.200') as { refused: string; detail: string };
  assert.match(stranger.detail, /^10\.0\.0\.0\/24 penalised/);
  // A known address next door is judged by its own record.
  assert.ok(isSlot(admit('10.9.9.9')));
  assert.equal(adm.stats().refused.penalised, 2);
  assert.ok(adm.stats().penalised.some((p) => p.source === '10.0.0.0/24'));
});

test('penalties expire, are capped, and the table is bounded', () => {
  let t = 0;
  const p = new SourcePenalties(() => t);
  for (let i = 0; i < 100; i++) p.add('10.0.0.1', 'grace');
  assert.equal(p.blocked('10.0.0.1', false)?.seconds, PENALTY_MAX_SECONDS);
  t += PENALTY_MAX_SECONDS * 1000 + 1;
  assert.equal(p.blocked('10.0.0.1', false), undefined);
  for (let i = 0; i < 10_000; i++) p.add(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, 'evicted');
  assert.ok(p.size <= 4096, `entries ${p.size}`);
});
