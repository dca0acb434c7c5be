// The device's own key pairs (`public-key local create|destroy`, `display public-key local`): the
// daemon's SSH host keys, made with node:crypto and written in the OpenSSH private-key format the
// daemon loads. The CLI never holds ssh2; the daemon reads the files when it starts, so a new pair
// serves new connections after the daemon restarts.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { blobToKeyCode, keyBits, keyObjectToBlob, parseOpenSshLine, toOpenSshLine } from '../common/pubkey';
import { wireMpint, wireString } from '../common/ssh-wire';
import type { DataPaths } from '../common/paths';
import { writeFileAtomic } from '../common/atomic-file';

export type LocalKeyType = 'rsa' | 'ecdsa' | 'ed25519';
export const RSA_MIN_BITS = 2048;
export const RSA_MAX_BITS = 4096;
export const RSA_DEFAULT_BITS = 3072;

export interface LocalKeyInfo {
  type: LocalKeyType;
  createdAt: Date;
  /** OpenSSH public line */
  publicLine: string;
  /** Comware key code: hex SubjectPublicKeyInfo */
  keyCode: string;
  bits: number;
}

const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const b64u = (s: string | undefined): Buffer => Buffer.from(s ?? '', 'base64url');

/** The key-type specific part of an openssh-key-v1 private section. */
function privateFields(key: crypto.KeyObject, blob: Buffer): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty === 'OKP') {
    const pub = b64u(jwk.x);
    return Buffer.concat([wireString('ssh-ed25519'), wireString(pub), wireString(Buffer.concat([b64u(jwk.d), pub]))]);
  }
  if (jwk.kty === 'EC') {
    // The blob already holds type, curve name and point: reuse them, append the scalar.
    return Buffer.concat([blob, wireMpint(b64u(jwk.d))]);
  }
  return Buffer.concat([
    wireString('ssh-rsa'),
    wireMpint(b64u(jwk.n)),
    wireMpint(b64u(jwk.e)),
    wireMpint(b64u(jwk.d)),
    wireMpint(b64u(jwk.qi)),
    wireMpint(b64u(jwk.p)),
    wireMpint(b64u(jwk.q)),
  ]);
}

/** Unencrypted `-----BEGIN OPENSSH PRIVATE KEY-----` text (PROTOCOL.key), what ssh2 and ssh-keygen read. */
export function toOpenSshPrivateKey(key: crypto.KeyObject, comment: string): string {
  const pub = crypto.createPublicKey(key);
  const blob = keyObjectToBlob(pub);
  const check = crypto.randomBytes(4);
  let section = Buffer.concat([check, check, privateFields(key, blob), wireString(comment)]);
  const pad: number[] = [];
  for (let i = 1; (section.length + pad.length) % 8 !== 0; i++) pad.push(i);
  section = Buffer.concat([section, Buffer.from(pad)]);
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    wireString('none'),
    wireString('none'),
    wireString(''),
    u32(1),
    wireString(blob),
    wireString(section),
  ]);
  const b64 = body.toString('base64').replace(/.{1,70}/g, '$&\n');
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${b64}-----END OPENSSH PRIVATE KEY-----\n`;
}

function generate(type: LocalKeyType, bits: number): Promise<crypto.KeyObject> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, _pub: crypto.KeyObject, priv: crypto.KeyObject) => (err ? reject(err) : resolve(priv));
    // Asynchronous: a 4096-bit RSA pair takes seconds, and the session must still answer Ctrl+C.
    if (type === 'rsa') crypto.generateKeyPair('rsa', { modulusLength: bits }, done);
    else if (type === 'ecdsa') crypto.generateKeyPair('ec', { namedCurve: 'P-256' }, done);
    else crypto.generateKeyPair('ed25519', {}, done);
  });
}

export class HostKeyFiles {
  constructor(private paths: DataPaths) {}

  exists(type: LocalKeyType): boolean {
    return fs.existsSync(this.paths.hostKey(type));
  }

  /** Replaces the pair atomically (private key first, so a crash never pairs a new .pub with an old key). */
  async create(type: LocalKeyType, bits = RSA_DEFAULT_BITS): Promise<LocalKeyInfo> {
    if (type === 'rsa' && (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS)) throw new RangeError('modulus out of range');
    const key = await generate(type, bits);
    const file = this.paths.hostKey(type);
    const comment = `wx3000-host-${type}`;
    writeFileAtomic(file, toOpenSshPrivateKey(key, comment), 0o600);
    const blob = keyObjectToBlob(crypto.createPublicKey(key));
    writeFileAtomic(`${file}.pub`, toOpenSshLine(blob, comment) + '\n', 0o644);
    return this.read(type)!;
  }

  /** false when there was no pair. */
  destroy(type: LocalKeyType): boolean {
    const file = this.paths.hostKey(type);
    if (!fs.existsSync(file)) return false;
    fs.rmSync(file, { force: true });
    fs.rmSync(`${file}.pub`, { force: true });
    return true;
  }

  read(type: LocalKeyType): LocalKeyInfo | undefined {
    const file = this.paths.hostKey(type);
    let line: string;
    let createdAt: Date;
    try {
      line = fs.readFileSync(`${file}.pub`, 'utf8').trim();
      createdAt = fs.statSync(file).mtime;
    } catch {
      return undefined;
    }
    const parsed = parseOpenSshLine(line);
    return { type, createdAt, publicLine: line, keyCode: blobToKeyCode(parsed.blob), bits: keyBits(parsed.blob) };
  }
}
