// How long an administrator waits to get in under the attacks of issue 16 (loopback, real daemon,
// real OpenSSH client). `node build/tsc/scripts/bench/flood.js [tries]` after `make test-build`;
// writes build/bench/flood.md. Each try is a fresh `ssh -b ADDRESS … display version`, retried once
// a second like the admin until it succeeds; the figure is the time to that success.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addKey, addUser, makeKey } from '../../test/helpers/users';
import { startDaemon, tempDir } from '../../test/helpers/daemon';
import { adminRetry, closeAll, holdStalled, reopeners } from './attackers';

const TRIES = Number(process.argv[2] ?? 20);

interface Row {
  attack: string;
  who: string;
  goal: string;
  ms: number[];
  ok: number;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

async function main(): Promise<void> {
  const key = makeKey(tempDir('wx3000-floodbench-'), 'ed25519');
  const d = await startDaemon({ args: ['--log-level', 'info'] });
  addUser(d.dataDir, 'ops', { level: 3 });
  addKey(d.dataDir, 'ops', key);
  const login = (from: string) => adminRetry({ port: d.port, key, user: 'ops', from, giveUpMs: 30000 });
  const rows: Row[] = [];
  let stranger = 0;
  const measure = async (attack: string) => {
    const known: Row = { attack, who: 'known address', goal: '< 2 s, 20/20', ms: [], ok: 0 };
    const fresh: Row = { attack, who: 'never-seen address', goal: '< 5 s, 19/20', ms: [], ok: 0 };
    for (let i = 0; i < TRIES; i++) {
      const a = await login('127.0.0.1');
      known.ms.push(a.ms);
      if (a.ok && a.ms < 2000) known.ok++;
      stranger++;
      const b = await login(`127.${100 + (stranger >> 8)}.${stranger & 255}.1`);
      fresh.ms.push(b.ms);
      if (b.ok && b.ms < 5000) fresh.ok++;
    }
    rows.push(known, fresh);
  };
  try {
    if (!(await login('127.0.0.1')).ok) throw new Error('the first login failed');
    await measure('none');

    const held = await holdStalled(d.port, Array.from({ length: 50 }, (_, i) => `127.1.0.${i + 1}`), 500);
    await new Promise((r) => setTimeout(r, 1000));
    await measure('500 stalled connections from 50 addresses, opened once');
    await closeAll(held);

    for (const addresses of [2, 10]) {
      const attack = reopeners(d.port, Array.from({ length: addresses }, (_, i) => `127.${3 + addresses}.0.${i + 1}`), 10);
      await new Promise((r) => setTimeout(r, 1000));
      await measure(`10 attackers from ${addresses} addresses reopening stalled connections`);
      await attack.stop();
      rows[rows.length - 1].attack += ` (${attack.opened} TCP connections)`;
      rows[rows.length - 2].attack = rows[rows.length - 1].attack;
    }
  } finally {
    await d.stop();
  }
  const lines = [
    `Admin login under attack (${TRIES} tries each; ${new Date().toISOString()}, ${process.version})`,
    '',
    '| attack | admin from | median (ms) | p95 (ms) | max (ms) | within goal | goal |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.attack} | ${r.who} | ${quantile(r.ms, 0.5).toFixed(0)} | ${quantile(r.ms, 0.95).toFixed(0)} | ${Math.max(...r.ms).toFixed(0)} | ${r.ok}/${r.ms.length} | ${r.goal} |`,
    ),
  ];
  const out = path.resolve(__dirname, '../../../../build/bench/flood.md');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, lines.join('\n') + '\n');
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((err) => {
  process.stderr.write(`error: ${(err as Error).message}\n`);
  process.exit(1);
});
