import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { utils } from 'ssh2';

export type HostKeyAlg = 'ed25519' | 'ecdsa' | 'rsa';
export const HOST_KEY_ALGS: HostKeyAlg[] = ['ed25519', 'ecdsa', 'rsa'];

export interface HostKey {
  alg: HostKeyAlg;
  file: string;
  /** OpenSSH private key text, for ssh2. */
  private: string;
  /** OpenSSH public key line. */
  public: string;
  fingerprint: string;
  createdAt: Date;
}

/** `SHA256:` + unpadded base64 of the key blob, exactly as `ssh-keygen -lf` prints it. */
export function fingerprintOfBlob(blob: Buffer): string {
  return 'SHA256:' + crypto.createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

function generate(alg: HostKeyAlg): { private: string; public: string } {
  const pair =
    alg === 'ed25519'
      ? utils.generateKeyPairSync('ed25519')
      : alg === 'ecdsa'
        ? utils.generateKeyPairSync('ecdsa', { bits: 256 })
        : utils.generateKeyPairSync('rsa', { bits: 3072 });
  return { private: pair.private, public: pair.public };
}

/** Writes a file readable by the owner only; the rename makes the replacement atomic. */
function writePrivate(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

export function createHostKey(alg: HostKeyAlg, file: string): void {
  const pair = generate(alg);
  writePrivate(file, pair.private);
  fs.writeFileSync(`${file}.pub`, pair.public.trim() + ` wx3000-host-${alg}\n`, { mode: 0o644 });
}

export function loadHostKey(alg: HostKeyAlg, file: string): HostKey {
  const text = fs.readFileSync(file, 'utf8');
  const parsed = utils.parseKey(text);
  if (parsed instanceof Error) throw new Error(`${file}: ${parsed.message}`);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  const blob = key.getPublicSSH();
  return {
    alg,
    file,
    private: text,
    public: `${key.type} ${blob.toString('base64')}`,
    fingerprint: fingerprintOfBlob(blob),
    createdAt: fs.statSync(file).mtime,
  };
}

/** Loads every host key, creating the missing ones; keys left group/world-readable are tightened. */
export function ensureHostKeys(pathOf: (alg: HostKeyAlg) => string): HostKey[] {
  return HOST_KEY_ALGS.map((alg) => {
    const file = pathOf(alg);
    if (!fs.existsSync(file)) createHostKey(alg, file);
    else if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
    return loadHostKey(alg, file);
  });
}
