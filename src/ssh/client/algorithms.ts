// What the device offers as a client: the daemon's modern lists (src/ssh/algorithms.ts) without the
// post-quantum methods, whose ssh2 hook serves the daemon's side only, and with the NIST curves a
// `prefer-kex` may ask for. `prefer-…` puts the chosen algorithm first.
import type { Algorithms } from 'ssh2';
import { DEFAULT_ALGORITHMS, PERMITTED_ALGORITHMS } from '../algorithms';
import type { PreferredAlgorithms } from '../../device/ssh-client';

/** CLI keyword → wire name. The keywords are Comware V7's where it has them. */
export const PREFER_KEX: Readonly<Record<string, string>> = {
  'curve25519-sha256': 'curve25519-sha256',
  'dh-group14-sha256': 'diffie-hellman-group14-sha256',
  'dh-group16-sha512': 'diffie-hellman-group16-sha512',
  'ecdh-sha2-nistp256': 'ecdh-sha2-nistp256',
  'ecdh-sha2-nistp384': 'ecdh-sha2-nistp384',
  'ecdh-sha2-nistp521': 'ecdh-sha2-nistp521',
};

export const PREFER_CIPHER: Readonly<Record<string, string>> = {
  'aes128-ctr': 'aes128-ctr',
  'aes192-ctr': 'aes192-ctr',
  'aes256-ctr': 'aes256-ctr',
  'aes128-gcm': 'aes128-gcm@openssh.com',
  'aes256-gcm': 'aes256-gcm@openssh.com',
  'chacha20-poly1305': 'chacha20-poly1305@openssh.com',
};

export const PREFER_HMAC: Readonly<Record<string, string>> = {
  'sha2-256': 'hmac-sha2-256',
  'sha2-512': 'hmac-sha2-512',
};

const CLIENT_KEX = PERMITTED_ALGORITHMS.kex.filter((k) => !/^(mlkem|sntrup)/.test(k));

function preferred(list: readonly string[], first: (string | undefined)[]): string[] {
  const head = [...new Set(first.filter((x): x is string => x !== undefined))];
  return [...head, ...list.filter((x) => !head.includes(x))];
}

/**
 * ssh2 offers one cipher list and one MAC list for both directions, so a client-to-server preference
 * and a server-to-client one are both put first, the client-to-server one ahead.
 */
export function clientAlgorithms(p: PreferredAlgorithms): Algorithms {
  // The wire names are ssh2's; its types list them as literals. (ssh2 says `hmac` where we say `mac`.)
  const lists: Record<keyof Algorithms, string[]> = {
    kex: preferred(CLIENT_KEX, [p.kex && PREFER_KEX[p.kex]]),
    serverHostKey: [...DEFAULT_ALGORITHMS.serverHostKey, 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521'],
    cipher: preferred(DEFAULT_ALGORITHMS.cipher, [p.ctosCipher && PREFER_CIPHER[p.ctosCipher], p.stocCipher && PREFER_CIPHER[p.stocCipher]]),
    hmac: preferred(DEFAULT_ALGORITHMS.mac, [p.ctosHmac && PREFER_HMAC[p.ctosHmac], p.stocHmac && PREFER_HMAC[p.stocHmac]]),
    compress: ['none'],
  };
  return lists as Algorithms;
}
