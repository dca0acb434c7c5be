// Streamlined NTRU Prime sntrup761 (NTRU Prime round 3), encapsulation only: the server side of
// sntrup761x25519-sha512. Written from the specification; the parameters and the byte formats are
// those of the round-3 submission (and so of OpenSSH's sntrup761.c).
//
// Secret data here is the short polynomial r and its encoding. Everything that touches it runs in
// data-independent time: r comes from a sorting network (no data-dependent branch or index), and
// the product h·r visits every coefficient. Branches and variable-length loops appear only in
// decoding the public key and encoding the (public) ciphertext.
import { createHash, randomBytes } from 'node:crypto';

const P = 761;
const Q = 4591;
const W = 286;
const Q12 = (Q - 1) / 2;
const SMALL_BYTES = (P + 3) >> 2;
const ROUNDED_BYTES = 1007;

export const SNTRUP761_PUBLICKEY_BYTES = 1158;
export const SNTRUP761_CIPHERTEXT_BYTES = ROUNDED_BYTES + 32;
/** Random bytes one encapsulation consumes: 761 little-endian 32-bit words. */
export const SNTRUP761_ENC_RANDOM_BYTES = 4 * P;

/** x mod q, centred in [-(q-1)/2, (q-1)/2], by multiply-and-shift (no division, no branch). */
const Q16 = Math.floor((0x10000 + Q12) / Q);
const Q20 = Math.floor((0x100000 + Q12) / Q);
const Q28 = Math.floor((0x10000000 + Q12) / Q);
function fqFreeze(x: number): number {
  x -= Q * ((Q16 * x) >> 16);
  x -= Q * ((Q20 * x) >> 20);
  return x - Q * ((Q28 * x + 0x8000000) >> 28);
}

/** x mod 3, centred in {-1, 0, 1}, for |x| <= (q-1)/2. */
function f3Freeze(x: number): number {
  return x - 3 * ((10923 * x + 16384) >> 15);
}

/** SHA-512 of (prefix byte ‖ parts), first 32 bytes: the submission's Hash_prefix. */
function hashPrefix(prefix: number, ...parts: Uint8Array[]): Buffer {
  const h = createHash('sha512').update(Uint8Array.of(prefix));
  for (const part of parts) h.update(part);
  return h.digest().subarray(0, 32);
}

/**
 * Sorts in place, ascending, with a fixed sequence of compare-exchanges (djbsort's network
 * structure): which positions are compared depends only on n, never on the values.
 */
function sortNetwork(x: Int32Array): void {
  const n = x.length;
  if (n < 2) return;
  let top = 1;
  while (top < n - top) top += top;
  for (let p = top; p >= 1; p >>= 1) {
    let i = 0;
    while (i + 2 * p <= n) {
      for (let j = i; j < i + p; ++j) minmax(x, j, j + p);
      i += 2 * p;
    }
    for (let j = i; j < n - p; ++j) minmax(x, j, j + p);
    i = 0;
    let j = 0;
    levels: for (let q = top; q > p; q >>= 1) {
      if (j !== i) {
        for (;;) {
          if (j === n - q) continue levels;
          cascade(x, j, p, q);
          ++j;
          if (j === i + p) {
            i += 2 * p;
            break;
          }
        }
      }
      while (i + p <= n - q) {
        for (j = i; j < i + p; ++j) cascade(x, j, p, q);
        i += 2 * p;
      }
      j = i;
      while (j < n - q) {
        cascade(x, j, p, q);
        ++j;
      }
    }
  }
}

function cascade(x: Int32Array, j: number, p: number, q: number): void {
  for (let r = q; r > p; r >>= 1) minmax(x, j + p, j + r);
}

/** x[i] = min, x[j] = max of two signed 32-bit values, with bit operations only (no branch). */
function minmax(x: Int32Array, i: number, j: number): void {
  const a = x[i];
  const b = x[j];
  const ab = b ^ a;
  let c = (b - a) | 0;
  c ^= ab & (c ^ b); // the sign of b - a, overflow included
  c = (c >> 31) & ab;
  x[i] = a ^ c;
  x[j] = b ^ c;
}

/** A uniformly random polynomial with exactly w coefficients ±1 and the rest 0 (Short_fromlist). */
function shortFromList(random: Uint8Array): Int8Array {
  const view = new DataView(random.buffer, random.byteOffset, random.byteLength);
  const L = new Int32Array(P);
  for (let i = 0; i < P; ++i) {
    const v = view.getUint32(4 * i, true);
    // Low two bits: 0 or 2 (-> -1 or +1) for the first w entries, 1 (-> 0) for the rest. The top
    // bit flipped, unsigned order becomes signed order; the low bits stay.
    L[i] = (i < W ? v & ~1 : (v & ~3) | 1) ^ 0x80000000;
  }
  sortNetwork(L);
  const out = new Int8Array(P);
  for (let i = 0; i < P; ++i) out[i] = (L[i] & 3) - 1;
  L.fill(0);
  return out;
}

