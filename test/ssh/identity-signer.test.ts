// `identity-key`: the daemon signs for a CLI only a publickey login request with the device's own key,
// never an arbitrary payload such as an exchange hash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { utils } from 'ssh2';
import * as fs from 'node:fs';
import { keyObjectToBlob } from '../../src/common/pubkey';
import { wireString } from '../../src/common/ssh-wire';
import { dataPaths } from '../../src/common/paths';
import { HostKeyFiles } from '../../src/device/host-keys';
import { isUserAuthPayload, signUserAuth } from '../../src/ssh/identity-signer';
import { tempDir } from '../helpers/daemon';

function payload(blob: Buffer, opts: { service?: string; hasSignature?: number; extra?: Buffer } = {}): Buffer {
  return Buffer.concat([
    wireString(crypto.randomBytes(32)),
    Buffer.from([50]),
    wireString('bob'),
    wireString(opts.service ?? 'ssh-connection'),
    wireString('publickey'),
    Buffer.from([opts.hasSignature ?? 1]),
    wireString('ssh-ed25519'),
    wireString(blob),
    opts.extra ?? Buffer.alloc(0),
  ]);
}

test('only a publickey USERAUTH_REQUEST for the device key is signed, and the signature verifies', async () => {
  const paths = dataPaths(tempDir('wx3000-sign-'));
  await new HostKeyFiles(paths).create('ed25519');
  const pub = utils.parseKey(fs.readFileSync(`${paths.hostKey('ed25519')}.pub`, 'utf8'));
  assert.ok(!(pub instanceof Error));
  const key = Array.isArray(pub) ? pub[0] : pub;
  const blob = key.getPublicSSH();

  const good = payload(blob);
  assert.equal(isUserAuthPayload(good, blob), true);
  const sig = signUserAuth(paths, 'ed25519', good, undefined);
  assert.equal(key.verify(good, sig), true);

  const otherBlob = keyObjectToBlob(crypto.generateKeyPairSync('ed25519').publicKey);
  for (const [why, data] of [
    ['an exchange hash', crypto.randomBytes(32)],
    ['another key', payload(otherBlob)],
    ['another service', payload(blob, { service: 'ssh-userauth' })],
    ['a query without signature', payload(blob, { hasSignature: 0 })],
    ['trailing bytes', payload(blob, { extra: Buffer.from([0]) })],
    ['a truncated request', good.subarray(0, good.length - 3)],
  ] as const) {
    assert.equal(isUserAuthPayload(data, blob), false, why);
    assert.throws(() => signUserAuth(paths, 'ed25519', data, undefined), /only a publickey login request/, why);
  }
});
