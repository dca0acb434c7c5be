// Reads the bytes of an SCP channel as the protocol needs them: a control line, one status byte, or
// a file's data in chunks, with the channel paused while enough is buffered (bounded memory).
import type { Readable } from 'node:stream';

const HIGH_WATER = 1024 * 1024;
/** A control line is a mode, a size and one name: far below this. */
const MAX_LINE = 4096;

export class ScpReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private ended = false;
  private wake?: () => void;

  constructor(
    private readonly stream: Readable,
    onData?: () => void,
  ) {
    stream.on('data', (d: Buffer) => {
      onData?.();
      this.chunks.push(d);
      this.buffered += d.length;
      if (this.buffered > HIGH_WATER) stream.pause();
      this.notify();
    });
    stream.on('end', () => {
      this.ended = true;
      this.notify();
    });
    stream.on('close', () => {
      this.ended = true;
      this.notify();
    });
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private async more(): Promise<boolean> {
    if (this.chunks.length) return true;
    if (this.ended) return false;
    this.stream.resume();
    await new Promise<void>((resolve) => (this.wake = resolve));
    return this.chunks.length > 0;
  }

  /** Up to `max` bytes (at least one), or null at the end of the stream. */
  async chunk(max: number): Promise<Buffer | null> {
    if (!(await this.more())) return null;
    const first = this.chunks[0];
    let out: Buffer;
    if (first.length <= max) {
      out = this.chunks.shift()!;
    } else {
      out = first.subarray(0, max);
      this.chunks[0] = first.subarray(max);
    }
    this.buffered -= out.length;
    if (this.buffered <= HIGH_WATER) this.stream.resume();
    return out;
  }

  async byte(): Promise<number | null> {
    const b = await this.chunk(1);
    return b ? b[0] : null;
  }

  /** A line without its `\n`; null at the end of the stream; throws on an over-long line. */
  async line(): Promise<string | null> {
    const parts: Buffer[] = [];
    let len = 0;
    for (;;) {
      if (!(await this.more())) return len ? Buffer.concat(parts).toString('utf8') : null;
      const first = this.chunks[0];
      const nl = first.indexOf(0x0a);
      const take = nl >= 0 ? nl + 1 : first.length;
      const piece = await this.chunk(take);
      parts.push(piece!);
      len += piece!.length;
      if (len > MAX_LINE) throw new Error('protocol line too long');
      if (nl >= 0) return Buffer.concat(parts).subarray(0, len - 1).toString('utf8');
    }
  }
}
