// Helpers of the firmware tests: build an image with firmware/build-image.sh, unpack it, check its
// MANIFEST, drive its init script inside a relocated root, and find the processes it left.
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers/daemon';

export const SCRIPT = path.join(ROOT, 'firmware/build-image.sh');

export interface Built {
  file: string;
  sha256: string;
  ms: number;
  log: string;
}

/** Runs the build script (dist/ is already built by `make test`) and returns the image. */
export function buildImage(out: string, env: NodeJS.ProcessEnv = {}): Built {
  const t0 = Date.now();
  const r = spawnSync('bash', [SCRIPT], {
    cwd: ROOT,
    env: { ...process.env, WX3000_IMAGE_OUT: out, ...env },
    encoding: 'utf8',
    timeout: 180000,
  });
  const log = `${r.stdout}${r.stderr}`;
  if (r.status !== 0) throw new Error(`build-image.sh failed (${r.status ?? r.signal}):\n${log}`);
  const file = r.stdout.trim().split('\n').pop()!;
  if (path.resolve(file) !== path.resolve(out)) throw new Error(`unexpected output path ${file}`);
  return { file, sha256: sha256(fs.readFileSync(file)), ms: Date.now() - t0, log: r.stderr };
}

export function sha256(data: Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

export function unpack(image: string, root: string): void {
  fs.mkdirSync(root, { recursive: true });
  const r = spawnSync('tar', ['-xzf', image, '-C', root], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tar: ${r.stderr}`);
}

export interface Manifest {
  header: Map<string, string>;
  files: Map<string, string>;
}

export function readManifest(root: string): Manifest {
  const header = new Map<string, string>();
  const files = new Map<string, string>();
  for (const line of fs.readFileSync(path.join(root, 'opt/wx3000/MANIFEST'), 'utf8').split('\n')) {
    let m: RegExpExecArray | null;
    if ((m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line))) files.set(m[2], m[1]);
    else if ((m = /^([a-z-]+): (.*)$/.exec(line))) header.set(m[1], m[2]);
  }
  return { header, files };
}

/** Every regular file under root, relative, sorted. */
export function filesUnder(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...filesUnder(root, r));
    else if (e.isFile()) out.push(r);
  }
  return out.sort();
}

/** Problems with root's MANIFEST: wrong checksums, files missing from it or from the disk. */
export function manifestProblems(root: string, opts: { ignore?: RegExp } = {}): string[] {
  const { files } = readManifest(root);
  const problems: string[] = [];
  for (const [rel, sum] of files) {
    const p = path.join(root, rel);
    if (!fs.existsSync(p)) problems.push(`missing ${rel}`);
    else if (sha256(fs.readFileSync(p)) !== sum) problems.push(`checksum ${rel}`);
  }
  for (const rel of filesUnder(root)) {
    if (rel === 'opt/wx3000/MANIFEST' || opts.ignore?.test(rel)) continue;
    if (!files.has(rel)) problems.push(`not in MANIFEST: ${rel}`);
  }
  return problems;
}

export interface InitResult {
  status: number | null;
  out: string;
  ms: number;
}

/** /etc/init.d/wx3000 of the unpacked image, relocated into root with WX3000_ROOT. */
export function initScript(root: string, action: string, env: NodeJS.ProcessEnv = {}): InitResult {
  const t0 = Date.now();
  const r = spawnSync('sh', [path.join(root, 'etc/init.d/wx3000'), action], {
    env: { PATH: process.env.PATH, WX3000_ROOT: root, ...env },
    encoding: 'utf8',
    timeout: 60000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}`, ms: Date.now() - t0 };
}

export function wx3000(root: string, args: string[], input?: string) {
  const r = spawnSync(path.join(root, 'opt/wx3000/bin/wx3000'), args, { encoding: 'utf8', input, timeout: 60000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Pids whose command line mentions dir (the daemon, its CLI processes, anything it left). */
export function processesUnder(dir: string): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(dir)) pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Resident set size of pid in KiB (VmRSS). */
export function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

export function bumpPatch(version: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)(.*)$/.exec(version);
  if (!m) throw new Error(`not a version: ${version}`);
  return `${m[1]}.${m[2]}.${Number(m[3]) + 1}`;
}

export async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Proportional set size of pid in KiB (shared pages split among their users), 0 if unknown. */
export function pssKiB(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}
