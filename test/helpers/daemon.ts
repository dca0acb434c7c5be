// Starts the real daemon (dist/bin/wx3000.js serve) on a loopback port chosen by the kernel.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../../..');
export const BIN = path.join(ROOT, 'dist/bin/wx3000.js');

const made: string[] = [];
// Temporary data directories go when the test file's process ends (its daemons are stopped by then).
process.once('exit', () => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

export function tempDir(prefix = 'wx3000-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export interface TestDaemon {
  proc: ChildProcess;
  port: number;
  dataDir: string;
  stdout: () => string;
  stderr: () => string;
  /** Settings written straight into the database: SIGHUP, and wait until the daemon has taken it. */
  reload(): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startDaemon(opts: { dataDir?: string; args?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<TestDaemon> {
  const dataDir = opts.dataDir ?? tempDir();
  const proc = spawn(process.execPath, [BIN, 'serve', '--data-dir', dataDir, '--port', '0', '--log-level', 'debug', ...(opts.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...opts.env },
  });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (err += d));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`daemon did not start: ${err}`)), 30000);
    const check = () => {
      const m = /listening on [\d.]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    proc.stdout!.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`daemon exited ${code}: ${err}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    proc,
    port,
    dataDir,
    stdout: () => out,
    stderr: () => err,
    async reload() {
      const count = () => err.split('settings and host keys will be read again').length;
      const before = count();
      proc.kill('SIGHUP');
      const deadline = Date.now() + 10000;
      while (count() === before) {
        if (Date.now() > deadline) throw new Error('daemon did not take SIGHUP');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode !== null) return proc.exitCode;
      proc.kill(signal);
      const t = setTimeout(() => proc.kill('SIGKILL'), 10000);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
  };
}

/** Options that keep the OpenSSH client away from the user's files and prompts. */
export function sshBaseArgs(port: number, opts: { quiet?: boolean } = {}): string[] {
  return [
    ...(opts.quiet === false ? [] : ['-o', 'LogLevel=ERROR']),
    '-F', '/dev/null',
    '-p', String(port),
    '-o', 'StrictHostKeyChecking=no',
    '-o', 'UserKnownHostsFile=/dev/null',
    '-o', 'GlobalKnownHostsFile=/dev/null',
    '-o', 'ConnectTimeout=10',
  ];
}

export function runSsh(args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}) {
  const r = spawnSync('ssh', args, {
    env: { ...process.env, ...opts.env },
    input: opts.input,
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 30000,
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '').replace(/\r\n/g, '\n') };
}

/**
 * Saves configuration lines (system view, as `save` writes them) as DIR/startup.cfg, so the next
 * start boots with them: settings written straight into the database do not survive a start.
 */
export function saveStartupConfig(dataDir: string, lines: string[]): void {
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'startup.cfg'), ['#', ...lines.map((l) => ` ${l}`), '#', 'return', ''].join('\n'), { mode: 0o600 });
}
