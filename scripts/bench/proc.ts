// Process-tree accounting from /proc: who belongs to a server, its PSS, its CPU time, and how to stop it.
import * as fs from 'node:fs';

const CLK_TCK = 100; // Linux USER_HZ; /proc/PID/stat times are in these ticks on every supported kernel.

interface StatLine {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime, in ticks: the process and its reaped descendants. */
  ticks: number;
}

function readStat(pid: number): StatLine | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name may hold spaces and parentheses: fields start after the last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // rest[0] = state (field 3), so field N is rest[N - 3].
  const ppid = Number(rest[1]);
  const ticks = Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]);
  return { pid, ppid, ticks };
}

function allStats(): StatLine[] {
  const out: StatLine[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) out.push(s);
  }
  return out;
}

/** The root and every live descendant. */
export function processTree(root: number): number[] {
  return treeStats(root).map((s) => s.pid);
}

function treeStats(root: number): StatLine[] {
  const stats = allStats();
  const children = new Map<number, StatLine[]>();
  for (const s of stats) {
    const list = children.get(s.ppid) ?? [];
    list.push(s);
    children.set(s.ppid, list);
  }
  const top = stats.find((s) => s.pid === root);
  if (!top) return [];
  const out: StatLine[] = [];
  const queue = [top];
  while (queue.length) {
    const s = queue.shift()!;
    out.push(s);
    queue.push(...(children.get(s.pid) ?? []));
  }
  return out;
}

/** CPU seconds used by the tree so far, reaped children included (each live process counts its own reaped ones). */
export function treeCpuSeconds(root: number): number {
  return treeStats(root).reduce((sum, s) => sum + s.ticks, 0) / CLK_TCK;
}

/** Proportional set size of one process in KiB (smaps_rollup), 0 if it is gone. */
export function pssKiB(pid: number): number {
  try {
    const text = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const m = /^Pss:\s+(\d+) kB/m.exec(text);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Private (clean + dirty) memory of one process in KiB: what it would free on exit. */
export function privateKiB(pid: number): number {
  try {
    const text = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
    return field('Private_Clean') + field('Private_Dirty');
  } catch {
    return 0;
  }
}

export function treePssKiB(root: number): { total: number; privateTotal: number; processes: number } {
  const pids = processTree(root);
  return {
    total: pids.reduce((sum, pid) => sum + pssKiB(pid), 0),
    privateTotal: pids.reduce((sum, pid) => sum + privateKiB(pid), 0),
    processes: pids.length,
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Stops a server we started detached (its own process group) and everything under it, including
 * descendants that left the group (sshd's per-connection children call setsid): TERM, then KILL.
 */
export async function stopTree(root: number, graceMs = 3000): Promise<void> {
  const members = processTree(root);
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-root, sig);
    } catch {
      /* group gone */
    }
    for (const pid of members) {
      try {
        process.kill(pid, sig);
      } catch {
        /* gone */
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && members.some(alive)) await sleep(50);
  if (members.some(alive)) signal('SIGKILL');
}
