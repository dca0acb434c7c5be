// RFC 4251 wire encoding (string, mpint, uint32) — just enough to read and write public-key and
// signature blobs without depending on ssh2 (which only src/ssh may import).

export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

export class WireReader {
  private pos = 0;
  constructor(private buf: Buffer) {}

  uint32(): number {
    if (this.pos + 4 > this.buf.length) throw new WireError('truncated');
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  string(): Buffer {
    const len = this.uint32();
    if (this.pos + len > this.buf.length) throw new WireError('truncated');
    const v = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return v;
  }

  text(): string {
    return this.string().toString('latin1');
  }

  /** A non-negative mpint as unsigned big-endian bytes without leading zeros. */
  mpint(): Buffer {
    const raw = this.string();
    if (raw.length > 0 && raw[0] & 0x80) throw new WireError('negative mpint');
    let i = 0;
    while (i < raw.length && raw[i] === 0) i++;
    return raw.subarray(i);
  }

  get done(): boolean {
    return this.pos === this.buf.length;
  }

  end(): void {
    if (!this.done) throw new WireError('trailing data');
  }
}

export function wireString(data: Buffer | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

/** Encodes unsigned big-endian bytes as an mpint (leading zero added when the top bit is set). */
export function wireMpint(unsigned: Buffer): Buffer {
  let i = 0;
  while (i < unsigned.length && unsigned[i] === 0) i++;
  let v = unsigned.subarray(i);
  if (v.length > 0 && v[0] & 0x80) v = Buffer.concat([Buffer.alloc(1), v]);
  return wireString(v);
}
