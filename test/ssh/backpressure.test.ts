// Issue 16: a user pushing bytes into a shell faster than the CLI reads them must not grow the daemon.
// The push is bounded (1 GiB or 12 s, whichever first); memory is read from /proc, not timed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { ClientChannel } from 'ssh2';
import { adminTry } from '../../scripts/bench/attackers';
import { startDaemon, TestDaemon, tempDir } from '../helpers/daemon';
import { keyClient } from '../helpers/key-client';
import { addKey, addUser, makeKey } from '../helpers/users';

let d: TestDaemon;
let key: string;

before(async () => {
  key = makeKey(tempDir('wx3000-push-'), 'ed25519');
  // As the firmware and `make run` start it (firmware/bin/wx3000): a small young generation.
  d = await startDaemon({ args: ['--log-level', 'info'], env: { NODE_OPTIONS: '--max-semi-space-size=1' } });
  addUser(d.dataDir, 'pusher', { level: 1 });
  addKey(d.dataDir, 'pusher', key);
  addUser(d.dataDir, 'ops', { level: 3 });
  addKey(d.dataDir, 'ops', key);
});
after(async () => {
  await d.stop();
});

function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return kb / 1024;
}

test('pushing up to 1 GiB into a shell without newlines keeps the daemon within 20 MB of idle', async (t) => {
  const c = await keyClient(d.port, 'pusher', key);
  c.on('error', () => undefined);
  const ch = await new Promise<ClientChannel>((resolve, reject) => c.shell({ term: 'vt100' }, (err, s) => (err ? reject(err) : resolve(s))));
  let out = '';
  ch.on('data', (b: Buffer) => (out = (out + b.toString('latin1')).slice(-4096)));
  for (let i = 0; i < 200 && !out.includes('<WX3000>'); i++) await new Promise((r) => setTimeout(r, 50));
  const pid = d.proc.pid!;
  // Warm: the admin's exec below must not count what a first exec loads (lazy modules, a CLI spare).
  const warm = await adminTry({ port: d.port, key, user: 'ops', from: '127.0.0.1', command: 'display clock' });
  assert.ok(warm.ok, warm.output);
  global.gc?.();
  await new Promise((r) => setTimeout(r, 500));
  const idle = rssMiB(pid);
  const chunk = Buffer.alloc(256 * 1024, 'x');
  let sent = 0;
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 100);
  const end = Date.now() + 12_000;
  try {
    while (sent < 1024 ** 3 && Date.now() < end) {
      sent += chunk.length;
      if (!ch.write(chunk)) await Promise.race([new Promise((r) => ch.once('drain', r)), new Promise((r) => setTimeout(r, 200))]);
    }
    // The daemon still answers while the push goes on.
    const admin = await adminTry({ port: d.port, key, user: 'ops', from: '127.0.0.1', command: 'display clock' });
    assert.ok(admin.ok, admin.output);
  } finally {
    clearInterval(sampler);
    c.end();
  }
  peak = Math.max(peak, rssMiB(pid));
  t.diagnostic(`daemon RSS ${idle.toFixed(1)} MiB idle, ${peak.toFixed(1)} MiB at most while ${(sent / 2 ** 20).toFixed(0)} MiB were offered`);
  assert.ok(sent >= 8 * 1024 * 1024, `the client could push (${sent} bytes)`);
  assert.ok(peak - idle < 20, `daemon RSS ${idle.toFixed(1)} → ${peak.toFixed(1)} MiB after ${(sent / 2 ** 20).toFixed(0)} MiB offered`);
});
