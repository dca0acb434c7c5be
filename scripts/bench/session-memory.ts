// Memory per CLI session (issue 21, item 4): what a CLI process holds beyond a bare Node.
// `node build/tsc/scripts/bench/session-memory.js [sessions]` (default 5; no root needed).
// 1. Starts our daemon (as the bench does, --max-semi-space-size=1), opens N idle pty shells and
//    reports per CLI process (bound sessions and the warm spare) Private_Clean+Private_Dirty, PSS
//    and RSS from /proc/PID/smaps_rollup, beside a bare `node` started with the CLI's own node
//    flags; private memory per mapping (V8 heap and other anonymous memory, the node binary, the
//    sqlite3 and node-pty addons, libraries); login → prompt latency (median of LOGINS logins).
// 2. SESSION_MEMORY_SNAPSHOT=0 skips this: restarts the daemon with the CLI processes preloading
//    session-memory-probe.js, signals the spare and one idle session, and summarises their heap
//    snapshots: loaded modules, V8 heap spaces, self size by constructor, the dominator tree's
//    biggest retainers and the biggest strings.
// Output: text on stdout, build/bench/session-memory.json, snapshots under build/bench/session-memory/.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { connect, Conn, echoLatency, loginToPrompt, openShell, sourceAddress } from './client';
import { sleep } from './proc';
import { BenchServer, ownUserEnv, ROOT, startWx3000 } from './servers';
import { CLI_NODE_FLAGS } from '../../src/ssh/cli-process';

const SESSIONS = Number(process.argv[2] ?? 5);
const LOGINS = Number(process.env.SESSION_MEMORY_LOGINS ?? 20);
const ECHO = 50;
const SETTLE_MS = 2000;
/** Figures 2 s after the last shell opened, and once V8's memory reducer has run (it waits about 8 s). */
const EARLY_MS = 2000;
const STEADY_MS = Number(process.env.SESSION_MEMORY_STEADY_MS ?? 20000);
const OUT = path.join(ROOT, 'build/bench');
const SNAP_DIR = path.join(OUT, 'session-memory');
const DAEMON_FLAGS = ['--max-semi-space-size=1'];

interface Rollup {
  rssKiB: number;
  pssKiB: number;
  privateKiB: number;
  anonKiB: number;
}

function rollup(pid: number): Rollup {
  const text = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const f = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
  return { rssKiB: f('Rss'), pssKiB: f('Pss'), privateKiB: f('Private_Clean') + f('Private_Dirty'), anonKiB: f('Anonymous') };
}

/** Private memory per kind of mapping, in KiB. */
function smapsByKind(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  let kind = '';
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (head) {
      const name = head[2].trim();
      // V8 places its heap pages at random hints below the mmap area (0x7f…), where glibc's
      // mmapped chunks, thread arenas and thread stacks land.
      if (!name) kind = head[1].length >= 12 && head[1].startsWith('7f') ? 'anonymous, mmap area (malloc, thread stacks)' : 'anonymous, elsewhere (V8 heap pages)';
      else if (name === '[heap]') kind = '[heap] (brk malloc)';
      else if (name.startsWith('[')) kind = name;
      else if (name.endsWith('.node')) kind = `addon ${path.basename(name)}`;
      else if (name === process.execPath || name.endsWith('/node')) kind = 'node binary';
      else if (/\.so(\.|$)/.test(name)) kind = `lib ${path.basename(name).replace(/\.so.*/, '')}`;
      else kind = `file ${path.basename(name)}`;
      continue;
    }
    const m = /^Private_(Clean|Dirty):\s+(\d+) kB/.exec(line);
    if (m) out[kind] = (out[kind] ?? 0) + Number(m[2]);
  }
  for (const k of Object.keys(out)) if (!out[k]) delete out[k];
  return out;
}

function cmdline(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

function startTime(pid: number): number {
  const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[19]);
}

