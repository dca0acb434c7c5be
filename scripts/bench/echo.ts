// Keystroke echo, issue 21 item 3: WX3000 (as shipped, and once more with echo tracing), Dropbear and
// the bare ssh2 floor, interleaved on one open shell each; then where WX3000's time goes, hop by hop
// (daemon → pty → CLI engine → pty → daemon), from the marks scripts/bench/echo-trace.ts records.
// Usage: node build/tsc/scripts/bench/echo.js [keystrokes per block] [rounds]   (root; after make test-build)
// ECHO_BASELINE=/other/checkout/dist/bin/wx3000.js adds that build as a "wx3000-baseline" row (A/B in one run).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { connect, openShell, type Shell } from './client';
import { processTree, sleep } from './proc';
import { type BenchServer, prepareEnv, startBare, startDropbear, startWx3000 } from './servers';
import { fmt, summarize } from './stats';

const BLOCK = Number(process.argv[2] ?? 50);
const ROUNDS = Number(process.argv[3] ?? 6);
const HOOK = path.join(__dirname, 'echo-trace.js');

interface Keystroke {
  sent: bigint;
  back: bigint;
}

/** One keystroke: `x` out, wait for `x`, then DEL out and wait for the erase (not timed). */
async function keystroke(shell: Shell): Promise<Keystroke> {
  const from = shell.text().length;
  const sent = process.hrtime.bigint();
  shell.stream.write('x');
  await shell.waitFor('x', from, 5000);
  const back = process.hrtime.bigint();
  const from2 = shell.text().length;
  shell.stream.write('\x7f');
  await shell.waitFor('\b', from2, 5000);
  return { sent, back };
}

type Mark = [string, bigint];

/** The marks every traced process wrote, in time order (SIGUSR2 asks each to write its file). */
async function readTrace(dir: string, server: BenchServer): Promise<Mark[]> {
  for (const pid of processTree(server.pid)) {
    try {
      process.kill(pid, 'SIGUSR2');
    } catch {
      /* gone */
    }
  }
  await sleep(500);
  const marks: Mark[] = [];
  for (const f of fs.readdirSync(dir).filter((n) => n.startsWith('trace.'))) {
    const t = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { marks: [string, string][] };
    for (const [s, v] of t.marks) marks.push([s, BigInt(v)]);
  }
  return marks.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
}

/**
 * Hops, each from one stage to the next; below them, spans that overlap them. A keystroke the daemon
 * echoes ahead (src/ssh/echo-ahead.ts) reaches the pty marked, so it has no pty or CLI hops: its n
 * is the difference.
 */
const HOPS: Array<[string, string, string]> = [
  ['client → daemon channel data', 'sent', 'ch_in'],
  ['daemon: channel data → pty write issued', 'ch_in', 'pty_wcall'],
  ['pty write issued → CLI stdin data', 'pty_wcall', 'cli_in'],
  ['CLI: stdin data → echo written', 'cli_in', 'cli_wdone'],
  ['CLI echo written → daemon pty data', 'cli_wdone', 'pty_out'],
  ['daemon: pty data → channel write called', 'pty_out', 'ch_wcall'],
  ['daemon: channel write called → client has it', 'ch_wcall', 'back'],
  ['(daemon: channel data → channel write called, either way)', 'ch_in', 'ch_wcall'],
  ['(pty write issued → write done)', 'pty_wcall', 'pty_wdone'],
  ['(channel write called → returned)', 'ch_wcall', 'ch_wdone'],
];

function breakdown(keys: Keystroke[], marks: Mark[]): Map<string, number[]> {
  const out = new Map<string, number[]>(HOPS.map(([h]) => [h, []]));
  let i = 0;
  for (const k of keys) {
    const at: Record<string, bigint> = { sent: k.sent, back: k.back };
    while (i < marks.length && marks[i][1] < k.sent) i++;
    for (let j = i; j < marks.length && marks[j][1] <= k.back; j++) at[marks[j][0]] ??= marks[j][1];
    for (const [h, a, b] of HOPS) if (at[a] !== undefined && at[b] !== undefined) out.get(h)!.push(Number(at[b] - at[a]) / 1000);
  }
  return out;
}

