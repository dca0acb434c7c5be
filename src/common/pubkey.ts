// SSH user public keys without ssh2: OpenSSH lines, RFC 4253 blobs, node:crypto KeyObjects (via JWK),
// Comware key codes (hex DER: SubjectPublicKeyInfo, or PKCS#1 RSAPublicKey as old V3 took), and
// fingerprints as `ssh-keygen -lf` prints them.
import * as crypto from 'node:crypto';
import { WireError, WireReader, wireMpint, wireString } from './ssh-wire';

export const KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'ssh-rsa',
] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

/** RSA below this is factorable in practice; OpenSSH refuses it too. */
export const MIN_RSA_BITS = 1024;

const CURVES = {
  'ecdsa-sha2-nistp256': { id: 'nistp256', jwk: 'P-256', size: 32, hash: 'sha256' },
  'ecdsa-sha2-nistp384': { id: 'nistp384', jwk: 'P-384', size: 48, hash: 'sha384' },
  'ecdsa-sha2-nistp521': { id: 'nistp521', jwk: 'P-521', size: 66, hash: 'sha512' },
} as const;
type EcAlgorithm = keyof typeof CURVES;

export class KeyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFormatError';
  }
}

export interface ParsedPublicKey {
  algorithm: KeyAlgorithm;
  /** RFC 4253 public-key blob, as carried in SSH_MSG_USERAUTH_REQUEST. */
  blob: Buffer;
  comment: string;
}

export function isKeyAlgorithm(s: string): s is KeyAlgorithm {
  return (KEY_ALGORITHMS as readonly string[]).includes(s);
}

function b64u(buf: Buffer): string {
  return buf.toString('base64url');
}

function fromB64u(s: string | undefined): Buffer {
  if (!s) throw new KeyFormatError('incomplete key');
  return Buffer.from(s, 'base64url');
}

/** Fixed-width big-endian: JWK EC coordinates must be exactly the curve size. */
function padTo(buf: Buffer, size: number): Buffer {
  if (buf.length > size) throw new KeyFormatError('coordinate too long');
  return Buffer.concat([Buffer.alloc(size - buf.length), buf]);
}

/** The algorithm named inside a blob (its first string). */
export function blobAlgorithm(blob: Buffer): KeyAlgorithm {
  let name: string;
  try {
    name = new WireReader(blob).text();
  } catch {
    throw new KeyFormatError('malformed key blob');
  }
  if (!isKeyAlgorithm(name)) throw new KeyFormatError(`unsupported key type ${name.slice(0, 40)}`);
  return name;
}

/** Blob → KeyObject. Throws KeyFormatError on malformed data, bad points or weak RSA. */
export function blobToKeyObject(blob: Buffer): crypto.KeyObject {
  const algorithm = blobAlgorithm(blob);
  let jwk: crypto.JsonWebKey;
  try {
    const r = new WireReader(blob);
    r.string();
    if (algorithm === 'ssh-ed25519') {
      const pk = r.string();
      if (pk.length !== 32) throw new KeyFormatError('bad ed25519 key length');
      jwk = { kty: 'OKP', crv: 'Ed25519', x: b64u(pk) };
    } else if (algorithm === 'ssh-rsa') {
      const e = r.mpint();
      const n = r.mpint();
      if (n.length * 8 < MIN_RSA_BITS) throw new KeyFormatError(`RSA key shorter than ${MIN_RSA_BITS} bits`);
      jwk = { kty: 'RSA', n: b64u(n), e: b64u(e) };
    } else {
      const curve = CURVES[algorithm];
      if (r.text() !== curve.id) throw new KeyFormatError('curve does not match key type');
      const q = r.string();
      if (q.length !== 1 + 2 * curve.size || q[0] !== 0x04) throw new KeyFormatError('bad EC point');
      jwk = {
        kty: 'EC',
        crv: curve.jwk,
        x: b64u(q.subarray(1, 1 + curve.size)),
        y: b64u(q.subarray(1 + curve.size)),
      };
    }
    r.end();
  } catch (err) {
    if (err instanceof WireError) throw new KeyFormatError('malformed key blob');
    throw err;
  }
  try {
    return crypto.createPublicKey({ key: jwk, format: 'jwk' });
  } catch {
    throw new KeyFormatError('invalid public key');
  }
}

/** KeyObject → blob; only the types SSH users may hold. */
export function keyObjectToBlob(key: crypto.KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') {
    return Buffer.concat([wireString('ssh-ed25519'), wireString(fromB64u(jwk.x))]);
  }
  if (jwk.kty === 'RSA') {
    const n = fromB64u(jwk.n);
    if (n.length * 8 < MIN_RSA_BITS) throw new KeyFormatError(`RSA key shorter than ${MIN_RSA_BITS} bits`);
    return Buffer.concat([wireString('ssh-rsa'), wireMpint(fromB64u(jwk.e)), wireMpint(n)]);
  }
  if (jwk.kty === 'EC') {
    const entry = Object.entries(CURVES).find(([, c]) => c.jwk === jwk.crv);
    if (!entry) throw new KeyFormatError(`unsupported curve ${jwk.crv}`);
    const [name, curve] = entry;
    const q = Buffer.concat([Buffer.from([4]), padTo(fromB64u(jwk.x), curve.size), padTo(fromB64u(jwk.y), curve.size)]);
    return Buffer.concat([wireString(name), wireString(curve.id), wireString(q)]);
  }
  throw new KeyFormatError(`unsupported key type ${key.asymmetricKeyType ?? 'unknown'}`);
}

