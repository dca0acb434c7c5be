// Key formats against keys made by the real ssh-keygen, and signatures made by node:crypto and by
// `ssh-keygen -Y sign` (SSHSIG), which signs with the same wire encodings as SSH user authentication.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  blobAlgorithm,
  blobToKeyCode,
  blobToSpki,
  fingerprint,
  keyBits,
  keyCodeToBlob,
  keyObjectToBlob,
  KeyFormatError,
  parseOpenSshLine,
  parsePublicKeyText,
  toOpenSshLine,
} from '../../src/common/pubkey';
import { sigAlgoFromSsh2, verifySignature, verifySshSignature } from '../../src/common/ssh-signature';
import { WireReader, wireMpint, wireString } from '../../src/common/ssh-wire';
import { tempDir } from '../store/fixtures';

const KINDS = [
  { type: 'ed25519', args: ['-t', 'ed25519'], algo: 'ssh-ed25519', bits: 256 },
  { type: 'ecdsa256', args: ['-t', 'ecdsa', '-b', '256'], algo: 'ecdsa-sha2-nistp256', bits: 256 },
  { type: 'ecdsa384', args: ['-t', 'ecdsa', '-b', '384'], algo: 'ecdsa-sha2-nistp384', bits: 384 },
  { type: 'ecdsa521', args: ['-t', 'ecdsa', '-b', '521'], algo: 'ecdsa-sha2-nistp521', bits: 521 },
  { type: 'rsa', args: ['-t', 'rsa', '-b', '2048'], algo: 'ssh-rsa', bits: 2048 },
] as const;

const dir = tempDir('wx3000-pubkey-');
const file = (type: string) => path.join(dir, `id_${type}`);

before(() => {
  for (const k of KINDS) {
    execFileSync('ssh-keygen', ['-q', ...k.args, '-N', '', '-C', `${k.type} test@host`, '-f', file(k.type)]);
  }
});

for (const k of KINDS) {
  test(`${k.type}: OpenSSH line parses; fingerprint and size match ssh-keygen -lf`, () => {
    const line = fs.readFileSync(file(k.type) + '.pub', 'utf8');
    const key = parseOpenSshLine(line);
    assert.equal(key.algorithm, k.algo);
    assert.equal(key.comment, `${k.type} test@host`);
    assert.equal(blobAlgorithm(key.blob), k.algo);
    const [bits, fp] = execFileSync('ssh-keygen', ['-lf', file(k.type) + '.pub'], { encoding: 'utf8' }).split(' ');
    assert.equal(fingerprint(key.blob), fp);
    assert.equal(keyBits(key.blob), Number(bits));
    assert.equal(keyBits(key.blob), k.bits);
    assert.equal(toOpenSshLine(key.blob, key.comment), line.trim());
  });

  test(`${k.type}: SubjectPublicKeyInfo equals ssh-keygen -e -m PKCS8 and round-trips as Comware key code`, () => {
    const key = parseOpenSshLine(fs.readFileSync(file(k.type) + '.pub', 'utf8'));
    if (k.type !== 'ed25519') {
      // OpenSSH 9.2 cannot export ed25519 as PKCS8; the others are checked byte for byte.
      const pem = execFileSync('ssh-keygen', ['-e', '-m', 'PKCS8', '-f', file(k.type) + '.pub'], { encoding: 'utf8' });
      const der = crypto.createPublicKey(pem).export({ format: 'der', type: 'spki' });
      assert.deepEqual(blobToSpki(key.blob), der);
    }
    const code = blobToKeyCode(key.blob);
    assert.match(code, /^30[0-9A-F]+$/);
    assert.deepEqual(keyCodeToBlob(code), key.blob);
    // Comware prints the code wrapped over lines; whitespace anywhere is ignored.
    assert.deepEqual(keyCodeToBlob(code.replace(/(.{20})/g, '$1\n ').toLowerCase()), key.blob);
  });
}

test('ed25519 SPKI carries OID 1.3.101.112', () => {
  const key = parseOpenSshLine(fs.readFileSync(file('ed25519') + '.pub', 'utf8'));
  assert.ok(blobToKeyCode(key.blob).startsWith('302A300506032B6570032100'));
});

test('RSA: PKCS#1 RSAPublicKey (old V3 key code) and ssh-keygen -m PEM are accepted', () => {
  const key = parseOpenSshLine(fs.readFileSync(file('rsa') + '.pub', 'utf8'));
  const pem = execFileSync('ssh-keygen', ['-e', '-m', 'PEM', '-f', file('rsa') + '.pub'], { encoding: 'utf8' });
  const pkcs1 = crypto.createPublicKey({ key: pem, format: 'pem', type: 'pkcs1' }).export({ format: 'der', type: 'pkcs1' });
  assert.ok(pkcs1.toString('hex').toUpperCase().startsWith('3082010A'));
  assert.deepEqual(keyCodeToBlob(pkcs1.toString('hex')), key.blob);
  assert.ok(blobToKeyCode(key.blob).startsWith('30820122300D06092A864886F70D0101010500'));
});

