// ML-KEM-768 (the @noble/post-quantum library) against known answers made with OpenSSH's libcrux
// ML-KEM (vectors/README.md), and the server half of mlkem768x25519-sha256 checked from the client side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey, diffieHellman, generateKeyPairSync } from 'node:crypto';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { HYBRID_KEX, hybridServerReply } from '../../../src/ssh/kex/hybrid';
import { katStream, loadVectors } from './kat';

test('ML-KEM-768 key generation and encapsulation give the known answers', () => {
  const vectors = loadVectors('mlkem768-kat.json');
  assert.ok(vectors.length >= 8);
  for (const v of vectors) {
    const keys = ml_kem768.keygen(katStream('mlkem768 keypair', v.n, 64));
    assert.equal(Buffer.from(keys.publicKey).toString('hex'), v.pk, `vector ${v.n}: public key`);
    const enc = ml_kem768.encapsulate(Buffer.from(v.pk, 'hex'), katStream('mlkem768 enc', v.n, 32));
    assert.equal(Buffer.from(enc.cipherText).toString('hex'), v.ct, `vector ${v.n}: ciphertext`);
    assert.equal(Buffer.from(enc.sharedSecret).toString('hex'), v.k, `vector ${v.n}: shared secret`);
    assert.equal(Buffer.from(ml_kem768.decapsulate(enc.cipherText, keys.secretKey)).toString('hex'), v.k);
  }
});

test('mlkem768x25519-sha256: the client derives the same K = SHA-256(ML-KEM secret ‖ X25519 secret)', () => {
  const kem = HYBRID_KEX.get('mlkem768x25519-sha256')!;
  const mlkem = ml_kem768.keygen();
  const ecdh = generateKeyPairSync('x25519');
  const ecdhPublic = Buffer.from(ecdh.publicKey.export({ format: 'jwk' }).x as string, 'base64url');
  const { reply, secret } = hybridServerReply(kem, Buffer.concat([mlkem.publicKey, ecdhPublic]));
  assert.equal(reply.length, 1088 + 32);
  assert.equal(secret.length, 32);
  const kemSecret = ml_kem768.decapsulate(reply.subarray(0, 1088), mlkem.secretKey);
  const serverEcdh = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: reply.subarray(1088).toString('base64url') }, format: 'jwk' });
  const ecdhSecret = diffieHellman({ privateKey: ecdh.privateKey, publicKey: serverEcdh });
  assert.deepEqual(secret, createHash('sha256').update(kemSecret).update(ecdhSecret).digest());
});

test('the hybrid names map to their KEM and hash; the @openssh.com alias is the same method', () => {
  assert.equal(HYBRID_KEX.get('mlkem768x25519-sha256')?.hash, 'sha256');
  assert.equal(HYBRID_KEX.get('sntrup761x25519-sha512')?.hash, 'sha512');
  assert.equal(HYBRID_KEX.get('sntrup761x25519-sha512@openssh.com'), HYBRID_KEX.get('sntrup761x25519-sha512'));
  const sn = HYBRID_KEX.get('sntrup761x25519-sha512')!;
  assert.equal(sn.publicKeyBytes, 1158);
  assert.equal(sn.cipherTextBytes, 1039);
});
