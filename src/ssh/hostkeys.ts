import * as fs from 'node:fs';
import { utils } from 'ssh2';
import type { DataPaths } from '../common/paths';
import { fingerprint } from '../common/pubkey';
import { HostKeyFiles, LocalKeyType } from '../device/host-keys';

export type HostKeyAlg = LocalKeyType;
export const HOST_KEY_ALGS: HostKeyAlg[] = ['ed25519', 'ecdsa', 'rsa'];

export interface HostKey {
  alg: HostKeyAlg;
  file: string;
  /** OpenSSH private key text, for ssh2. */
  private: string;
  fingerprint: string;
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
    fingerprint: fingerprint(blob),
  };
}

/** At start: creates the missing host keys; keys left group/world-readable are tightened. */
export async function ensureHostKeys(paths: DataPaths): Promise<void> {
  const files = new HostKeyFiles(paths);
  for (const alg of HOST_KEY_ALGS) {
    const file = paths.hostKey(alg);
    if (!files.exists(alg)) await files.create(alg);
    else if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  }
}