test('RFC 4716 files (ssh-keygen -e) parse to the same key', () => {
  for (const k of KINDS) {
    const text = execFileSync('ssh-keygen', ['-e', '-f', file(k.type) + '.pub'], { encoding: 'utf8' });
    const key = parsePublicKeyText(text);
    assert.deepEqual(key.blob, parseOpenSshLine(fs.readFileSync(file(k.type) + '.pub', 'utf8')).blob);
  }
});

test('bad key material is refused with KeyFormatError', () => {
  const good = parseOpenSshLine(fs.readFileSync(file('ed25519') + '.pub', 'utf8'));
  const b64 = good.blob.toString('base64');
  const bad = [
    '',
    'ssh-ed25519',
    `ssh-dss ${b64}`,
    `ssh-rsa ${b64}`, // type does not match the data
    `ssh-ed25519 ${b64.slice(0, 20)}`,
    `ssh-ed25519 ${Buffer.concat([good.blob, Buffer.from([0])]).toString('base64')}`, // trailing byte
    `ssh-ed25519 !!!notbase64`,
  ];
  for (const line of bad) assert.throws(() => parseOpenSshLine(line), KeyFormatError, line);
  assert.throws(() => keyCodeToBlob('30xyz'), KeyFormatError);
  assert.throws(() => keyCodeToBlob('3003020100'), KeyFormatError);
  // A valid SPKI with garbage after it must not be stored as if it were the key.
  assert.throws(() => keyCodeToBlob(blobToKeyCode(good.blob) + '00'), KeyFormatError);
  // EC point not on the curve.
  const ec = parseOpenSshLine(fs.readFileSync(file('ecdsa256') + '.pub', 'utf8')).blob;
  const broken = Buffer.from(ec);
  broken[broken.length - 1] ^= 1;
  assert.throws(() => parseOpenSshLine(`ecdsa-sha2-nistp256 ${broken.toString('base64')}`), KeyFormatError);
});

test('RSA keys below 1024 bits are refused', () => {
  const { publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 768 });
  const jwk = publicKey.export({ format: 'jwk' });
  const blob = Buffer.concat([
    wireString('ssh-rsa'),
    wireMpint(Buffer.from(jwk.e!, 'base64url')),
    wireMpint(Buffer.from(jwk.n!, 'base64url')),
  ]);
  assert.throws(() => parseOpenSshLine(`ssh-rsa ${blob.toString('base64')}`), /1024/);
  assert.throws(() => keyObjectToBlob(publicKey), /1024/);
});

// ---- signatures ----

function ecdsaDerToSsh(der: Buffer): Buffer {
  // DER SEQUENCE { INTEGER r, INTEGER s } → mpint r, mpint s (SSH's encoding).
  const r = new DerReader(der);
  return Buffer.concat(r.integers().map((v) => wireMpint(v)));
}

/** Just enough DER for ECDSA-Sig-Value. */
class DerReader {
  constructor(private der: Buffer) {}
  integers(): Buffer[] {
    let pos = 0;
    const len = (): number => {
      let l = this.der[pos++];
      if (l & 0x80) {
        const n = l & 0x7f;
        l = 0;
        for (let i = 0; i < n; i++) l = (l << 8) | this.der[pos++];
      }
      return l;
    };
    assert.equal(this.der[pos++], 0x30);
    len();
    const out: Buffer[] = [];
    for (let i = 0; i < 2; i++) {
      assert.equal(this.der[pos++], 0x02);
      const l = len();
      out.push(this.der.subarray(pos, pos + l));
      pos += l;
    }
    return out;
  }
}

const SIGNERS = [
  { name: 'ed25519', gen: () => crypto.generateKeyPairSync('ed25519'), algo: 'ssh-ed25519', hash: null },
  { name: 'ecdsa-p256', gen: () => crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }), algo: 'ecdsa-sha2-nistp256', hash: 'sha256' },
  { name: 'ecdsa-p384', gen: () => crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' }), algo: 'ecdsa-sha2-nistp384', hash: 'sha384' },
  { name: 'ecdsa-p521', gen: () => crypto.generateKeyPairSync('ec', { namedCurve: 'P-521' }), algo: 'ecdsa-sha2-nistp521', hash: 'sha512' },
  { name: 'rsa-sha2-512', gen: () => crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }), algo: 'rsa-sha2-512', hash: 'sha512' },
  { name: 'rsa-sha2-256', gen: () => crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }), algo: 'rsa-sha2-256', hash: 'sha256' },
] as const;

