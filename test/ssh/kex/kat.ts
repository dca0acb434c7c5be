// The known-answer vectors of test/ssh/kex/vectors and the deterministic randomness they were made with.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Vector {
  n: number;
  pk: string;
  ct: string;
  k: string;
}

const DIR = path.resolve(__dirname, '../../../../../test/ssh/kex/vectors');

export function loadVectors(file: string): Vector[] {
  return JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as Vector[];
}

/** SHA-512(label ‖ 0 ‖ be32(n) ‖ be32(block)) for block 0, 1, …, cut to length (see vectors/README.md). */
export function katStream(label: string, n: number, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let b = 0; blocks.length * 64 < length; ++b) {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(n, 0);
    head.writeUInt32BE(b, 4);
    blocks.push(createHash('sha512').update(label).update(Buffer.of(0)).update(head).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}
