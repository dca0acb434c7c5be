// Soak (issue 6): opens and closes many shell sessions against the daemon, then checks that nothing
// leaked: no leftover CLI process, no file-descriptor growth, daemon RSS growth. A benchmark, not a
// test: `node build/tsc/scripts/bench/soak.js [sessions]` (default 1000; SOAK_CONCURRENCY, default 4).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { connect, openShell } from './client';
import { processTree, sleep } from './proc';
import { BenchEnv, startWx3000 } from './servers';

interface Snapshot {
  rssKiB: number;
  fds: number;
  cliProcesses: number;
}

function snapshot(pid: number): Snapshot {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return {
    rssKiB: Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0),
    fds: fs.readdirSync(`/proc/${pid}/fd`).length,
    cliProcesses: processTree(pid).length - 1,
  };
}

/** A user of our own daemon only: no system account is needed for the soak. */
function soakEnv(): BenchEnv {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wx3000-soak-'));
  const keyFile = path.join(dir, 'id_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile]);
  return {
    dir,
    user: 'soak',
    password: 'Soak-pass-1234',
    keyFile,
    publicKey: fs.readFileSync(`${keyFile}.pub`, 'utf8').trim(),
    home: dir,
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 1000);
  const concurrency = Math.min(4, Number(process.env.SOAK_CONCURRENCY ?? 4));
  const env = soakEnv();
  // The daemon runs with the flags the launchers give it (Makefile `run`, firmware/bin/wx3000);
  // SOAK_NODE_ARGS replaces them, to compare heap settings.
  const nodeArgs = (process.env.SOAK_NODE_ARGS ?? '--max-semi-space-size=1').split(' ').filter(Boolean);
  const server = await startWx3000(env, { nodeArgs });
  const start = snapshot(server.pid);
  try {
    // Warm-up sessions first: the heap and code caches reach their working size once; a leak is what
    // keeps growing after that. Growth from the very start is reported too.
    const warmup = Number(process.env.SOAK_WARMUP ?? 200);
    for (let i = 0; i < warmup; i++) {
      const warm = await connect(server.port, env, 'publickey');
      await openShell(warm);
      await warm.end();
    }
    await sleep(1000);
    const before = snapshot(server.pid);
    const started = Date.now();
    let next = 0;
    let failures = 0;
    const worker = async (w: number) => {
      while (next < total) {
        next++;
        if (next % 250 === 0) {
          const s = snapshot(server.pid);
          process.stderr.write(`[soak] ${next} sessions: daemon RSS ${s.rssKiB} KiB, fds ${s.fds}, CLI processes ${s.cliProcesses}\n`);
        }
        try {
          const conn = await connect(server.port, env, 'publickey', { source: `127.0.0.${2 + w}` });
          const shell = await openShell(conn);
          shell.stream.write('quit\r');
          await conn.end();
        } catch (err) {
          if (failures++ < 3) process.stderr.write(`[soak] session failed: ${(err as Error).message}\n`);
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
    const seconds = (Date.now() - started) / 1000;
    // Sessions end asynchronously (SIGHUP, then the spare is replaced): give them time to settle.
    let after = snapshot(server.pid);
    for (let i = 0; i < 50 && after.cliProcesses !== before.cliProcesses; i++) {
      await sleep(200);
      after = snapshot(server.pid);
    }
    const result = {
      date: new Date().toISOString(),
      sessions: total,
      concurrency,
      failures,
      seconds: Number(seconds.toFixed(1)),
      nodeArgs,
      warmup,
      start,
      before,
      after,
      rssGrowthFromStartMiB: Number(((after.rssKiB - start.rssKiB) / 1024).toFixed(1)),
      rssGrowthMiB: Number(((after.rssKiB - before.rssKiB) / 1024).toFixed(1)),
      fdGrowth: after.fds - before.fds,
      leftoverCliProcesses: after.cliProcesses - before.cliProcesses,
    };
    const outDir = path.resolve(__dirname, '../../../../build/bench');
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, 'soak.json'), JSON.stringify(result, null, 2) + '\n');
    process.stdout.write(
      `soak: ${total} sessions (${concurrency} at once) in ${result.seconds} s, ${failures} failed; ` +
        `daemon RSS ${before.rssKiB} → ${after.rssKiB} KiB after ${warmup} warm-up sessions (${result.rssGrowthMiB} MiB; ` +
        `${result.rssGrowthFromStartMiB} MiB from the start), ` +
        `fds ${before.fds} → ${after.fds}, CLI processes ${before.cliProcesses} → ${after.cliProcesses}\n`,
    );
    if (failures || result.fdGrowth > 0 || result.leftoverCliProcesses > 0 || result.rssGrowthMiB >= 5) process.exitCode = 1;
  } finally {
    await server.stop();
    await env.cleanup();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