/** One OpenSSH public-key line (`type base64 [comment]`), as in a .pub file or authorized_keys without options. */
export function parseOpenSshLine(line: string): ParsedPublicKey {
  const m = /^\s*(\S+)\s+([A-Za-z0-9+/]+={0,3})(?:\s+(.*?))?\s*$/.exec(line);
  if (!m) throw new KeyFormatError('not an OpenSSH public key line');
  const [, type, data, comment = ''] = m;
  if (!isKeyAlgorithm(type)) throw new KeyFormatError(`unsupported key type ${type.slice(0, 40)}`);
  const blob = Buffer.from(data, 'base64');
  if (blobAlgorithm(blob) !== type) throw new KeyFormatError('key type does not match key data');
  blobToKeyObject(blob);
  return { algorithm: type, blob, comment: comment.replace(/[\x00-\x1f\x7f]/g, '') };
}

/** RFC 4716 (`---- BEGIN SSH2 PUBLIC KEY ----`) block, as Comware's `import sshkey` also reads. */
export function parseRfc4716(text: string): ParsedPublicKey {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === '---- BEGIN SSH2 PUBLIC KEY ----');
  const end = lines.findIndex((l) => l.trim() === '---- END SSH2 PUBLIC KEY ----');
  if (start < 0 || end <= start) throw new KeyFormatError('not an SSH2 public key file');
  let comment = '';
  const body: string[] = [];
  let continued = false;
  for (const raw of lines.slice(start + 1, end)) {
    const l = raw.trim();
    if (continued || /^[A-Za-z0-9-]+:/.test(l)) {
      const header = /^Comment:\s*"?(.*?)"?\\?$/i.exec(l);
      if (header && !continued) comment = header[1];
      continued = l.endsWith('\\');
      continue;
    }
    body.push(l);
  }
  const blob = Buffer.from(body.join(''), 'base64');
  const algorithm = blobAlgorithm(blob);
  blobToKeyObject(blob);
  return { algorithm, blob, comment: comment.replace(/[\x00-\x1f\x7f]/g, '') };
}

/** A public-key file's text in either format; the first non-empty, non-comment line for OpenSSH. */
export function parsePublicKeyText(text: string): ParsedPublicKey {
  if (text.includes('---- BEGIN SSH2 PUBLIC KEY ----')) return parseRfc4716(text);
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  if (line === undefined) throw new KeyFormatError('no public key found');
  return parseOpenSshLine(line);
}

/** `SHA256:<unpadded base64>`, exactly the hash part `ssh-keygen -lf` prints. */
export function fingerprint(blob: Buffer): string {
  return 'SHA256:' + crypto.createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

/** Key size as ssh-keygen reports it (bits of the modulus or the curve). */
export function keyBits(blob: Buffer): number {
  const algorithm = blobAlgorithm(blob);
  if (algorithm === 'ssh-ed25519') return 256;
  if (algorithm === 'ssh-rsa') return blobToKeyObject(blob).asymmetricKeyDetails?.modulusLength ?? 0;
  return { 'ecdsa-sha2-nistp256': 256, 'ecdsa-sha2-nistp384': 384, 'ecdsa-sha2-nistp521': 521 }[algorithm];
}

/** The OpenSSH line for a blob (what `display` and exports show). */
export function toOpenSshLine(blob: Buffer, comment = ''): string {
  return `${blobAlgorithm(blob)} ${blob.toString('base64')}${comment ? ' ' + comment : ''}`;
}

/** DER SubjectPublicKeyInfo of a blob (ed25519: OID 1.3.101.112). */
export function blobToSpki(blob: Buffer): Buffer {
  return blobToKeyObject(blob).export({ format: 'der', type: 'spki' });
}

/** Comware key code: uppercase hex of the SubjectPublicKeyInfo. */
export function blobToKeyCode(blob: Buffer): string {
  return blobToSpki(blob).toString('hex').toUpperCase();
}

/**
 * Comware key code (hex, whitespace anywhere) → blob. Accepts SubjectPublicKeyInfo and the bare
 * PKCS#1 RSAPublicKey that old V3 `rsa peer-public-key` took.
 */
export function keyCodeToBlob(code: string): Buffer {
  const hex = code.replace(/\s+/g, '');
  if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9A-Fa-f]+$/.test(hex)) {
    throw new KeyFormatError('key code must be an even number of hex digits');
  }
  const der = Buffer.from(hex, 'hex');
  let key: crypto.KeyObject | undefined;
  for (const type of ['spki', 'pkcs1'] as const) {
    try {
      key = crypto.createPublicKey({ key: der, format: 'der', type });
      break;
    } catch {
      /* try the next encoding */
    }
  }
  if (!key) throw new KeyFormatError('key code is neither SubjectPublicKeyInfo nor an RSA public key');
  const blob = keyObjectToBlob(key);
  // Trailing bytes after the DER structure are accepted by OpenSSL; a stored key must round-trip exactly.
  if (!blobToSpki(blob).equals(der) && !isPkcs1Of(blob, der)) throw new KeyFormatError('trailing data in key code');
  return blob;
}

function isPkcs1Of(blob: Buffer, der: Buffer): boolean {
  return blobAlgorithm(blob) === 'ssh-rsa' && blobToKeyObject(blob).export({ format: 'der', type: 'pkcs1' }).equals(der);
}

export { EcAlgorithm, CURVES };