/** The daemon's CLI processes, oldest first. */
function cliProcesses(daemon: number): number[] {
  let children: number[] = [];
  try {
    children = fs.readFileSync(`/proc/${daemon}/task/${daemon}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return children.filter((pid) => cmdline(pid).some((a) => a.endsWith('cli-session.js'))).sort((a, b) => startTime(a) - startTime(b));
}

/** The node flags a CLI process was started with (between the node binary and the entry script). */
function nodeFlagsOf(pid: number): string[] {
  const args = cmdline(pid);
  const entry = args.findIndex((a) => a.endsWith('cli-session.js'));
  return args.slice(1, entry).filter((a) => !a.startsWith('--require') && !a.endsWith('session-memory-probe.js'));
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

async function openIdle(server: BenchServer, env: ReturnType<typeof ownUserEnv>, n: number): Promise<Conn[]> {
  const conns: Conn[] = [];
  for (let i = 0; i < n; i++) {
    const c = await connect(server.port, env, 'publickey', { source: sourceAddress(i) });
    conns.push(c);
    await openShell(c);
  }
  return conns;
}

interface Moment {
  /** Seconds after the last shell opened. */
  atSeconds: number;
  bare: Rollup;
  bareNoFlags: Rollup;
  sessions: (Rollup & { pid: number })[];
  spare: Rollup & { pid: number };
  medianSessionPrivateKiB: number;
  medianSessionRssKiB: number;
  aboveBarePrivateKiB: number;
  spareAboveBarePrivateKiB: number;
  byKind: { session: Record<string, number>; spare: Record<string, number>; bare: Record<string, number> };
}

function latency(xs: number[]) {
  return { median: median(xs), p90: pct(xs, 0.9), min: Math.min(...xs), samples: xs.map((x) => Number(x.toFixed(2))) };
}

/** The median of three bare processes by private memory. */
function medianProcess(pids: number[]): { rollup: Rollup; pid: number } {
  const all = pids.map((pid) => ({ pid, rollup: rollup(pid) })).sort((x, y) => x.rollup.privateKiB - y.rollup.privateKiB);
  return all[Math.floor(all.length / 2)];
}

function moment(atSeconds: number, daemon: number, bare: number[], bareNoFlags: number[]): Moment {
  const clis = cliProcesses(daemon);
  const spare = clis.at(-1)!;
  const sessions = clis.slice(0, -1).map((pid) => ({ pid, ...rollup(pid) }));
  const b = medianProcess(bare);
  const spareFig = { pid: spare, ...rollup(spare) };
  const med = median(sessions.map((x) => x.privateKiB));
  return {
    atSeconds,
    bare: b.rollup,
    bareNoFlags: medianProcess(bareNoFlags).rollup,
    sessions,
    spare: spareFig,
    medianSessionPrivateKiB: med,
    medianSessionRssKiB: median(sessions.map((x) => x.rssKiB)),
    aboveBarePrivateKiB: med - b.rollup.privateKiB,
    spareAboveBarePrivateKiB: spareFig.privateKiB - b.rollup.privateKiB,
    byKind: { session: smapsByKind(sessions[0].pid), spare: smapsByKind(spare), bare: smapsByKind(b.pid) },
  };
}

/** Our daemon, its CLI processes started with `cliFlags` (WX3000_CLI_NODE_FLAGS), or the defaults. */
async function startDaemon(env: ReturnType<typeof ownUserEnv>, name: string, cliFlags?: string): Promise<BenchServer> {
  const saved = process.env.WX3000_CLI_NODE_FLAGS;
  if (cliFlags !== undefined) process.env.WX3000_CLI_NODE_FLAGS = cliFlags;
  try {
    return await startWx3000(env, { nodeArgs: DAEMON_FLAGS, name });
  } finally {
    if (saved === undefined) delete process.env.WX3000_CLI_NODE_FLAGS;
    else process.env.WX3000_CLI_NODE_FLAGS = saved;
  }
}

/** SESSION_MEMORY_COMPARE_FLAGS: CLI node flags of a second daemon whose logins alternate with the first's. */
const COMPARE = process.env.SESSION_MEMORY_COMPARE_FLAGS;

async function measure(env: ReturnType<typeof ownUserEnv>) {
  const server = await startDaemon(env, 'wx3000-mem', process.env.WX3000_CLI_NODE_FLAGS);
  const other = COMPARE === undefined ? undefined : await startDaemon(env, 'wx3000-cmp', COMPARE);
  const bares: ReturnType<typeof spawn>[] = [];
  try {
    // Login latency first, on a fresh daemon with its spare ready between logins (as the bench);
    // with a second daemon, logins alternate between the two.
    for (let i = 0; i < 3; i++) {
      await loginToPrompt(server.port, env, 'publickey');
      if (other) await loginToPrompt(other.port, env, 'publickey');
    }
    const prompt: number[] = [];
    const otherPrompt: number[] = [];
    for (let i = 0; i < LOGINS; i++) {
      await sleep(300);
      prompt.push((await loginToPrompt(server.port, env, 'publickey')).prompt!);
      if (!other) continue;
      await sleep(300);
      otherPrompt.push((await loginToPrompt(other.port, env, 'publickey')).prompt!);
    }
    // Keystroke echo on one session of each, alternating rounds.
    const echo: number[] = [];
    const otherEcho: number[] = [];
    const echoShell = async (port: number) => {
      const c = await connect(port, env, 'publickey');
      return { c, shell: await openShell(c) };
    };
    const mine = await echoShell(server.port);
    const theirs = other ? await echoShell(other.port) : undefined;
    await sleep(1500);
    for (let r = 0; r < 5; r++) {
      echo.push(...(await echoLatency(mine.shell, ECHO / 5)));
      if (theirs) otherEcho.push(...(await echoLatency(theirs.shell, ECHO / 5)));
    }
    await mine.c.end();
    await theirs?.c.end();
    await other?.stop();
    await sleep(1000);
    const flags = nodeFlagsOf(cliProcesses(server.pid).at(-1)!);
    // Bare processes of the same age as the sessions: V8's memory reducer shrinks an idle heap some
    // seconds after start-up, so processes are compared at the same moments.
    const bare = (f: string[]) => {
      const p = spawn(process.execPath, [...f, '-e', 'setInterval(() => {}, 1e9)'], { stdio: 'ignore' });
      bares.push(p);
      return p.pid!;
    };
    const barePids = [bare(flags), bare(flags), bare(flags)];
    const bareNoFlagPids = [bare([]), bare([]), bare([])];
    const conns = await openIdle(server, env, SESSIONS);
    const opened = Date.now();
    await sleep(EARLY_MS);
    const early = moment(EARLY_MS / 1000, server.pid, barePids, bareNoFlagPids);
    await sleep(STEADY_MS - (Date.now() - opened));
    const steady = moment(STEADY_MS / 1000, server.pid, barePids, bareNoFlagPids);
    await Promise.all(conns.map((c) => c.end()));
    return {
      cliNodeFlags: flags,
      early,
      steady,
      loginPromptMs: latency(prompt),
      echoMs: latency(echo),
      compare: other ? { cliNodeFlags: COMPARE!.split(' ').filter(Boolean), loginPromptMs: latency(otherPrompt), echoMs: latency(otherEcho) } : undefined,
    };
  } finally {
    for (const p of bares) p.kill('SIGKILL');
    await other?.stop();
    await server.stop();
  }
}

// ---- heap snapshots ----

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] }; node_count: number };
  nodes: number[];
  edges: number[];
  strings: string[];
}

interface HeapSummary {
  totalKiB: number;
  byType: Record<string, number>;
  byConstructor: { name: string; count: number; selfKiB: number }[];
  retainers: { depth: number; what: string; retainedKiB: number; selfKiB: number }[];
  strings: { kib: number; text: string }[];
}

function summarise(file: string): HeapSummary {
  const snap = JSON.parse(fs.readFileSync(file, 'utf8')) as Snapshot;
  const meta = snap.snapshot.meta;
  const NF = meta.node_fields.length;
  const EF = meta.edge_fields.length;
  const nType = meta.node_fields.indexOf('type');
  const nName = meta.node_fields.indexOf('name');
  const nSelf = meta.node_fields.indexOf('self_size');
  const nEdges = meta.node_fields.indexOf('edge_count');
  const eType = meta.edge_fields.indexOf('type');
  const eName = meta.edge_fields.indexOf('name_or_index');
  const eTo = meta.edge_fields.indexOf('to_node');
  const types = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const weak = edgeTypes.indexOf('weak');
  const N = snap.nodes.length / NF;
  const { nodes, edges, strings } = snap;
  const firstEdge = new Uint32Array(N + 1);
  for (let i = 0, e = 0; i < N; i++) {
    firstEdge[i] = e;
    e += nodes[i * NF + nEdges] * EF;
    firstEdge[i + 1] = e;
  }
  const self = (i: number) => nodes[i * NF + nSelf];
  const typeOf = (i: number) => types[nodes[i * NF + nType]];
  const nameOf = (i: number) => strings[nodes[i * NF + nName]];

  const byType: Record<string, number> = {};
  const ctor = new Map<string, { count: number; self: number }>();
  let total = 0;
  for (let i = 0; i < N; i++) {
    const t = typeOf(i);
    total += self(i);
    byType[t] = (byType[t] ?? 0) + self(i);
    const key = t === 'object' || t === 'closure' || t === 'native' ? nameOf(i) : `(${t})`;
    const c = ctor.get(key) ?? { count: 0, self: 0 };
    c.count++;
    c.self += self(i);
    ctor.set(key, c);
  }

  // Dominators (Cooper, Harvey, Kennedy), weak edges left out; node 0 is the synthetic root.
  const post = new Int32Array(N).fill(-1);
  const order: number[] = [];
  const stack: number[] = [0];
  const cursor = new Uint32Array(N);
  const seen = new Uint8Array(N);
  seen[0] = 1;
  for (let i = 0; i < N; i++) cursor[i] = firstEdge[i];
  while (stack.length) {
    const v = stack[stack.length - 1];
    let pushed = false;
    while (cursor[v] < firstEdge[v + 1]) {
      const e = cursor[v];
      cursor[v] += EF;
      if (edges[e + eType] === weak) continue;
      const w = edges[e + eTo] / NF;
      if (!seen[w]) {
        seen[w] = 1;
        stack.push(w);
        pushed = true;
        break;
      }
    }
    if (!pushed) {
      stack.pop();
      post[v] = order.length;
      order.push(v);
    }
  }
  const preds: number[][] = Array.from({ length: N }, () => []);
  for (let v = 0; v < N; v++) {
    if (!seen[v]) continue;
    for (let e = firstEdge[v]; e < firstEdge[v + 1]; e += EF) {
      if (edges[e + eType] === weak) continue;
      preds[edges[e + eTo] / NF].push(v);
    }
  }
  const idom = new Int32Array(N).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (post[a] < post[b]) a = idom[a];
      while (post[b] < post[a]) b = idom[b];
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = order.length - 2; k >= 0; k--) {
      const v = order[k];
      let d = -1;
      for (const p of preds[v]) {
        if (idom[p] === -1) continue;
        d = d === -1 ? p : intersect(p, d);
      }
      if (d !== -1 && idom[v] !== d) {
        idom[v] = d;
        changed = true;
      }
    }
  }
  const retained = new Float64Array(N);
  for (const v of order) retained[v] += self(v);
  for (const v of order) if (v !== 0) retained[idom[v]] += retained[v];
  const children: number[][] = Array.from({ length: N }, () => []);
  for (const v of order) if (v !== 0) children[idom[v]].push(v);

  // How a node is reached from its dominator: the edge's name says what it is (a module's exports, a field).
  const edgeName = (from: number, to: number) => {
    for (let e = firstEdge[from]; e < firstEdge[from + 1]; e += EF) {
      if (edges[e + eTo] / NF !== to) continue;
      const t = edgeTypes[edges[e + eType]];
      return t === 'element' || t === 'hidden' ? `[${edges[e + eName]}]` : strings[edges[e + eName]];
    }
    return '';
  };
  const describe = (v: number) => {
    const t = typeOf(v);
    let name = nameOf(v);
    if (t === 'string' || t === 'concatenated string' || t === 'sliced string') name = JSON.stringify(name.slice(0, 50));
    return `${t === 'object' || t === 'native' ? '' : `(${t}) `}${name}`.slice(0, 90);
  };
  const retainers: HeapSummary['retainers'] = [];
  const walk = (v: number, depth: number) => {
    const kids = children[v].filter((c) => retained[c] >= 48 * 1024).sort((a, b) => retained[b] - retained[a]);
    for (const c of kids.slice(0, 8)) {
      retainers.push({ depth, what: `${edgeName(v, c)} → ${describe(c)}`, retainedKiB: Math.round(retained[c] / 1024), selfKiB: Math.round(self(c) / 1024) });
      if (depth < 6) walk(c, depth + 1);
    }
  };
  walk(0, 0);

  const strs: { kib: number; text: string }[] = [];
  for (let i = 0; i < N; i++) {
    const t = typeOf(i);
    if (t === 'string' && self(i) >= 4096) strs.push({ kib: Number((self(i) / 1024).toFixed(1)), text: nameOf(i).slice(0, 70) });
  }
  strs.sort((a, b) => b.kib - a.kib);
  return {
    totalKiB: Math.round(total / 1024),
    byType: Object.fromEntries(Object.entries(byType).map(([k, v]) => [k, Math.round(v / 1024)]).sort((a, b) => (b[1] as number) - (a[1] as number))),
    byConstructor: [...ctor.entries()]
      .map(([name, c]) => ({ name: name.slice(0, 60), count: c.count, selfKiB: Math.round(c.self / 1024) }))
      .sort((a, b) => b.selfKiB - a.selfKiB)
      .slice(0, 25),
    retainers,
    strings: strs.slice(0, 12),
  };
}

async function signalAndWait(pid: number): Promise<{ info: Record<string, unknown>; heap: HeapSummary }> {
  const json = path.join(SNAP_DIR, `${pid}.json`);
  fs.rmSync(json, { force: true });
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 30000;
  while (!fs.existsSync(json)) {
    if (Date.now() > deadline) throw new Error(`no heap snapshot from ${pid}`);
    await sleep(100);
  }
  const info = JSON.parse(fs.readFileSync(json, 'utf8')) as Record<string, unknown>;
  return { info, heap: summarise(path.join(SNAP_DIR, `${pid}.heapsnapshot`)) };
}

async function snapshots(env: ReturnType<typeof ownUserEnv>) {
  fs.rmSync(SNAP_DIR, { recursive: true, force: true });
  fs.mkdirSync(SNAP_DIR, { recursive: true });
  const probe = path.join(__dirname, 'session-memory-probe.js');
  const flags = process.env.WX3000_CLI_NODE_FLAGS ?? CLI_NODE_FLAGS.join(' ');
  const server = await startDaemon(env, 'wx3000-snap', `${flags} --require ${probe}`);
  try {
    const conns = await openIdle(server, env, 1);
    await sleep(SETTLE_MS);
    const [session, spare] = cliProcesses(server.pid);
    const bare = spawn(process.execPath, [...nodeFlagsOf(spare), '--require', probe, '-e', 'setInterval(() => {}, 1e9)'], { stdio: 'ignore' });
    try {
      await sleep(1000);
      const out = { 'bare node': await signalAndWait(bare.pid!), spare: await signalAndWait(spare), session: await signalAndWait(session) };
      await Promise.all(conns.map((c) => c.end()));
      return out;
    } finally {
      bare.kill('SIGKILL');
    }
  } finally {
    await server.stop();
  }
}

function kib(n: number): string {
  return `${(n / 1024).toFixed(2)} MiB`;
}

function report(m: Awaited<ReturnType<typeof measure>>, s?: Awaited<ReturnType<typeof snapshots>>): string {
  const lines: string[] = [];
  lines.push(`session memory — ${new Date().toISOString()}, node ${process.version}, CLI node flags: ${m.cliNodeFlags.join(' ') || '(none)'}`);
  lines.push('');
  for (const t of [m.early, m.steady]) {
    lines.push(`### ${t.atSeconds} s after the last of ${t.sessions.length} idle shells opened`);
    lines.push('');
    lines.push('| process | private (clean+dirty) | PSS | RSS | anonymous | private − bare |');
    lines.push('|---|---|---|---|---|---|');
    const row = (name: string, r: Rollup) =>
      lines.push(`| ${name} | ${kib(r.privateKiB)} | ${kib(r.pssKiB)} | ${kib(r.rssKiB)} | ${kib(r.anonKiB)} | ${kib(r.privateKiB - t.bare.privateKiB)} |`);
    row('bare node (same flags)', t.bare);
    if (m.cliNodeFlags.length) row('bare node (no flags)', t.bareNoFlags);
    for (const x of t.sessions) row(`idle session ${x.pid}`, x);
    row(`spare ${t.spare.pid}`, t.spare);
    lines.push('');
    lines.push(`idle session, median: private ${kib(t.medianSessionPrivateKiB)} = bare Node + ${kib(t.aboveBarePrivateKiB)}; spare = bare Node + ${kib(t.spareAboveBarePrivateKiB)}`);
    lines.push(`(against a bare Node without flags, as \`make bench\` compares: ${kib(t.bareNoFlags.privateKiB)} private; idle session = it + ${kib(t.medianSessionPrivateKiB - t.bareNoFlags.privateKiB)})`);
    lines.push('');
    lines.push('private memory by mapping (KiB): idle session / spare / bare node');
    const kinds = new Set([...Object.keys(t.byKind.session), ...Object.keys(t.byKind.spare), ...Object.keys(t.byKind.bare)]);
    for (const k of [...kinds].sort((x, y) => (t.byKind.session[y] ?? 0) - (t.byKind.session[x] ?? 0))) {
      lines.push(`  ${String(t.byKind.session[k] ?? 0).padStart(6)} ${String(t.byKind.spare[k] ?? 0).padStart(6)} ${String(t.byKind.bare[k] ?? 0).padStart(6)}  ${k}`);
    }
    lines.push('');
  }
  const lat = (l: ReturnType<typeof latency>) => `median ${l.median.toFixed(2)} ms, p90 ${l.p90.toFixed(2)} ms, min ${l.min.toFixed(2)} ms`;
  lines.push(`login → prompt (publickey, ${m.loginPromptMs.samples.length} logins, spare ready): ${lat(m.loginPromptMs)}`);
  if (m.compare) lines.push(`  alternating with a daemon whose CLI flags are '${m.compare.cliNodeFlags.join(' ')}': ${lat(m.compare.loginPromptMs)}`);
  lines.push(`keystroke echo (${m.echoMs.samples.length} keys): ${lat(m.echoMs)}`);
  if (m.compare) lines.push(`  the other daemon's: ${lat(m.compare.echoMs)}`);
  if (s) {
    for (const [name, snap] of Object.entries(s)) {
      const info = snap.info as { modules: string[]; memoryUsage: Record<string, number>; heapSpaces: { space: string; size: number; used: number; physical: number }[]; resources: string[] };
      const ours = info.modules.filter((x) => !x.includes('/node_modules/'));
      const deps = info.modules.filter((x) => x.includes('/node_modules/'));
      lines.push('');
      lines.push(`## heap of the ${name} (pid ${String(snap.info.pid)})`);
      lines.push(`memoryUsage: ${Object.entries(info.memoryUsage).map(([k, v]) => `${k} ${kib(v / 1024)}`).join(', ')}`);
      lines.push(`heap spaces (size/used/physical KiB): ${info.heapSpaces.map((h) => `${h.space} ${Math.round(h.size / 1024)}/${Math.round(h.used / 1024)}/${Math.round(h.physical / 1024)}`).join(', ')}`);
      lines.push(`active resources: ${info.resources.join(', ')}`);
      const pkgs = new Map<string, number>();
      for (const d of deps) {
        const pm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(d.slice(d.lastIndexOf('node_modules/')));
        pkgs.set(pm?.[1] ?? d, (pkgs.get(pm?.[1] ?? d) ?? 0) + 1);
      }
      lines.push(`modules: ${info.modules.length} (${ours.length} ours; packages: ${[...pkgs].map(([p, n]) => `${p} ${n}`).join(', ') || 'none'})`);
      lines.push(`  ours: ${ours.map((x) => path.relative(path.join(ROOT, 'dist'), x)).join(' ')}`);
      lines.push(`snapshot total ${snap.heap.totalKiB} KiB; by type (KiB): ${Object.entries(snap.heap.byType).map(([k, v]) => `${k} ${v}`).join(', ')}`);
      lines.push('self size by constructor (KiB, count):');
      for (const c of snap.heap.byConstructor.slice(0, 18)) lines.push(`  ${String(c.selfKiB).padStart(6)} ${String(c.count).padStart(7)}  ${c.name}`);
      lines.push('dominator tree (retained KiB ≥ 48):');
      for (const r of snap.heap.retainers.slice(0, 60)) lines.push(`  ${'  '.repeat(r.depth)}${String(r.retainedKiB).padStart(5)}  ${r.what}`);
      lines.push(`biggest strings: ${snap.heap.strings.map((x) => `${x.kib} KiB ${JSON.stringify(x.text.slice(0, 40))}`).join('; ')}`);
    }
  }
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const env = ownUserEnv('wxmem');
  try {
    const m = await measure(env);
    const s = process.env.SESSION_MEMORY_SNAPSHOT === '0' ? undefined : await snapshots(env);
    fs.mkdirSync(OUT, { recursive: true });
    fs.writeFileSync(path.join(OUT, 'session-memory.json'), JSON.stringify({ date: new Date().toISOString(), ...m, snapshots: s }, null, 2) + '\n');
    process.stdout.write(report(m, s));
  } finally {
    await env.cleanup();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
