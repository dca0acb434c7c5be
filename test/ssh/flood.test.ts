// Issue 16, the attacks that used to shut the administrator out, against the real daemon and the real
// OpenSSH client on loopback. Outcomes only: how long the admin waits is measured by
// scripts/bench/flood.ts, never asserted here.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { adminRetry, closeAll, holdStalled, reopeners } from '../../scripts/bench/attackers';
import { startDaemon, TestDaemon, tempDir } from '../helpers/daemon';
import { addKey, addUser, makeKey } from '../helpers/users';

let d: TestDaemon;
let key: string;

before(async () => {
  const keys = tempDir('wx3000-flood-');
  key = makeKey(keys, 'ed25519');
  // A short key-exchange deadline: stalled connections are closed (and their sources penalised) within the test.
  d = await startDaemon({ args: ['--log-level', 'verbose'], env: { WX3000_KEX_DEADLINE_MS: '5000' } });
  addUser(d.dataDir, 'ops', { level: 3 });
  addKey(d.dataDir, 'ops', key);
});
after(async () => {
  await d.stop();
});

const login = (from: string) => adminRetry({ port: d.port, key, user: 'ops', from, giveUpMs: 20000 });
const addresses = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}.${i + 1}`);

test('the first login from an address makes it known, across restarts', async () => {
  const r = await login('127.0.0.1');
  assert.ok(r.ok, r.output);
  const known = JSON.parse(fs.readFileSync(`${d.dataDir}/known-sources.json`, 'utf8')) as { address: string }[];
  assert.deepEqual(known.map((k) => k.address), ['127.0.0.1']);
});

test('500 stalled connections from 50 addresses: a known and a never-seen admin both get in', async () => {
  const held = await holdStalled(d.port, addresses('127.1.0', 50), 500);
  try {
    // The daemon works through the accept queue; then at most the 10 + 4 pre-auth slots stay held.
    let open = held.length;
    for (let i = 0; i < 100 && open > 14; i++) {
      await new Promise((r) => setTimeout(r, 100));
      open = held.filter((s) => !s.destroyed).length;
    }
    assert.ok(open <= 14, `at most the 10 + 4 pre-auth slots are held, not ${open}`);
    for (let i = 0; i < 3; i++) {
      const known = await login('127.0.0.1');
      assert.ok(known.ok, `known admin, try ${i}: ${known.output}`);
      const stranger = await login(`127.2.${i}.1`);
      assert.ok(stranger.ok, `never-seen admin, try ${i}: ${stranger.output}`);
    }
  } finally {
    await closeAll(held);
  }
});

test('10 attackers reopening stalled connections: admins still get in; the attackers end up penalised', async () => {
  // Each reopens 100 ms after its close: a refused attacker retries at once otherwise, and this file shares the machine with others.
  const attack = reopeners(d.port, addresses('127.3.0', 10), 10, 100);
  try {
    await new Promise((r) => setTimeout(r, 1500));
    for (let i = 0; i < 3; i++) {
      const known = await login('127.0.0.1');
      assert.ok(known.ok, `known admin, try ${i}: ${known.output}`);
      const stranger = await login(`127.4.${i}.1`);
      assert.ok(stranger.ok, `never-seen admin, try ${i}: ${stranger.output}`);
    }
    // Each deadline that closes a stalled connection costs its source 10 s; from 15 s it is refused at accept.
    let shown = '';
    for (let i = 0; i < 15 && !/Penalised sources : [1-9]/.test(shown); i++) {
      await new Promise((r) => setTimeout(r, 1000));
      shown = (await adminRetry({ port: d.port, key, user: 'ops', from: '127.0.0.1', giveUpMs: 10000, command: 'display ssh server status' })).output;
    }
    assert.match(shown, /Penalised sources : [1-9]/);
    assert.match(shown, /^ {3}127\.3\.0\.(0\/24|\d+) +\d+ second\(s\)/m);
    assert.match(shown, /SSH connections refused : [1-9]\d* \(.*penalised \d+/);
    const before = attack.opened;
    await new Promise((r) => setTimeout(r, 1000));
    assert.ok(attack.opened - before > 0, 'the attackers are still at it');
    assert.equal(d.proc.exitCode, null);
  } finally {
    await attack.stop();
  }
});

test('refusals and stalls are summarised per source, not logged one by one', async () => {
  // The summary comes at most 10 s after the attack; one line per source and window.
  for (let i = 0; i < 120 && !/connection noise source=127\.3\.0/.test(d.stderr()); i++) await new Promise((r) => setTimeout(r, 100));
  assert.match(d.stderr(), /connection noise source=127\.3\.0\.(\d+|0\/24) seconds=10 .*(refused-penalised|kex-deadline)=\d+/);
  assert.match(d.stderr(), /connection noise source=127\.1\.0\.\d+ seconds=10 .*refused-full=\d+/);
  const lines = d.stderr().split('\n').filter((l) => l.includes('connection noise'));
  assert.ok(lines.length < 200, `${lines.length} summary lines for thousands of refusals`);
  assert.doesNotMatch(d.stderr(), /connection refused before authentication/, 'no line per refusal at verbose');
});

test('after the floods every login record is still in audit.log and in display logbuffer', async () => {
  const logins = (d.stderr().match(/info: login succeeded user=ops/g) ?? []).length;
  assert.ok(logins >= 13, `${logins} logins so far`);
  const buffer = await adminRetry({ port: d.port, key, user: 'ops', from: '127.0.0.1', giveUpMs: 20000, command: 'display logbuffer' });
  assert.ok(buffer.ok, buffer.output);
  // The logbuffer's own exec is a login too: at least every earlier one is listed.
  assert.ok((buffer.output.match(/SHELL\/6\/LOGIN: login succeeded user=ops/g) ?? []).length >= logins, buffer.output.slice(-2000));
  assert.match(buffer.output, /SSH\/4\/CONN_NOISE: connection noise source=/);
  const audit = fs.readFileSync(`${d.dataDir}/audit.log`, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { message: string; digest?: string });
  assert.ok(audit.filter((r) => r.message === 'login succeeded').length >= logins);
  assert.deepEqual([...new Set(audit.map((r) => r.digest))].sort(), ['LOGIN', 'LOGOUT'], 'nothing but audit records');
});
