// The daemon's half of echo ahead (the scheme: src/common/echo-ahead.ts). It sits between the channel
// and the pty of one shell: every client byte passes through `input`, every CLI byte is counted by
// `output`, and the CLI's offers and stops arrive over the control socket.
import { echoable, MARK, MAX_ROOM } from '../common/echo-ahead';

export interface EchoOffer {
  consumed: number;
  written: number;
  room: number;
}

export class EchoAhead {
  /** Bytes handed to the pty (after escaping) and read from it, since the session's CLI started. */
  private forwarded = 0;
  private read = 0;
  /** Characters the daemon may still echo; 0: every byte goes to the CLI unechoed. */
  private room = 0;
  private offer?: EchoOffer;

  /** `echo` writes to the channel, ahead of the pty bytes that `input` returns. */
  constructor(private echo: (b: Buffer) => void) {}

  /** A chunk from the client: echoes what it may, returns the bytes for the pty. */
  input(d: Buffer): Buffer {
    this.offer = undefined; // made before these bytes: stale
    if (this.room === 0 && d.indexOf(MARK) < 0) {
      this.forwarded += d.length;
      return d;
    }
    const out = Buffer.allocUnsafe(d.length * 2);
    const echo = Buffer.allocUnsafe(d.length);
    let n = 0;
    let e = 0;
    for (const b of d) {
      if (this.room > 0 && echoable(b)) {
        this.room--;
        echo[e++] = b;
        out[n++] = MARK;
        out[n++] = b;
        continue;
      }
      this.room = 0; // anything else is the CLI's to handle, and so is all that follows it
      if (b === MARK) out[n++] = MARK;
      out[n++] = b;
    }
    if (e) this.echo(echo.subarray(0, e));
    this.forwarded += n;
    return out.subarray(0, n);
  }

  /** Bytes the CLI wrote have reached the channel. */
  output(n: number): void {
    this.read += n;
    // The CLI writes nothing while the daemon echoes (it stops the daemon first): if it did, stop.
    this.room = 0;
    this.take();
  }

  /** The CLI's offer; kept until the counts meet (its output may still be in the pty). */
  offered(o: EchoOffer): void {
    if (![o.consumed, o.written, o.room].every((v) => Number.isSafeInteger(v) && v >= 0)) return;
    this.offer = { consumed: o.consumed, written: o.written, room: Math.min(o.room, MAX_ROOM) };
    this.take();
  }

  /** The CLI is about to write: no more echo; how many bytes it must read before it writes. */
  stop(): number {
    this.room = 0;
    this.offer = undefined;
    return this.forwarded;
  }

  private take(): void {
    const o = this.offer;
    if (!o) return;
    if (o.consumed !== this.forwarded || o.written < this.read) {
      this.offer = undefined;
      return;
    }
    if (o.written > this.read) return; // its output is still on the way
    this.offer = undefined;
    this.room = o.room;
  }
}
