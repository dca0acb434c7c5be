// An interactive OpenSSH client under a real pty (node-pty), read like a screen.
import * as pty from 'node-pty';

export class PtySsh {
  readonly proc: pty.IPty;
  private buf = '';
  private exitCode?: number;
  private exitWaiters: ((code: number) => void)[] = [];

  constructor(args: string[], env: NodeJS.ProcessEnv = {}, size = { cols: 120, rows: 40 }) {
    this.proc = pty.spawn('ssh', ['-tt', ...args], {
      name: 'xterm',
      cols: size.cols,
      rows: size.rows,
      env: { ...process.env, ...env } as { [key: string]: string },
    });
    this.proc.onData((d) => (this.buf += d));
    this.proc.onExit(({ exitCode }) => {
      this.exitCode = exitCode;
      this.exitWaiters.forEach((w) => w(exitCode));
    });
  }

  get output(): string {
    return this.buf;
  }

  /** Everything after the last mark. */
  since(mark: number): string {
    return this.buf.slice(mark);
  }

  get mark(): number {
    return this.buf.length;
  }

  write(s: string): void {
    this.proc.write(s);
  }

  async waitFor(re: RegExp, timeoutMs = 15000, from = 0): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = this.buf.slice(from);
      if (re.test(text)) return text;
      if (this.exitCode !== undefined) throw new Error(`ssh exited (${this.exitCode}) before ${re}: ${JSON.stringify(text.slice(-500))}`);
      if (Date.now() > deadline) throw new Error(`timeout waiting for ${re}: ${JSON.stringify(text.slice(-500))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  waitExit(timeoutMs = 15000): Promise<number> {
    if (this.exitCode !== undefined) return Promise.resolve(this.exitCode);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('ssh did not exit')), timeoutMs);
      this.exitWaiters.push((c) => {
        clearTimeout(t);
        resolve(c);
      });
    });
  }

  kill(): void {
    if (this.exitCode === undefined) this.proc.kill('SIGKILL');
  }
}
