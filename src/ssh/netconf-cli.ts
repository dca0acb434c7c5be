// NETCONF's CLI operation (and save) run in a CLI process like an exec request: the same engine,
// tree, levels, audit and lock checks as a typed line. The process runs the lines as a script.
import type { BindInfo } from '../common/control-protocol';
import type { CliPool } from './cli-process';

/** Output beyond this ends the script (a display of everything must not grow the daemon). */
const MAX_OUTPUT = 16 * 1024 * 1024;
const SCRIPT_TIMEOUT_MS = 120_000;

/**
 * Runs `lines` in one CLI process bound as `bind` says; resolves with each line's output.
 * `onPid` tells the caller the process id while it runs (its lock checks count as the session's).
 */
export async function runCliScript(
  pool: CliPool,
  bind: Omit<BindInfo, 'mode' | 'command'>,
  lines: string[],
  onPid: (pid: number | undefined) => void,
): Promise<string[]> {
  const { child, link } = await pool.spawnPipe();
  onPid(child.pid);
  const chunks: Buffer[] = [];
  let size = 0;
  child.stdout!.on('data', (d: Buffer) => {
    size += d.length;
    if (size > MAX_OUTPUT) child.kill('SIGKILL');
    else chunks.push(d);
  });
  child.stderr!.resume();
  child.stdin!.on('error', () => undefined);
  child.stdin!.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), SCRIPT_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve) => {
    child.once('close', (c) => resolve(c));
    link.push({ op: 'bind', bind: { ...bind, mode: 'script', command: lines.join('\n') } });
  });
  clearTimeout(timer);
  onPid(undefined);
  if (size > MAX_OUTPUT) throw new Error('the output is too large');
  try {
    const out = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    if (Array.isArray(out) && out.every((o) => typeof o === 'string')) return out as string[];
  } catch {
    /* reported below */
  }
  throw new Error(`the command line ended without output (status ${code})`);
}
