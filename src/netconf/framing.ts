// RFC 6242 framing: end-of-message (`]]>]]>`, base:1.0) until both hellos say base:1.1, chunked
// (`\n#LEN\n…\n##\n`) after. The decoder never holds more than `max` bytes of one message: a longer
// one is discarded as it streams in and reported once, so a 100 MB message costs no 100 MB.

export const EOM = ']]>]]>';
const EOM_BYTES = Buffer.from(EOM);
/** RFC 6242 §4.2: chunk sizes are 1..4294967295, at most 10 digits. */
const MAX_CHUNK = 4294967295;

export type Framing = 'eom' | 'chunked';

export interface FrameSink {
  /** One complete message (UTF-8). May switch the decoder's framing before the next byte is read. */
  message(text: string): void;
  /** A message longer than the limit ended; its bytes were dropped. */
  oversize(): void;
  /** Chunked framing broken beyond recovery: the session must end (RFC 6242 §4.2). */
  broken(why: string): void;
}

export class FrameDecoder {
  framing: Framing = 'eom';
  private parts: Buffer[] = [];
  private size = 0;
  private discarding = false;
  /** Last bytes seen in end-of-message mode, to find a delimiter split across reads. */
  private tail: Buffer = Buffer.alloc(0);
  // Chunked state: reading a header line, or `left` bytes of chunk data.
  private header = '';
  private left = 0;
  private dead = false;

  constructor(private sink: FrameSink, private max: number) {}

  push(chunk: Buffer): void {
    let rest: Buffer | undefined = chunk;
    while (rest && rest.length && !this.dead) rest = this.framing === 'eom' ? this.eom(rest) : this.chunked(rest);
  }

  private keep(part: Buffer): void {
    this.size += part.length;
    if (this.discarding) return;
    if (this.size > this.max) {
      this.discarding = true;
      this.parts = [];
      return;
    }
    this.parts.push(part);
  }

  private finish(): void {
    const parts = this.parts;
    const oversize = this.discarding;
    this.parts = [];
    this.size = 0;
    this.discarding = false;
    if (oversize) this.sink.oversize();
    else this.sink.message(Buffer.concat(parts).toString('utf8'));
  }

  /** Consumes up to one message; returns what follows it. */
  private eom(chunk: Buffer): Buffer | undefined {
    const probe = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    const at = probe.indexOf(EOM_BYTES);
    if (at < 0) {
      this.keep(chunk);
      this.tail = probe.subarray(Math.max(0, probe.length - (EOM_BYTES.length - 1)));
      return undefined;
    }
    // The delimiter may begin in bytes already kept: drop those from the message.
    const inChunk = at - this.tail.length;
    if (inChunk >= 0) this.keep(chunk.subarray(0, inChunk));
    else this.trim(-inChunk);
    this.tail = Buffer.alloc(0);
    this.finish();
    return chunk.subarray(inChunk + EOM_BYTES.length);
  }

  /** Removes the last n bytes kept (part of a delimiter that spanned reads). */
  private trim(n: number): void {
    this.size -= n;
    if (this.discarding) return;
    while (n > 0 && this.parts.length) {
      const last = this.parts[this.parts.length - 1];
      if (last.length <= n) {
        n -= last.length;
        this.parts.pop();
      } else {
        this.parts[this.parts.length - 1] = last.subarray(0, last.length - n);
        n = 0;
      }
    }
  }

  private chunked(chunk: Buffer): Buffer | undefined {
    let i = 0;
    while (i < chunk.length) {
      if (this.left > 0) {
        const take = Math.min(this.left, chunk.length - i);
        this.keep(chunk.subarray(i, i + take));
        this.left -= take;
        i += take;
        continue;
      }
      const byte = chunk[i++];
      this.header += String.fromCharCode(byte);
      // `\n#` then digits or `#`, then `\n`: at most 13 bytes.
      if (this.header.length === 1 && this.header !== '\n') return this.fail('chunk header does not start with LF');
      if (this.header.length === 2 && this.header !== '\n#') return this.fail('chunk header has no #');
      if (this.header.length > 13) return this.fail('chunk header too long');
      if (byte !== 0x0a || this.header.length < 3) continue;
      const body = this.header.slice(2, -1);
      this.header = '';
      if (body === '#') {
        if (this.size === 0 && !this.discarding) return this.fail('end of chunks without a chunk');
        this.finish();
        return chunk.subarray(i);
      }
      if (!/^[1-9][0-9]*$/.test(body) || Number(body) > MAX_CHUNK) return this.fail(`bad chunk size`);
      this.left = Number(body);
    }
    return undefined;
  }

  private fail(why: string): undefined {
    this.dead = true;
    this.parts = [];
    this.sink.broken(why);
    return undefined;
  }
}

/** One outgoing message in the given framing. */
export function frame(text: string, framing: Framing): Buffer {
  const body = Buffer.from(text, 'utf8');
  if (framing === 'eom') return Buffer.concat([body, EOM_BYTES]);
  return Buffer.concat([Buffer.from(`\n#${body.length}\n`), body, Buffer.from('\n##\n')]);
}