function smallEncode(f: Int8Array): Buffer {
  const s = Buffer.alloc(SMALL_BYTES);
  for (let i = 0; i < P >> 2; ++i) {
    let x = 0;
    for (let j = 0; j < 4; ++j) x += (f[4 * i + j] + 1) << (2 * j);
    s[i] = x;
  }
  s[P >> 2] = f[P - 1] + 1;
  return s;
}

const HALF = (P + 1) >> 1;
const LANE = 2 ** 26;
const SCHOOLBOOK = 48;

/** The product of two length-n polynomials (length 2n - 1): schoolbook when small, else Karatsuba. */
function polyMul(a: Float64Array, b: Float64Array): Float64Array {
  const n = a.length;
  const out = new Float64Array(2 * n - 1);
  if (n <= SCHOOLBOOK) {
    for (let j = 0; j < n; ++j) {
      const bj = b[j];
      for (let i = 0; i < n; ++i) out[i + j] += bj * a[i];
    }
    return out;
  }
  const m = (n + 1) >> 1;
  const a0 = a.subarray(0, m);
  const b0 = b.subarray(0, m);
  const a1 = new Float64Array(m);
  const b1 = new Float64Array(m);
  a1.set(a.subarray(m));
  b1.set(b.subarray(m));
  const as = new Float64Array(m);
  const bs = new Float64Array(m);
  for (let i = 0; i < m; ++i) {
    as[i] = a0[i] + a1[i];
    bs[i] = b0[i] + b1[i];
  }
  const z0 = polyMul(a0, b0);
  const z2 = polyMul(a1, b1);
  const z1 = polyMul(as, bs);
  for (let i = 0; i < 2 * m - 1; ++i) {
    out[i] += z0[i];
    out[i + m] += z1[i] - z0[i] - z2[i];
    if (i + 2 * m < out.length) out[i + 2 * m] += z2[i];
  }
  return out;
}

/**
 * h·r in Z_q[x]/(x^p - x - 1), r small. Two coefficients of h ride in one double (h[m] +
 * 2^26·h[m + HALF]) and the product is Karatsuba's: which operations run depends only on p, never
 * on r. Exact throughout: each Karatsuba level at most doubles the operands (three levels down to
 * 48 terms: |sum| <= 48 · 2^3·(q-1)/2 · 2^3 < 2^23 per lane), so every intermediate is an integer
 * below 2^50, and the final lanes (|sum| <= HALF·(q-1)/2 < 2^20) come apart exactly.
 */
function rqMultSmall(h: Int16Array, r: Int8Array): Int16Array {
  const packed = new Float64Array(HALF);
  for (let m = 0; m < HALF; ++m) packed[m] = h[m] + LANE * (m + HALF < P ? h[m + HALF] : 0);
  const small = Float64Array.from(r);
  // packed has HALF entries, r has P: split r at HALF into two HALF×HALF products.
  const lo = polyMul(packed, small.subarray(0, HALF));
  const r1 = new Float64Array(HALF);
  r1.set(small.subarray(HALF));
  const hi = polyMul(packed, r1);
  small.fill(0);
  r1.fill(0);
  const acc = new Float64Array(HALF + P);
  for (let t = 0; t < lo.length; ++t) {
    acc[t] += lo[t];
    acc[t + HALF] += hi[t];
  }
  lo.fill(0);
  hi.fill(0);
  const fg = new Int32Array(2 * P + HALF); // a few entries past 2p - 2 only ever receive zeros
  for (let t = 0; t < acc.length; ++t) {
    const high = Math.floor((acc[t] + LANE / 2) / LANE);
    fg[t] += acc[t] - high * LANE;
    fg[t + HALF] += high;
  }
  for (let i = P; i < 2 * P - 1; ++i) fg[i - P] += fg[i];
  for (let i = P; i < 2 * P - 1; ++i) fg[i - P + 1] += fg[i];
  const out = new Int16Array(P);
  for (let i = 0; i < P; ++i) out[i] = fqFreeze(fg[i]);
  acc.fill(0);
  fg.fill(0);
  return out;
}

