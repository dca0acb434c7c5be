import { ChildProcess, spawn as spawnChild } from 'node:child_process';
import * as path from 'node:path';
import * as pty from 'node-pty';
import { packageRoot } from '../common/paths';
import type { Logger } from '../log/logger';
import type { ControlLink, ControlServer } from './control-server';

/** The CLI process entry: the same engine as `wx3000 console`, told its identity over the control socket. */
export function cliEntry(): string {
  return path.join(packageRoot(), 'dist/bin/cli-session.js');
}

/**
 * Node flags of every CLI process. WX3000_CLI_NODE_FLAGS (the daemon's environment, space-separated)
 * replaces them: for measurements only (scripts/bench/session-memory.ts compares flags and takes
 * heap snapshots with it).
 */
export function cliNodeFlags(): string[] {
  const env = process.env.WX3000_CLI_NODE_FLAGS;
  return env === undefined ? [...CLI_NODE_FLAGS] : env.split(' ').filter(Boolean);
}

/**
 * An idle session should cost little more than a bare Node (issue 21; scripts/bench/session-memory.ts):
 * a small young generation (as the daemon's), and V8's memory reducer, which returns the start-up
 * heap (the tree's compilation, module loading) once the process is idle, run half a second after
 * start-up instead of eight — with --optimize-for-size, which lets it run on a heap this small —
 * so the spare is already shrunk when it is taken. The JIT stays: exec output of big
 * configurations is computed in this process.
 *
 * V8 calls the reducer's delay an experiment ("do not rely on them") and Node exits on a flag its V8
 * does not know: it is passed to the V8 it was measured with only (11.x, Node 20). Elsewhere the
 * reducer runs after its default 8 s, and the spare is taken before that.
 */
export const CLI_NODE_FLAGS: readonly string[] = [
  '--max-semi-space-size=1',
  '--optimize-for-size',
  ...(process.versions.v8.startsWith('11.') ? ['--gc-memory-reducer-start-delay-ms=500'] : []),
];

export interface PtyCli {
  pty: pty.IPty;
  link: ControlLink;
}

export interface PipeCli {
  child: ChildProcess;
  link: ControlLink;
}

const HELLO_TIMEOUT_MS = 15000;
/** How long after a login the next spare starts (the login's prompt is drawn by then). */
const SPARE_DELAY_MS = 100;

interface Killable {
  kill(signal?: NodeJS.Signals): void;
}

/**
 * Starts CLI processes and keeps one warm spare under a pty, so a login never waits for Node to start.
 * The spare knows nothing (no user, no level) until it is bound; argv and environment carry no identity.
 */
export class CliPool {
  private spare?: Promise<PtyCli>;
  private failures = 0;
  private stopped = false;
  private alive = new Set<Killable>();

  constructor(
    private dataDir: string,
    private control: ControlServer,
    private log: Logger,
  ) {}

  private args(): string[] {
    return [...cliNodeFlags(), cliEntry(), '--data-dir', this.dataDir, '--control', this.control.socketPath];
  }

  private env(term = 'vt100'): NodeJS.ProcessEnv {
    return { PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: term, LANG: 'C.UTF-8', NODE_ENV: 'production' };
  }

  private async handshake(proc: Killable, pid: number, exited: Promise<unknown>): Promise<ControlLink> {
    this.alive.add(proc);
    void exited.then(() => {
      this.alive.delete(proc);
      this.control.forget(pid);
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('CLI process did not start')), HELLO_TIMEOUT_MS);
    });
    const died = exited.then(() => {
      throw new Error('CLI process exited before it was ready');
    });
    try {
      return await Promise.race([this.control.waitFor(pid), timeout, died]);
    } catch (err) {
      proc.kill('SIGKILL');
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private startPty(): Promise<PtyCli> {
    const p = pty.spawn(process.execPath, this.args(), {
      name: 'xterm',
      cols: 80,
      rows: 24,
      // Raw bytes both ways: the CLI and the client agree on UTF-8 without the daemon decoding it.
      encoding: null,
      cwd: this.dataDir,
      env: this.env('xterm'),
    });
    const exited = new Promise<void>((resolve) => p.onExit(() => resolve()));
    return this.handshake(p, p.pid, exited).then((link) => ({ pty: p, link }));
  }

  /** Keeps one spare starting or ready; a spare that keeps failing is retried with growing delays. */
  warm(): void {
    if (this.spare || this.stopped) return;
    const spare = this.startPty();
    this.spare = spare;
    spare.then(
      () => {
        this.failures = 0;
      },
      (err: Error) => {
        if (this.spare === spare) this.spare = undefined;
        // Stopping kills the spare: not a failure, and the logger may already be closed.
        if (this.stopped) return;
        this.failures++;
        this.log.error('CLI spare failed to start', { err: err.message, failures: this.failures });
        const delay = Math.min(30000, 250 * 2 ** this.failures);
        setTimeout(() => this.warm(), delay).unref();
      },
    );
  }

  /**
   * A ready CLI under a pty (the spare if there is one). The next spare starts a little later: its
   * fork and Node's start-up would otherwise compete with this session's first prompt.
   */
  async takePty(): Promise<PtyCli> {
    const mine = this.spare ?? this.startPty();
    this.spare = undefined;
    try {
      return await mine;
    } finally {
      setTimeout(() => this.warm(), SPARE_DELAY_MS).unref();
    }
  }

  /** A CLI on plain pipes: exec requests and shells without a pty. */
  async spawnPipe(): Promise<PipeCli> {
    const child = spawnChild(process.execPath, this.args(), {
      cwd: this.dataDir,
      env: this.env(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.on('error', () => undefined);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const link = await this.handshake({ kill: (sig) => child.kill(sig) }, child.pid ?? -1, exited);
    return { child, link };
  }

  /** Ends every CLI process this pool started (daemon shutdown). */
  stop(): void {
    this.stopped = true;
    for (const proc of this.alive) proc.kill('SIGHUP');
    const left = [...this.alive];
    setTimeout(() => left.forEach((p) => p.kill('SIGKILL')), 2000).unref();
  }
}
