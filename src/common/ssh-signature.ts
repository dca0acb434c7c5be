// Verifies SSH user-authentication signatures (RFC 4252 §7) with node:crypto. ssh2 does not check
// them on the server side, and it hands over SHA-1 `ssh-rsa` signatures, which we must refuse.
import * as crypto from 'node:crypto';
import { CURVES, EcAlgorithm, KeyFormatError, blobAlgorithm, blobToKeyObject } from './pubkey';
import { WireError, WireReader } from './ssh-wire';

export const SIGNATURE_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-256',
  'rsa-sha2-512',
] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];

export interface VerifyResult {
  ok: boolean;
  /** Why not, for the log. */
  reason?: string;
}

/** Which signature algorithms a key type may sign with (SHA-1 `ssh-rsa` deliberately absent). */
function allowedFor(keyAlgo: string): readonly string[] {
  if (keyAlgo === 'ssh-rsa') return ['rsa-sha2-256', 'rsa-sha2-512'];
  return [keyAlgo];
}

/**
 * The signature algorithm of a publickey request as ssh2 describes it (ctx.key.algo, ctx.hashAlgo):
 * ssh2 reports RSA keys as `ssh-rsa` and the hash separately, undefined for SHA-1.
 */
export function sigAlgoFromSsh2(keyAlgo: string, hashAlgo?: string): string {
  if (keyAlgo !== 'ssh-rsa') return keyAlgo;
  if (hashAlgo === 'sha256') return 'rsa-sha2-256';
  if (hashAlgo === 'sha512') return 'rsa-sha2-512';
  return 'ssh-rsa';
}

/** ECDSA signature body `mpint r, mpint s` → IEEE P1363 (r‖s, each padded to the curve size). */
function ecdsaSshToP1363(sig: Buffer, size: number): Buffer {
  const r = new WireReader(sig);
  const parts = [r.mpint(), r.mpint()];
  r.end();
  return Buffer.concat(
    parts.map((v) => {
      if (v.length > size) throw new WireError('ECDSA value too long');
      return Buffer.concat([Buffer.alloc(size - v.length), v]);
    }),
  );
}

/**
 * Verifies sig over data with the key in keyBlob.
 * sig is the inner signature (the second string of the SSH signature blob). ECDSA may come as the SSH
 * `mpint r, mpint s` pair or as DER (what ssh2 hands over); the two cannot be confused, since an SSH
 * length prefix starts with 0x00 and DER with 0x30.
 */
export function verifySignature(keyBlob: Buffer, data: Buffer, sigAlgo: string, sig: Buffer): VerifyResult {
  let keyAlgo: string;
  let key: crypto.KeyObject;
  try {
    keyAlgo = blobAlgorithm(keyBlob);
    key = blobToKeyObject(keyBlob);
  } catch (err) {
    return { ok: false, reason: err instanceof KeyFormatError ? err.message : 'bad key' };
  }
  if (sigAlgo === 'ssh-rsa') return { ok: false, reason: 'ssh-rsa (SHA-1) signatures refused' };
  if (!allowedFor(keyAlgo).includes(sigAlgo)) {
    return { ok: false, reason: `signature algorithm ${sigAlgo.slice(0, 40)} does not match key ${keyAlgo}` };
  }
  try {
    let ok: boolean;
    if (sigAlgo === 'ssh-ed25519') {
      ok = sig.length === 64 && crypto.verify(null, data, key, sig);
    } else if (sigAlgo === 'rsa-sha2-256' || sigAlgo === 'rsa-sha2-512') {
      ok = crypto.verify(sigAlgo === 'rsa-sha2-256' ? 'sha256' : 'sha512', data, key, sig);
    } else {
      const curve = CURVES[sigAlgo as EcAlgorithm];
      if (sig.length > 0 && sig[0] === 0x30) {
        ok = crypto.verify(curve.hash, data, { key, dsaEncoding: 'der' }, sig);
      } else {
        const p1363 = ecdsaSshToP1363(sig, curve.size);
        ok = crypto.verify(curve.hash, data, { key, dsaEncoding: 'ieee-p1363' }, p1363);
      }
    }
    return ok ? { ok } : { ok, reason: 'bad signature' };
  } catch {
    return { ok: false, reason: 'malformed signature' };
  }
}

/** Verifies a whole SSH signature blob (`string algorithm, string signature`). */
export function verifySshSignature(keyBlob: Buffer, data: Buffer, signatureBlob: Buffer): VerifyResult {
  let algo: string;
  let inner: Buffer;
  try {
    const r = new WireReader(signatureBlob);
    algo = r.text();
    inner = r.string();
    r.end();
  } catch {
    return { ok: false, reason: 'malformed signature blob' };
  }
  return verifySignature(keyBlob, data, algo, inner);
}
