// The CLI's half of echo ahead (the scheme: src/common/echo-ahead.ts): it reads the pty stream
// (marked characters were echoed by the daemon), offers the daemon room whenever the engine is at
// the end of its line with nothing queued, and stops the daemon before it writes anything of its
// own (a message, a log line), so the screen is always what the CLI alone would have made of it.
import { MARK } from '../common/echo-ahead';

/** What echo ahead needs of the engine (src/cli/engine.ts). */
export interface EchoEngine {
  feed(d: Buffer): void;
  feedEchoed(ch: string): void;
  echoRoom(): number;
}

/** What it needs of the control socket (src/device/sessions.ts). */
export interface EchoLink {
  echoOffer(o: { consumed: number; written: number; room: number }): void;
  echoStop(): Promise<number | null>;
}

/**
 * A chunk this short is a keystroke (an escape sequence at most): its output is held back while it is
 * fed, up to HOLD_MAX characters (a redrawn line fits).
 */
const KEYSTROKE_MAX = 16;
const HOLD_MAX = 4096;

export class EchoAheadCli {
  /** Pty bytes read (as the daemon wrote them, marks included). */
  private consumed: number;
  /** A chunk ended after a MARK: its partner is the next chunk's first byte. */
  private markPending = false;
  /** An offer was sent since the daemon last passed a byte unechoed: it may be echoing. */
  private offered = false;
  private feeding = false;
  private holding = false;
  /** What the engine wrote while a chunk was being fed: written after the offer is on its way. */
  private pending: string[] = [];
  private pendingLength = 0;
  /** Writes waiting for the daemon to stop, and the pty count they wait for once it has answered. */
  private held: Array<() => void> = [];
  private stopAt?: number;

  /**
   * `written`: bytes this process has written to the pty so far (stdout and stderr); `sink` writes
   * the engine's output to the pty; `readBefore`: pty bytes read before the engine (a password change).
   */
  constructor(
    private engine: EchoEngine,
    private link: EchoLink,
    private written: () => number,
    private sink: (s: string) => void,
    readBefore = 0,
  ) {
    this.consumed = readBefore;
  }

  /**
   * The engine's output. While a keystroke is fed, what it writes is kept and written as one, after
   * the offer that counts it has been sent: the daemon then holds the offer until these bytes pass,
   * instead of the offer trailing the output (and the client's next keystroke beating it). Output
   * for a longer chunk (a paste, a flood) goes out as it comes: held and written at once, a flood's
   * beeps reached the daemon in large chunks and grew it (test/ssh/backpressure.test.ts).
   */
  out(s: string): void {
    if (this.holding && this.pendingLength + s.length <= HOLD_MAX) {
      this.pending.push(s);
      this.pendingLength += s.length;
      return;
    }
    const held = this.flush();
    if (held) this.sink(held);
    this.sink(s);
  }

  private flush(): string {
    const out = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    return out;
  }

  /** A chunk from the pty. */
  input(d: Buffer): void {
    this.consumed += d.length;
    this.feeding = true;
    this.holding = d.length <= KEYSTROKE_MAX;
    let plain = false;
    let from = 0; // the plain bytes from here on are not fed yet
    let i = 0;
    if (this.markPending) {
      this.markPending = false;
      plain = this.afterMark(d[0]) || plain;
      from = i = 1;
    }
    for (; i < d.length; i++) {
      if (d[i] !== MARK) continue;
      if (i > from) {
        this.engine.feed(d.subarray(from, i));
        plain = true;
      }
      if (i + 1 === d.length) {
        this.markPending = true;
        from = d.length;
        break;
      }
      plain = this.afterMark(d[++i]) || plain;
      from = i + 1;
    }
    if (from < d.length) {
      this.engine.feed(d.subarray(from));
      plain = true;
    }
    this.feeding = false;
    this.holding = false;
    // A byte the daemon passed on unechoed ended its echoing, and made every earlier offer stale.
    if (plain) this.offered = false;
    const out = this.flush();
    this.idle(Buffer.byteLength(out));
    if (out) this.sink(out);
    this.release();
  }

  /** The byte after a MARK: a character the daemon echoed, or (MARK again) one MARK byte. True if plain. */
  private afterMark(b: number): boolean {
    if (b === MARK) {
      this.engine.feed(Buffer.of(MARK));
      return true;
    }
    this.engine.feedEchoed(String.fromCharCode(b));
    return false;
  }

  /** The engine has processed all it was fed: offer room if it has some and none is offered. */
  idle(unwritten = 0): void {
    if (this.feeding || this.offered || this.held.length) return;
    const room = this.engine.echoRoom();
    if (room === 0) return;
    this.offered = true;
    this.link.echoOffer({ consumed: this.consumed, written: this.written() + unwritten, room });
  }

  /** Runs `write` (which writes to the terminal) once the daemon cannot be echoing. */
  whenQuiet(write: () => void): void {
    if (!this.offered && !this.held.length) return write();
    this.held.push(write);
    if (this.held.length > 1) return;
    this.link.echoStop().then(
      (at) => {
        this.stopAt = at ?? 0;
        this.release();
      },
      () => {
        this.stopAt = 0; // no daemon: nobody echoes
        this.release();
      },
    );
  }

  /** Held writes run once every byte the daemon echoed before it stopped is in the engine. */
  private release(): void {
    if (this.stopAt === undefined || this.consumed < this.stopAt || this.markPending) return;
    this.stopAt = undefined;
    this.offered = false;
    const held = this.held;
    this.held = [];
    for (const w of held) w();
    this.idle();
  }
}

/** Adds the bytes of every write on `stream` to a count (the offer's `written`). */
export function countWrites(stream: NodeJS.WriteStream, add: (n: number) => void): void {
  const write = stream.write;
  stream.write = function (this: NodeJS.WriteStream, chunk: string | Uint8Array, ...rest: unknown[]): boolean {
    add(typeof chunk === 'string' ? Buffer.byteLength(chunk, typeof rest[0] === 'string' ? (rest[0] as BufferEncoding) : 'utf8') : chunk.byteLength);
    return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof stream.write;
}
