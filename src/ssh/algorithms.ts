// The transport algorithm policy. DESIGN.md: modern algorithms only, post-quantum hybrids first
// (src/ssh/kex); NIST curves stay available through configuration (ssh-audit fails them), never in
// the defaults; nothing with SHA-1, CBC, 3DES, RC4 or group1.

export interface AlgorithmLists {
  kex: string[];
  serverHostKey: string[];
  cipher: string[];
  mac: string[];
  compress: string[];
}

export const DEFAULT_ALGORITHMS: AlgorithmLists = {
  kex: [
    'mlkem768x25519-sha256',
    'sntrup761x25519-sha512',
    'sntrup761x25519-sha512@openssh.com',
    'curve25519-sha256',
    'curve25519-sha256@libssh.org',
    'diffie-hellman-group16-sha512',
    'diffie-hellman-group18-sha512',
    'diffie-hellman-group14-sha256',
  ],
  serverHostKey: ['ssh-ed25519', 'rsa-sha2-512', 'rsa-sha2-256'],
  cipher: [
    'chacha20-poly1305@openssh.com',
    'aes256-gcm@openssh.com',
    'aes128-gcm@openssh.com',
    'aes256-ctr',
    'aes192-ctr',
    'aes128-ctr',
  ],
  mac: ['hmac-sha2-256-etm@openssh.com', 'hmac-sha2-512-etm@openssh.com', 'hmac-sha2-256', 'hmac-sha2-512'],
  // zlib@openssh.com starts only after authentication, so compression never meets unauthenticated input.
  compress: ['none', 'zlib@openssh.com'],
};

/** What configuration may add on top of the defaults (for old clients); weak algorithms are not here. */
export const PERMITTED_ALGORITHMS: AlgorithmLists = {
  kex: [
    ...DEFAULT_ALGORITHMS.kex,
    'diffie-hellman-group15-sha512',
    'diffie-hellman-group17-sha512',
    'ecdh-sha2-nistp256',
    'ecdh-sha2-nistp384',
    'ecdh-sha2-nistp521',
  ],
  serverHostKey: [...DEFAULT_ALGORITHMS.serverHostKey, 'ecdsa-sha2-nistp256'],
  cipher: [...DEFAULT_ALGORITHMS.cipher],
  mac: [...DEFAULT_ALGORITHMS.mac],
  compress: [...DEFAULT_ALGORITHMS.compress],
};

export const STRICT_KEX_SERVER = 'kex-strict-s-v00@openssh.com';

/**
 * A configured comma list (empty = default). Unknown or weak names are an error, so a typo cannot
 * silently widen or empty the offer.
 */
export function resolveList(kind: keyof AlgorithmLists, configured: string): string[] {
  if (!configured.trim()) return [...DEFAULT_ALGORITHMS[kind]];
  const names = configured.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = names.filter((n) => !PERMITTED_ALGORITHMS[kind].includes(n));
  if (bad.length) throw new Error(`algorithm not permitted for ${kind}: ${bad.join(', ')}`);
  return names;
}

export function resolveAlgorithms(cfg: Partial<Record<keyof AlgorithmLists, string>>): AlgorithmLists {
  return {
    kex: resolveList('kex', cfg.kex ?? ''),
    serverHostKey: resolveList('serverHostKey', cfg.serverHostKey ?? ''),
    cipher: resolveList('cipher', cfg.cipher ?? ''),
    mac: resolveList('mac', cfg.mac ?? ''),
    compress: resolveList('compress', cfg.compress ?? ''),
  };
}
