// `authentication-mode scheme` on aux 0: the console asks for a user name and a password and checks
// them through the same Authenticator as SSH (the ISP domain's methods, RADIUS included).
import type { Device } from '../device';
import { Authenticator } from '../auth/authenticator';
import type { AccountingSession } from '../auth/radius/client';
import { createLogger } from '../log/logger';
import { LogBufferTransport } from '../log/logbuffer-transport';

const TRIES = 3;
const MAX_LINE = 255;

export type ConsoleLogin = {
  userName: string;
  level: number;
  mustChangePassword: boolean;
  accounting?: AccountingSession;
  /** Typed ahead of the prompt: the CLI gets it first. */
  typeAhead: { bytes: Buffer; ended: boolean };
};

/**
 * Lines from the console, echoed or not, backspace honoured. On a terminal stdin is already raw, so
 * the echo is ours to write. What arrives after the last line read belongs to the CLI: `rest()`.
 */
class LineReader {
  private buf = Buffer.alloc(0);
  private ended = false;
  private wake?: () => void;
  private onData = (chunk: Buffer) => {
    this.buf = Buffer.concat([this.buf, chunk]);
    this.wake?.();
  };
  private onEnd = () => {
    this.ended = true;
    this.wake?.();
  };

  constructor(
    private stdin: NodeJS.ReadStream,
    private write: (s: string) => void,
    private tty: boolean,
  ) {
    stdin.on('data', this.onData);
    stdin.on('end', this.onEnd);
    stdin.resume();
  }

  /** undefined at the end of input or on Ctrl+C / Ctrl+D. */
  async line(echo: boolean): Promise<string | undefined> {
    let line = '';
    for (let i = 0; ; i++) {
      while (i >= this.buf.length) {
        if (this.ended) return undefined;
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
      const c = this.buf[i];
      if (c === 0x0d || c === 0x0a) {
        this.buf = this.buf.subarray(i + (c === 0x0d && this.buf[i + 1] === 0x0a ? 2 : 1));
        this.write('\r\n');
        return line;
      }
      if (c === 0x03 || c === 0x04) return undefined;
      if (c === 0x7f || c === 0x08) {
        if (line.length && echo && this.tty) this.write('\b \b');
        line = line.slice(0, -1);
      } else if (c >= 0x20 && line.length < MAX_LINE) {
        line += String.fromCharCode(c);
        if (echo && this.tty) this.write(String.fromCharCode(c));
      }
    }
  }

  /** Stops reading; returns the bytes not consumed (and whether the input already ended). */
  rest(): { bytes: Buffer; ended: boolean } {
    this.stdin.off('data', this.onData);
    this.stdin.off('end', this.onEnd);
    this.stdin.pause();
    return { bytes: this.buf, ended: this.ended };
  }
}

/** Up to three tries; undefined when they fail or the input ends. Failures go to the log buffer. */
export async function consoleLogin(device: Device, stdin: NodeJS.ReadStream, write: (s: string) => void, tty: boolean): Promise<ConsoleLogin | undefined> {
  const log = createLogger({ console: false, sinks: [new LogBufferTransport(await device.logBuffer())] });
  const auth = new Authenticator(device, log);
  const reader = new LineReader(stdin, write, tty);
  try {
    for (let i = 0; i < TRIES; i++) {
      write('Login authentication\r\n\r\nUsername:');
      const name = await reader.line(true);
      if (name === undefined) return undefined;
      write('Password:');
      const password = await reader.line(false);
      if (password === undefined) return undefined;
      const r = await auth.verifyConsoleLogin(name, password);
      if (r.ok) return { userName: name, level: r.level, mustChangePassword: r.mustChangePassword, accounting: r.accounting, typeAhead: reader.rest() };
      write('% Login failed!\r\n\r\n');
    }
    return undefined;
  } finally {
    reader.rest();
    await new Promise<void>((resolve) => log.on('finish', resolve).end());
  }
}
