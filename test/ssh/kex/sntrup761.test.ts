// sntrup761 encapsulation against known answers made with OpenSSH's sntrup761.c (see
// vectors/README.md for how), and the properties a server relies on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SNTRUP761_CIPHERTEXT_BYTES,
  SNTRUP761_ENC_RANDOM_BYTES,
  sntrup761Encapsulate,
} from '../../../src/ssh/kex/sntrup761';
import { katStream, loadVectors } from './kat';

const vectors = loadVectors('sntrup761-kat.json');

test('sntrup761 encapsulation gives the known answers (ciphertext and session key)', () => {
  assert.ok(vectors.length >= 8);
  for (const v of vectors) {
    const random = katStream('sntrup761 enc', v.n, SNTRUP761_ENC_RANDOM_BYTES);
    const { cipherText, sharedSecret } = sntrup761Encapsulate(Buffer.from(v.pk, 'hex'), random);
    assert.equal(cipherText.length, SNTRUP761_CIPHERTEXT_BYTES);
    assert.equal(cipherText.toString('hex'), v.ct, `vector ${v.n}: ciphertext`);
    assert.equal(sharedSecret.toString('hex'), v.k, `vector ${v.n}: session key`);
  }
});

test('sntrup761 encapsulation with the system RNG gives a fresh ciphertext and key each time', () => {
  const pk = Buffer.from(vectors[0].pk, 'hex');
  const a = sntrup761Encapsulate(pk);
  const b = sntrup761Encapsulate(pk);
  assert.equal(a.cipherText.length, SNTRUP761_CIPHERTEXT_BYTES);
  assert.equal(a.sharedSecret.length, 32);
  assert.notDeepEqual(a.cipherText, b.cipherText);
  assert.notDeepEqual(a.sharedSecret, b.sharedSecret);
});

test('sntrup761 refuses a public key of the wrong length', () => {
  const pk = Buffer.from(vectors[0].pk, 'hex');
  assert.throws(() => sntrup761Encapsulate(pk.subarray(1)), /wrong public key length/);
  assert.throws(() => sntrup761Encapsulate(Buffer.concat([pk, Buffer.of(0)])), /wrong public key length/);
});

test('sntrup761 accepts any 1158-byte string as a public key (the format has no invalid keys)', () => {
  for (const fill of [0x00, 0xff]) {
    const r = sntrup761Encapsulate(Buffer.alloc(1158, fill));
    assert.equal(r.cipherText.length, SNTRUP761_CIPHERTEXT_BYTES);
  }
});
