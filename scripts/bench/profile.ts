// Summarises a V8 .cpuprofile (node --cpu-prof): self and inclusive time per function, and per area.
import * as fs from 'node:fs';
import * as path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  name: string;
  selfMs: number;
  totalMs: number;
}

export interface ProfileSummary {
  file: string;
  /** Whether only the samples inside the measured window were counted. */
  windowed: boolean;
  busyMs: number;
  idleMs: number;
  byArea: { area: string; selfMs: number }[];
  topSelf: ProfileEntry[];
  topTotal: ProfileEntry[];
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return url.slice(dist + 1);
  return url.replace(/^file:\/\//, '');
}

/** Where a frame's code lives, coarsely: ssh2's crypto, ssh2, our code, Node internals, V8 pseudo-frames. */
function areaOf(f: CallFrame): string {
  const u = f.url;
  if (!u) return f.functionName.startsWith('(') ? f.functionName : '(native/builtin)';
  if (u.includes('node_modules/ssh2/lib/protocol/crypto')) return 'ssh2 crypto';
  if (u.includes('node_modules/ssh2/')) return 'ssh2 protocol';
  if (u.includes('node_modules/winston') || u.includes('node_modules/logform') || u.includes('node_modules/readable-stream')) return 'winston logging';
  if (u.includes('node_modules/sqlite3')) return 'sqlite3';
  if (u.includes('node_modules/node-pty')) return 'node-pty';
  if (u.includes('node_modules/')) return 'other node_modules: ' + shortUrl(u).split('/')[0];
  if (u.includes('/dist/')) return 'wx3000: ' + shortUrl(u).split('/').slice(1, 2).join('/');
  if (u.startsWith('node:')) return 'node: ' + u.slice(5).split('/').slice(0, 2).join('/');
  return shortUrl(u);
}

function frameName(f: CallFrame): string {
  return `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}`;
}

/**
 * `window`: [start, end] in microseconds of the monotonic clock (process.hrtime), the clock V8 stamps
 * profiles with on Linux; samples outside it (start-up, shutdown) are left out. Without it, or when it
 * does not overlap the profile, every sample counts.
 */
export function summarizeProfile(file: string, top = 12, window?: [number, number]): ProfileSummary {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  const stamps: number[] = [];
  let at = prof.startTime;
  for (let i = 0; i < prof.samples.length; i++) {
    at += prof.timeDeltas[i] ?? 0;
    stamps.push(at);
  }
  const useWindow = window !== undefined && stamps.some((t) => t >= window[0] && t <= window[1]);
  for (let i = 0; i < prof.samples.length; i++) {
    if (useWindow && (stamps[i] < window![0] || stamps[i] > window![1])) continue;
    const dt = prof.timeDeltas[i + 1] ?? 0; // the delta after a sample is the time attributed to it
    selfUs.set(prof.samples[i], (selfUs.get(prof.samples[i]) ?? 0) + dt);
  }
  let idleUs = 0;
  let busyUs = 0;
  const areas = new Map<string, number>();
  const selfByName = new Map<string, number>();
  const totalByName = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    busyUs += us;
    const area = areaOf(node.callFrame);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const name = frameName(node.callFrame);
    selfByName.set(name, (selfByName.get(name) ?? 0) + us);
    // Inclusive time: once per distinct function on the stack.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = frameName(byId.get(cur)!.callFrame);
      if (seen.has(n) || byId.get(cur)!.callFrame.functionName === '(root)') continue;
      seen.add(n);
      totalByName.set(n, (totalByName.get(n) ?? 0) + us);
    }
  }
  const entries = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name]) => ({ name, selfMs: (selfByName.get(name) ?? 0) / 1000, totalMs: (totalByName.get(name) ?? 0) / 1000 }));
  return {
    file,
    windowed: useWindow,
    busyMs: busyUs / 1000,
    idleMs: idleUs / 1000,
    byArea: [...areas.entries()].sort((a, b) => b[1] - a[1]).map(([area, us]) => ({ area, selfMs: us / 1000 })),
    topSelf: entries(selfByName),
    topTotal: entries(totalByName),
  };
}

export function findProfile(dir: string): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  files.sort((a, b) => fs.statSync(path.join(dir, b)).size - fs.statSync(path.join(dir, a)).size);
  return files.length ? path.join(dir, files[0]) : undefined;
}

if (require.main === module) {
  const s = summarizeProfile(process.argv[2]);
  process.stdout.write(JSON.stringify(s, null, 2) + '\n');
}
