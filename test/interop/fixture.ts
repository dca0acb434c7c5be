// A daemon with one level-3 user that has both a password and an ed25519 key, for the interop tests.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BIN, ROOT, startDaemon, TestDaemon, tempDir } from '../helpers/daemon';

export const USER = 'netops';
export const PASSWORD = 'Interop-Pw-2024!';
export const CLIENTS_PY = path.join(ROOT, 'test/interop/clients.py');

export interface InteropDaemon {
  d: TestDaemon;
  port: number;
  dir: string;
  keyFile: string;
  /** SHA256:... of the ed25519 host key (what plink -hostkey wants). */
  hostKeyFingerprint: string;
  stop(): Promise<void>;
}

export async function startInteropDaemon(): Promise<InteropDaemon> {
  const dir = tempDir('wx3000-interop-');
  const data = path.join(dir, 'data');
  execFileSync(process.execPath, [BIN, 'user', 'add', USER, '--level', '3', '--password-stdin', '--data-dir', data], {
    input: PASSWORD + '\n',
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  const keyFile = path.join(dir, 'id_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'interop', '-f', keyFile]);
  execFileSync(process.execPath, [BIN, 'user', 'key', 'add', USER, `${keyFile}.pub`, '--data-dir', data], { stdio: ['ignore', 'ignore', 'pipe'] });
  const d = await startDaemon({ dataDir: data });
  const fp = execFileSync('ssh-keygen', ['-lf', path.join(data, 'ssh_host_ed25519_key.pub')], { encoding: 'utf8' }).split(' ')[1];
  return {
    d,
    port: d.port,
    dir,
    keyFile,
    hostKeyFingerprint: fp,
    async stop() {
      await d.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs a program with a hard time limit, without blocking the event loop. */
export function run(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<{ status: number | null; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.stdin.on('error', () => undefined);
    if (opts.input !== undefined) p.stdin.end(opts.input);
    else p.stdin.end();
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-p.pid!, 'SIGKILL');
      } catch {
        p.kill('SIGKILL');
      }
    }, opts.timeoutMs ?? 30000);
    p.on('error', (err) => {
      stderr += String(err);
    });
    p.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, timedOut });
    });
  });
}
