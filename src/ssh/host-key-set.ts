import * as fs from 'node:fs';
import type { DataPaths } from '../common/paths';
import type { Logger } from '../log/logger';
import { HOST_KEY_ALGS, HostKey, HostKeyAlg, loadHostKey } from './hostkeys';

/** The host-key algorithms each key type can serve (rsa signs with SHA-2 only). */
const SERVES: Record<HostKeyAlg, string[]> = {
  ed25519: ['ssh-ed25519'],
  ecdsa: ['ecdsa-sha2-nistp256'],
  rsa: ['rsa-sha2-512', 'rsa-sha2-256'],
};

/**
 * The daemon's host keys as the files hold them now: `public-key local create|destroy` (in a CLI
 * process) changes the files and reports the change; the next connection is served with what is there.
 */
export class HostKeySet {
  private signature = '';
  keys: HostKey[] = [];

  constructor(
    private paths: DataPaths,
    private log: Logger,
  ) {}

  /** Re-reads the key files if any changed since the last look; true when the set changed. */
  refresh(): boolean {
    const signature = HOST_KEY_ALGS.map((alg) => {
      try {
        const st = fs.statSync(this.paths.hostKey(alg));
        return `${alg}:${st.mtimeMs}:${st.size}`;
      } catch {
        return `${alg}:-`;
      }
    }).join('|');
    if (signature === this.signature) return false;
    const keys: HostKey[] = [];
    for (const alg of HOST_KEY_ALGS) {
      const file = this.paths.hostKey(alg);
      if (!fs.existsSync(file)) continue;
      try {
        keys.push(loadHostKey(alg, file));
      } catch (err) {
        this.log.error('host key unreadable, not served', { alg, err: (err as Error).message });
      }
    }
    this.signature = signature;
    if (!keys.length) {
      this.log.error('no usable host key left; serving the ones loaded before');
      return false;
    }
    const first = this.keys.length === 0;
    this.keys = keys;
    for (const k of keys) this.log.info(first ? 'host key' : 'host key (re)loaded', { alg: k.alg, fingerprint: k.fingerprint });
    return true;
  }

  /** Host-key algorithm names these keys can serve. */
  algorithms(): Set<string> {
    return new Set(this.keys.flatMap((k) => SERVES[k.alg]));
  }
}
