// Soak (issue 6): opens and closes many shell sessions against the daemon, then checks that nothing
// leaked: no leftover CLI process, no file-descriptor growth, daemon RSS growth. A benchmark, not a
// test: `node build/tsc/scripts/bench/soak.js [sessions]` (default 1000; SOAK_CONCURRENCY, default 4;
// 1 for sequential sessions). Then SOAK_HOLD_ROUNDS (default 5) rounds of SOAK_HOLD (default 64)
// authenticated connections held open at once: daemon RSS, fds and CPU per round must stay flat.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { connect, Conn, openShell, sourceAddress } from './client';
import { processTree, sleep, treeCpuSeconds } from './proc';
import { BenchEnv, BIN, ownUserEnv, startWx3000 } from './servers';

interface Snapshot {
  rssKiB: number;
  fds: number;
  cliProcesses: number;
  /** CPU seconds of the daemon and its CLI processes so far. */
  cpuSeconds: number;
}

function snapshot(pid: number): Snapshot {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return {
    rssKiB: Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0),
    fds: fs.readdirSync(`/proc/${pid}/fd`).length,
    cliProcesses: processTree(pid).length - 1,
    cpuSeconds: Number(treeCpuSeconds(pid).toFixed(2)),
  };
}

interface HoldRound {
  round: number;
  held: number;
  failures: number;
  /** While all are open, and after they closed. */
  open: Snapshot;
  closed: Snapshot;
  /** Daemon CPU for the round's handshakes and authentications. */
  cpuSeconds: number;
}

/**
 * `held` authenticated connections open at the same time (no shell: the vtys are five), from
 * several source addresses so the pre-authentication limit per address is not what is measured.
 */
/** Level-3 users of the held connections: 8 connections each, as the daemon's per-user limit. */
const HOLD_USERS = 8;
const holdUser = (env: BenchEnv, i: number) => (i % HOLD_USERS === 0 ? env.user : `${env.user}${i % HOLD_USERS}`);

/** The other hold users, added (with the soak's key) to the running and saved configuration. */
function addHoldUsers(env: BenchEnv, dataDir: string): void {
  for (let i = 1; i < HOLD_USERS; i++) {
    const user = holdUser(env, i);
    execFileSync(process.execPath, [BIN, 'user', 'add', user, '--level', '3', '--password-stdin', '--data-dir', dataDir], { input: env.password + '\n', stdio: ['pipe', 'ignore', 'pipe'] });
    execFileSync(process.execPath, [BIN, 'user', 'key', 'add', user, `${env.keyFile}.pub`, '--data-dir', dataDir], { stdio: ['ignore', 'ignore', 'pipe'] });
  }
}

async function holdRound(round: number, held: number, port: number, pid: number, env: BenchEnv): Promise<HoldRound> {
  const cpu0 = snapshot(pid).cpuSeconds;
  const conns: Conn[] = [];
  let failures = 0;
  let next = 0;
  const worker = async (w: number) => {
    while (next < held) {
      next++;
      try {
        // The daemon allows 8 connections per user: the held ones are spread over HOLD_USERS users.
        conns.push(await connect(port, { ...env, user: holdUser(env, next) }, 'publickey', { source: sourceAddress(w) }));
      } catch (err) {
        if (failures++ < 3) process.stderr.write(`[soak] held connection failed: ${(err as Error).message}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
  const open = snapshot(pid);
  await Promise.all(conns.map((c) => c.end()));
  await sleep(500);
  const closed = snapshot(pid);
  return { round, held: conns.length, failures, open, closed, cpuSeconds: Number((closed.cpuSeconds - cpu0).toFixed(2)) };
}

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 1000);
  const concurrency = Math.min(4, Number(process.env.SOAK_CONCURRENCY ?? 4));
  const env = ownUserEnv('soak');
  // The daemon runs with the flags the launchers give it (Makefile `run`, firmware/bin/wx3000);
  // SOAK_NODE_ARGS replaces them, to compare heap settings.
  const nodeArgs = (process.env.SOAK_NODE_ARGS ?? '--max-semi-space-size=1').split(' ').filter(Boolean);
  const server = await startWx3000(env, { nodeArgs });
  addHoldUsers(env, path.join(env.dir, 'wx3000', 'data'));
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
    const hold = Number(process.env.SOAK_HOLD ?? 64);
    const holdRounds: HoldRound[] = [];
    for (let r = 1; r <= Number(process.env.SOAK_HOLD_ROUNDS ?? 5); r++) {
      const h = await holdRound(r, hold, server.port, server.pid, env);
      holdRounds.push(h);
      process.stderr.write(
        `[soak] hold round ${r}: ${h.held} open, RSS ${h.open.rssKiB} KiB (closed ${h.closed.rssKiB}), fds ${h.open.fds} (closed ${h.closed.fds}), CPU ${h.cpuSeconds} s\n`,
      );
    }
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
      holdRounds,
      holdFdGrowth: holdRounds.length > 1 ? holdRounds.at(-1)!.closed.fds - holdRounds[0].closed.fds : 0,
      holdRssGrowthMiB: holdRounds.length > 1 ? Number(((holdRounds.at(-1)!.closed.rssKiB - holdRounds[0].closed.rssKiB) / 1024).toFixed(1)) : 0,
      leftoverCliProcesses: after.cliProcesses - before.cliProcesses,
    };
    const outDir = path.resolve(__dirname, '../../../../build/bench');
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, 'soak.json'), JSON.stringify(result, null, 2) + '\n');
    process.stdout.write(
      `soak: ${total} sessions (${concurrency} at once) in ${result.seconds} s, ${failures} failed; ` +
        `daemon RSS ${before.rssKiB} → ${after.rssKiB} KiB after ${warmup} warm-up sessions (${result.rssGrowthMiB} MiB; ` +
        `${result.rssGrowthFromStartMiB} MiB from the start), ` +
        `fds ${before.fds} → ${after.fds}, CLI processes ${before.cliProcesses} → ${after.cliProcesses}, CPU ${(after.cpuSeconds - before.cpuSeconds).toFixed(1)} s; ` +
        `${holdRounds.length} rounds of ${hold} held connections: RSS after each ${holdRounds.map((h) => h.closed.rssKiB).join(', ')} KiB, ` +
        `fds ${holdRounds.map((h) => h.closed.fds).join(', ')}, CPU per round ${holdRounds.map((h) => h.cpuSeconds).join(', ')} s\n`,
    );
    const holdFailed = holdRounds.some((h) => h.failures > 0) || result.holdFdGrowth > 0 || result.holdRssGrowthMiB >= 5;
    if (holdFailed || failures || result.fdGrowth > 0 || result.leftoverCliProcesses > 0 || result.rssGrowthMiB >= 5) process.exitCode = 1;
  } finally {
    await server.stop();
    await env.cleanup();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
