// `ssh2 … prefer-…`: the chosen algorithm goes first, the rest of the modern list follows, and no
// post-quantum method is offered by the client (its ssh2 hook serves the daemon only).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clientAlgorithms } from '../../src/ssh/client/algorithms';

test('prefer options put their algorithm first; the defaults are modern', () => {
  const plain = clientAlgorithms({});
  assert.equal(plain.kex?.[0 as never], 'curve25519-sha256');
  assert.ok(!(plain.kex as string[]).some((k) => /mlkem|sntrup|sha1|group1-/.test(k)));
  assert.ok(!(plain.cipher as string[]).some((c) => /cbc|3des|arcfour/.test(c)));
  const p = clientAlgorithms({ kex: 'ecdh-sha2-nistp256', ctosCipher: 'aes128-ctr', stocCipher: 'aes256-gcm', stocHmac: 'sha2-512' });
  assert.equal((p.kex as string[])[0], 'ecdh-sha2-nistp256');
  assert.deepEqual((p.cipher as string[]).slice(0, 2), ['aes128-ctr', 'aes256-gcm@openssh.com']);
  assert.equal((p.hmac as string[])[0], 'hmac-sha2-512');
  assert.equal(new Set(p.cipher as string[]).size, (p.cipher as string[]).length, 'no algorithm twice');
});