for (const s of SIGNERS) {
  test(`${s.name}: SSH signature verifies; tampered data or signature does not`, () => {
    const { publicKey, privateKey } = s.gen();
    const blob = keyObjectToBlob(publicKey);
    const data = crypto.randomBytes(100);
    let raw: Buffer = crypto.sign(s.hash, data, privateKey);
    const der = raw;
    if (s.algo.startsWith('ecdsa')) raw = ecdsaDerToSsh(raw);
    const sigBlob = Buffer.concat([wireString(s.algo), wireString(raw)]);
    assert.deepEqual(verifySshSignature(blob, data, sigBlob), { ok: true });
    assert.equal(verifySignature(blob, data, s.algo, raw).ok, true);
    if (s.algo.startsWith('ecdsa')) assert.equal(verifySignature(blob, data, s.algo, der).ok, true, 'DER as ssh2 hands it');
    const other = Buffer.from(data);
    other[0] ^= 1;
    assert.equal(verifySshSignature(blob, other, sigBlob).ok, false);
    const badSig = Buffer.from(sigBlob);
    badSig[badSig.length - 5] ^= 1;
    assert.equal(verifySshSignature(blob, data, badSig).ok, false);
    assert.equal(verifySshSignature(blob, data, sigBlob.subarray(0, 10)).ok, false);
  });
}

test('ssh-rsa (SHA-1) signatures are refused even when valid', () => {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const blob = keyObjectToBlob(publicKey);
  const data = Buffer.from('session data');
  const sig = crypto.sign('sha1', data, privateKey);
  assert.equal(crypto.verify('sha1', data, publicKey, sig), true);
  const r = verifySshSignature(blob, data, Buffer.concat([wireString('ssh-rsa'), wireString(sig)]));
  assert.equal(r.ok, false);
  assert.match(r.reason!, /SHA-1/);
  assert.equal(sigAlgoFromSsh2('ssh-rsa', undefined), 'ssh-rsa');
  assert.equal(sigAlgoFromSsh2('ssh-rsa', 'sha512'), 'rsa-sha2-512');
  assert.equal(sigAlgoFromSsh2('ssh-ed25519', undefined), 'ssh-ed25519');
});

test('a signature algorithm that does not match the key is refused', () => {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const data = Buffer.from('x');
  const sig = crypto.sign(null, data, privateKey);
  const blob = keyObjectToBlob(publicKey);
  assert.equal(verifySignature(blob, data, 'ecdsa-sha2-nistp256', sig).ok, false);
  assert.equal(verifySignature(blob, data, 'rsa-sha2-256', sig).ok, false);
});

/** SSHSIG (PROTOCOL.sshsig): what ssh-keygen -Y sign signed, rebuilt from the message. */
function sshsigSignedData(namespace: string, hashAlg: string, message: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from('SSHSIG'),
    wireString(namespace),
    wireString(''),
    wireString(hashAlg),
    wireString(crypto.createHash(hashAlg).update(message).digest()),
  ]);
}

for (const k of KINDS) {
  test(`${k.type}: a signature made by ssh-keygen -Y sign verifies`, () => {
    const msgFile = path.join(dir, `msg-${k.type}`);
    const message = crypto.randomBytes(64);
    fs.writeFileSync(msgFile, message);
    execFileSync('ssh-keygen', ['-q', '-Y', 'sign', '-f', file(k.type), '-n', 'wx3000-test', msgFile], { stdio: 'pipe' });
    const armored = fs.readFileSync(msgFile + '.sig', 'utf8');
    const body = Buffer.from(armored.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
    assert.equal(body.subarray(0, 6).toString(), 'SSHSIG');
    const r = new WireReader(body.subarray(6));
    r.uint32(); // version
    const pub = r.string();
    const namespace = r.text();
    r.string(); // reserved
    const hashAlg = r.text();
    const signature = r.string();
    const expected = parseOpenSshLine(fs.readFileSync(file(k.type) + '.pub', 'utf8')).blob;
    assert.deepEqual(pub, expected);
    const data = sshsigSignedData(namespace, hashAlg, message);
    assert.deepEqual(verifySshSignature(pub, data, signature), { ok: true });
    assert.equal(verifySshSignature(pub, sshsigSignedData(namespace, hashAlg, Buffer.from('other')), signature).ok, false);
  });
}
