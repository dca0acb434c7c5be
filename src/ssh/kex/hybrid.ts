// The server half of the post-quantum hybrid key exchanges (draft-ietf-sshm-mlkem-hybrid-kex;
// OpenSSH's kexmlkem768x25519.c and kexsntrup761x25519.c): the client's C_INIT is a KEM public key
// followed by an X25519 public key; the server answers with the KEM ciphertext followed by its own
// X25519 public key, and K = HASH(KEM secret ‖ X25519 secret), sent to the exchange hash and key
// derivation as an SSH string (not an mpint).
import { createHash, createPublicKey, diffieHellman, generateKeyPairSync, timingSafeEqual } from 'node:crypto';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { SNTRUP761_CIPHERTEXT_BYTES, SNTRUP761_PUBLICKEY_BYTES, sntrup761Encapsulate } from './sntrup761';

const X25519_BYTES = 32;

export interface HybridKem {
  /** SSH name of the method, for messages. */
  name: string;
  /** Hash of K and of the exchange hash. */
  hash: 'sha256' | 'sha512';
  publicKeyBytes: number;
  cipherTextBytes: number;
  /** Throws on a public key the KEM refuses (ML-KEM's modulus check). */
  encapsulate(publicKey: Uint8Array): { cipherText: Uint8Array; sharedSecret: Uint8Array };
}

const MLKEM768: HybridKem = {
  name: 'mlkem768x25519-sha256',
  hash: 'sha256',
  publicKeyBytes: 1184,
  cipherTextBytes: 1088,
  // FIPS 203 §7.2 input checks (length, and encode(decode(ek)) == ek) happen inside.
  encapsulate: (publicKey) => ml_kem768.encapsulate(publicKey),
};

const SNTRUP761: HybridKem = {
  name: 'sntrup761x25519-sha512',
  hash: 'sha512',
  publicKeyBytes: SNTRUP761_PUBLICKEY_BYTES,
  cipherTextBytes: SNTRUP761_CIPHERTEXT_BYTES,
  encapsulate: sntrup761Encapsulate,
};

/** Key exchange names this module serves, with their KEM. */
export const HYBRID_KEX: ReadonlyMap<string, HybridKem> = new Map([
  ['mlkem768x25519-sha256', MLKEM768],
  ['sntrup761x25519-sha512', SNTRUP761],
  ['sntrup761x25519-sha512@openssh.com', SNTRUP761],
]);

export interface HybridReply {
  /** S_REPLY: ciphertext ‖ server X25519 public key. */
  reply: Buffer;
  /** K before its string encoding: HASH(KEM secret ‖ X25519 secret). */
  secret: Buffer;
}

/** Answers a client's C_INIT; throws (the caller disconnects) on any malformed or refused input. */
export function hybridServerReply(kem: HybridKem, clientInit: Buffer): HybridReply {
  if (clientInit.length !== kem.publicKeyBytes + X25519_BYTES) {
    throw new Error(`${kem.name}: client key is ${clientInit.length} bytes, expected ${kem.publicKeyBytes + X25519_BYTES}`);
  }
  const { cipherText, sharedSecret } = kem.encapsulate(clientInit.subarray(0, kem.publicKeyBytes));
  if (cipherText.length !== kem.cipherTextBytes) throw new Error(`${kem.name}: internal error (ciphertext length)`);
  const ecdh = x25519(clientInit.subarray(kem.publicKeyBytes));
  const secret = createHash(kem.hash).update(sharedSecret).update(ecdh.shared).digest();
  sharedSecret.fill(0);
  ecdh.shared.fill(0);
  return { reply: Buffer.concat([cipherText, ecdh.publicKey]), secret };
}

const ZERO = Buffer.alloc(X25519_BYTES);

/** A fresh X25519 key pair and its shared secret with the peer's key (RFC 7748 §6.1 zero check). */
function x25519(peer: Buffer): { publicKey: Buffer; shared: Buffer } {
  const mine = generateKeyPairSync('x25519');
  let shared: Buffer;
  try {
    const peerKey = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: peer.toString('base64url') }, format: 'jwk' });
    shared = diffieHellman({ privateKey: mine.privateKey, publicKey: peerKey });
  } catch {
    // OpenSSL refuses to derive an all-zero secret (a low-order peer point).
    throw new Error('X25519: invalid client public key');
  }
  if (shared.length !== X25519_BYTES || timingSafeEqual(shared, ZERO)) throw new Error('X25519: invalid client public key');
  const jwk = mine.publicKey.export({ format: 'jwk' });
  return { publicKey: Buffer.from(jwk.x as string, 'base64url'), shared };
}
