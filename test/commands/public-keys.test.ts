// Public keys (§9): local key pairs (the daemon's host keys) and peer keys through the key views,
// file import, deletion and display.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadHostKey } from '../../src/ssh/hostkeys';
import { fingerprint, keyObjectToBlob, toOpenSshLine } from '../../src/common/pubkey';
import { systemCli } from '../helpers/cli';

function rsaSpkiHex(): { hex: string; blob: Buffer } {
  const { publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { hex: publicKey.export({ format: 'der', type: 'spki' }).toString('hex').toUpperCase(), blob: keyObjectToBlob(publicKey) };
}

test('public-key local create: ed25519 and ecdsa at once, rsa asks the modulus; the daemon can load them', async () => {
  const c = await systemCli();
  try {
    const out = await c.run('public-key local create ed25519');
    assert.match(out, /Generating Keys\.\.\.\nKey pair created\.\nInfo: New SSH connections use the changed key pairs/);
    await c.run('public-key local create ecdsa');
    const rsa = await c.run('public-key local create rsa\n2048');
    assert.match(rsa, /The range of public key size is \(2048 ~ 4096\)\./);
    assert.match(rsa, /Input the bits of the modulus\[default = 3072\]:/);
    for (const type of ['ed25519', 'ecdsa', 'rsa'] as const) {
      const file = c.device.paths.hostKey(type);
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      const loaded = loadHostKey(type, file);
      const info = c.device.hostKeys.read(type)!;
      assert.equal(loaded.fingerprint, fingerprint(Buffer.from(info.publicLine.split(' ')[1], 'base64')), type);
    }
    assert.equal(c.device.hostKeys.read('rsa')!.bits, 2048);
    const shown = await c.run('display public-key local ed25519 public');
    assert.match(shown, /^=+\nTime of Key pair created: \d\d:\d\d:\d\d  \d{4}\/\d\d\/\d\d\nKey name: HOST_KEY\nKey type: Ed25519 Encryption Key\n=+\nKey code:\n302A300506032B6570032100[0-9A-F]{64}\n/);
  } finally {
    await c.dispose();
  }
});

test('replacing a pair needs Y; destroy confirms; a bad modulus is asked again', async () => {
  const c = await systemCli();
  try {
    await c.run('public-key local create ed25519');
    const before = c.device.hostKeys.read('ed25519')!.publicLine;
    const no = await c.run('public-key local create ed25519\nn');
    assert.match(no, /already exists\. Replace it\? \[Y\/N\]:/);
    assert.equal(c.device.hostKeys.read('ed25519')!.publicLine, before, 'N keeps the old pair');
    await c.run('public-key local create ed25519\ny');
    assert.notEqual(c.device.hostKeys.read('ed25519')!.publicLine, before);
    assert.match(await c.run('public-key local destroy ed25519\ny'), /Confirm to destroy these keys\? \[Y\/N\]:/);
    assert.equal(c.device.hostKeys.exists('ed25519'), false);
    assert.match(await c.run('public-key local destroy ed25519'), /% The local ED25519 key pair does not exist\./);
    assert.match(await c.run('display public-key local rsa public'), /% The local RSA key pair does not exist\./);
    const out = await c.run('public-key local create rsa\n512\n2048');
    assert.match(out, /% The modulus must be 2048 to 4096 bits\./);
    assert.equal(c.device.hostKeys.read('rsa')!.bits, 2048);
  } finally {
    await c.dispose();
  }
});

test('peer key through the key views: hex on several lines, prompts, stored as given', async () => {
  const c = await systemCli({ interactive: true });
  try {
    const { hex, blob } = rsaSpkiHex();
    let out = await c.run('public-key peer bobkey');
    assert.match(out, /Public key view: return to System View with "peer-public-key end"\.\r?\n\[WX3000-pkey-public-key\]$/);
    out = await c.run('public-key-code begin');
    assert.match(out, /Public key code view: return to last view with "public-key-code end"\.\r?\n\[WX3000-pkey-key-code\]$/);
    for (let i = 0; i < hex.length; i += 60) await c.run(hex.slice(i, i + 30) + ' ' + hex.slice(i + 30, i + 60));
    assert.match(await c.run('public-key-code end'), /\[WX3000-pkey-public-key\]$/);
    assert.match(await c.run('peer-public-key end'), /\n\[WX3000\]$/);
    const key = (await (await c.device.keys()).get('bobkey'))!;
    assert.ok(key.blob.equals(blob));
    assert.match(await c.run('quit'), /<WX3000>$/);
  } finally {
    await c.dispose();
  }
});

test('a pasted OpenSSH line is accepted; bad key code is refused and nothing is stored', async () => {
  const c = await systemCli();
  try {
    const { publicKey } = crypto.generateKeyPairSync('ed25519');
    const blob = keyObjectToBlob(publicKey);
    await c.run(`public-key peer edkey\npublic-key-code begin\n${toOpenSshLine(blob, 'me@host')}\npublic-key-code end\npeer-public-key end`);
    const stored = (await (await c.device.keys()).get('edkey'))!;
    assert.ok(stored.blob.equals(blob));
    assert.equal(stored.comment, 'me@host');
    const bad = await c.run('public-key peer badkey\npublic-key-code begin\n30819F300D0609ZZ\npublic-key-code end\npeer-public-key end');
    assert.match(bad, /% The public key is invalid/);
    assert.equal(c.engine.currentView, 'system');
    assert.equal(await (await c.device.keys()).get('badkey'), undefined);
    const truncated = await c.run('public-key peer badkey\npublic-key-code begin\n30819F300D06092A864886F70D\npublic-key-code end\npeer-public-key end');
    assert.match(truncated, /% The public key is invalid/);
    assert.equal(await (await c.device.keys()).get('badkey'), undefined);
  } finally {
    await c.dispose();
  }
});

test('import sshkey reads files inside the data directory only', async () => {
  const c = await systemCli();
  try {
    const { publicKey } = crypto.generateKeyPairSync('ed25519');
    const blob = keyObjectToBlob(publicKey);
    fs.mkdirSync(c.dir, { recursive: true });
    fs.writeFileSync(path.join(c.dir, 'bob.pub'), toOpenSshLine(blob, 'bob') + '\n');
    assert.equal(await c.run('public-key peer bobkey import sshkey bob.pub'), '');
    assert.ok((await (await c.device.keys()).get('bobkey'))!.blob.equals(blob));
    const outside = path.join(path.dirname(c.dir), `outside-${process.pid}.pub`);
    fs.writeFileSync(outside, toOpenSshLine(blob) + '\n');
    try {
      assert.match(await c.run(`public-key peer k2 import sshkey ${outside}`), /% The file must be in the data directory\./);
      assert.match(await c.run('public-key peer k2 import sshkey ../x.pub'), /% Such file or path doesn't exist\.|% The file must be/);
    } finally {
      fs.rmSync(outside, { force: true });
    }
    assert.match(await c.run('public-key peer k3 import sshkey missing.pub'), /% Such file or path doesn't exist\./);
  } finally {
    await c.dispose();
  }
});

test('undo public-key peer refuses while assigned; display brief, by name, all', async () => {
  const c = await systemCli();
  try {
    const { publicKey } = crypto.generateKeyPairSync('ed25519');
    const blob = keyObjectToBlob(publicKey);
    await c.run(`public-key peer bobkey\npublic-key-code begin\n${toOpenSshLine(blob)}\npublic-key-code end\npeer-public-key end`);
    await c.run('ssh user bob assign publickey bobkey');
    assert.match(await c.run('undo public-key peer bobkey'), /% Public key bobkey is assigned to bob/);
    const brief = await c.run('display public-key peer brief');
    assert.match(brief, /^ Type {5}Module  Name {18}Fingerprint\n -+\n Ed25519  256     bobkey {16}SHA256:/);
    assert.ok(brief.includes(fingerprint(blob)));
    const one = await c.run('display public-key peer name bobkey');
    assert.match(one, /Key name {4}: bobkey\n  Key type {4}: Ed25519\n  Key module  : 256\n  Fingerprint : SHA256:/);
    assert.match(await c.run('display public-key peer name nokey'), /% Public key nokey does not exist\./);
    await c.run('undo ssh user bob assign publickey bobkey');
    assert.equal(await c.run('undo public-key peer bobkey'), '');
    assert.match(await c.run('undo public-key peer bobkey'), /% Public key bobkey does not exist\./);
  } finally {
    await c.dispose();
  }
});