async function main(): Promise<void> {
  const env = await prepareEnv();
  const traceDir = fs.mkdtempSync(path.join(env.dir, 'trace-'));
  const servers: BenchServer[] = [];
  const shells = new Map<string, Shell>();
  const conns: Array<{ end(): Promise<void> }> = [];
  try {
    servers.push(await startWx3000(env));
    process.env.WX3000_ECHO_TRACE = traceDir;
    servers.push(await startWx3000(env, { name: 'wx3000-traced', nodeArgs: ['--require', HOOK] }));
    delete process.env.WX3000_ECHO_TRACE;
    servers.push(await startDropbear(env), await startBare(env));
    const names = ['wx3000', 'wx3000-traced', 'dropbear', 'ssh2-bare'];
    // The floor traced too: where ssh2 alone spends the same legs (client → channel, channel → client).
    const floorTrace = fs.mkdtempSync(path.join(env.dir, 'trace-floor-'));
    process.env.WX3000_ECHO_TRACE = floorTrace;
    process.env.NODE_OPTIONS = `--require ${HOOK}`;
    const tracedFloor = await startBare(env, 'bare-traced');
    delete process.env.WX3000_ECHO_TRACE;
    delete process.env.NODE_OPTIONS;
    servers.push(tracedFloor);
    names.push('ssh2-bare-traced');
    const baseline = process.env.ECHO_BASELINE;
    if (baseline) {
      servers.push(await startWx3000(env, { name: 'wx3000-baseline', bin: baseline }));
      names.push('wx3000-baseline');
    }
    for (const [i, s] of servers.entries()) {
      const conn = await connect(s.port, env, 'publickey');
      conns.push(conn);
      shells.set(names[i], await openShell(conn));
    }
    await sleep(300);
    const samples = new Map<string, Keystroke[]>(names.map((n) => [n, []]));
    for (let r = 0; r < ROUNDS; r++) {
      const order = names.map((_, i) => names[(i + r) % names.length]);
      for (const n of order) {
        const sh = shells.get(n)!;
        await keystroke(sh); // warm-up, not counted
        for (let i = 0; i < BLOCK; i++) samples.get(n)!.push(await keystroke(sh));
      }
    }
    const ms = (k: Keystroke) => Number(k.back - k.sent) / 1e6;
    const rows = names.map((n) => ({ n, s: summarize(samples.get(n)!.map(ms)) }));
    const drop = rows.find((r) => r.n === 'dropbear')!.s.median;
    const floor = rows.find((r) => r.n === 'ssh2-bare')!.s.median;
    const lines = [
      `# keystroke echo, ${ROUNDS} rounds × ${BLOCK} keystrokes, interleaved (${new Date().toISOString()})`,
      '',
      '| server | median ms | p95 ms | × Dropbear | × floor |',
      '|---|---|---|---|---|',
      ...rows.map(({ n, s }) => `| ${n} | ${fmt(s.median, 3)} | ${fmt(s.p95, 3)} | ${fmt(s.median / drop, 2)} | ${fmt(s.median / floor, 2)} |`),
      '',
      '## WX3000 (traced) hop by hop',
      '',
      '| hop | median µs | p95 µs | n |',
      '|---|---|---|---|',
    ];
    const traced = servers[1];
    const hops = breakdown(samples.get('wx3000-traced')!, await readTrace(traceDir, traced));
    for (const [h, v] of hops) {
      const s = summarize(v);
      lines.push(`| ${h} | ${fmt(s.median, 0)} | ${fmt(s.p95, 0)} | ${s.n} |`);
    }
    lines.push('', '## ssh2 bare (traced), the same legs', '', '| hop | median µs | p95 µs | n |', '|---|---|---|---|');
    for (const [h, v] of breakdown(samples.get('ssh2-bare-traced')!, await readTrace(floorTrace, tracedFloor))) {
      const s = summarize(v);
      if (s.n) lines.push(`| ${h} | ${fmt(s.median, 0)} | ${fmt(s.p95, 0)} | ${s.n} |`);
    }
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    for (const c of conns) await c.end().catch(() => undefined);
    for (const s of servers) await s.stop().catch(() => undefined);
    await env.cleanup();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