/** Mixed-radix encoding of R (0 <= R[i] < M[i]) into bytes, as the submission's Encode. */
function encode(out: number[], R: number[], M: number[]): void {
  const len = R.length;
  if (len === 1) {
    let r = R[0];
    let m = M[0];
    while (m > 1) {
      out.push(r & 0xff);
      r >>>= 8;
      m = (m + 255) >>> 8;
    }
    return;
  }
  const R2: number[] = [];
  const M2: number[] = [];
  let i = 0;
  for (; i < len - 1; i += 2) {
    const m0 = M[i];
    let r = R[i] + R[i + 1] * m0;
    let m = M[i + 1] * m0;
    while (m >= 16384) {
      out.push(r & 0xff);
      r >>>= 8;
      m = (m + 255) >>> 8;
    }
    R2.push(r);
    M2.push(m);
  }
  if (i < len) {
    R2.push(R[i]);
    M2.push(M[i]);
  }
  encode(out, R2, M2);
}

/** The inverse of encode for any byte string of the right length (values are reduced, never rejected). */
function decode(S: Uint8Array, at: number, M: number[]): number[] {
  const len = M.length;
  if (len === 1) {
    if (M[0] === 1) return [0];
    if (M[0] <= 256) return [S[at] % M[0]];
    return [(S[at] + (S[at + 1] << 8)) % M[0]];
  }
  const M2: number[] = [];
  const bottomR: number[] = [];
  const bottomT: number[] = [];
  let i = 0;
  for (; i < len - 1; i += 2) {
    const m = M[i] * M[i + 1];
    if (m > 256 * 16383) {
      bottomT.push(65536);
      bottomR.push(S[at] + 256 * S[at + 1]);
      at += 2;
      M2.push((((m + 255) >>> 8) + 255) >>> 8);
    } else if (m >= 16384) {
      bottomT.push(256);
      bottomR.push(S[at]);
      at += 1;
      M2.push((m + 255) >>> 8);
    } else {
      bottomT.push(1);
      bottomR.push(0);
      M2.push(m);
    }
  }
  if (i < len) M2.push(M[i]);
  const R2 = decode(S, at, M2);
  const out: number[] = [];
  for (i = 0; i < len - 1; i += 2) {
    const r = bottomR[i >> 1] + bottomT[i >> 1] * R2[i >> 1];
    out.push(r % M[i], Math.floor(r / M[i]) % M[i + 1]);
  }
  if (i < len) out.push(R2[i >> 1]);
  return out;
}

function rqDecode(pk: Uint8Array): Int16Array {
  const R = decode(pk, 0, new Array<number>(P).fill(Q));
  const h = new Int16Array(P);
  for (let i = 0; i < P; ++i) h[i] = R[i] - Q12;
  return h;
}

/** Rounds each coefficient to a multiple of 3 and encodes it (Round, then Rounded_encode). */
function roundedEncode(a: Int16Array): Buffer {
  const R = new Array<number>(P);
  for (let i = 0; i < P; ++i) {
    const c = a[i] - f3Freeze(a[i]);
    R[i] = ((c + Q12) * 10923) >> 15;
  }
  const out: number[] = [];
  encode(out, R, new Array<number>(P).fill((Q + 2) / 3));
  return Buffer.from(out);
}

export interface Encapsulation {
  cipherText: Buffer;
  sharedSecret: Buffer;
}

/**
 * Encapsulates to a public key: a fresh ciphertext and the 32-byte session key. `random` is for
 * known-answer tests only (SNTRUP761_ENC_RANDOM_BYTES bytes); the default is the system CSPRNG.
 */
export function sntrup761Encapsulate(publicKey: Uint8Array, random?: Uint8Array): Encapsulation {
  if (publicKey.length !== SNTRUP761_PUBLICKEY_BYTES) throw new Error('sntrup761: wrong public key length');
  const rnd = random ?? randomBytes(SNTRUP761_ENC_RANDOM_BYTES);
  if (rnd.length !== SNTRUP761_ENC_RANDOM_BYTES) throw new Error('sntrup761: wrong amount of randomness');
  const cache = hashPrefix(4, publicKey);
  const r = shortFromList(rnd);
  if (!random) rnd.fill(0);
  const rEnc = smallEncode(r);
  const c = rqMultSmall(rqDecode(publicKey), r);
  r.fill(0);
  const rounded = roundedEncode(c);
  const rHash = hashPrefix(3, rEnc);
  rEnc.fill(0);
  const confirm = hashPrefix(2, rHash, cache);
  const cipherText = Buffer.concat([rounded, confirm]);
  if (rounded.length !== ROUNDED_BYTES) throw new Error('sntrup761: internal encoding error');
  const sharedSecret = hashPrefix(1, rHash, cipherText);
  rHash.fill(0);
  return { cipherText, sharedSecret };
}
