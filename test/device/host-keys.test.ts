// Host key files written with node:crypto must be what the daemon (ssh2) and OpenSSH read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { utils } from 'ssh2';
import { dataPaths } from '../../src/common/paths';
import { HostKeyFiles, toOpenSshPrivateKey } from '../../src/device/host-keys';
import { requires } from '../helpers/require-tool';

test('each type round-trips through ssh2: same public key, signatures verify', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wx3000-hk-'));
  try {
    const keys = new HostKeyFiles(dataPaths(dir));
    for (const type of ['ed25519', 'ecdsa', 'rsa'] as const) {
      const info = await keys.create(type, 2048);
      const parsed = utils.parseKey(fs.readFileSync(dataPaths(dir).hostKey(type), 'utf8'));
      assert.ok(!(parsed instanceof Error), `${type}: ${parsed instanceof Error ? parsed.message : ''}`);
      const key = Array.isArray(parsed) ? parsed[0] : parsed;
      assert.equal(key.getPublicSSH().toString('base64'), info.publicLine.split(' ')[1]);
      const data = Buffer.from('challenge');
      assert.ok(key.verify(data, key.sign(data)), type);
    }
    assert.equal(keys.destroy('ecdsa'), true);
    assert.equal(keys.read('ecdsa'), undefined);
    assert.equal(keys.destroy('ecdsa'), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

requires('ssh-keygen').test('ssh-keygen reads the private key', {}, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wx3000-hk-'));
  try {
    const file = path.join(dir, 'k');
    fs.writeFileSync(file, toOpenSshPrivateKey(crypto.generateKeyPairSync('ed25519').privateKey, 'c'), { mode: 0o600 });
    assert.match(execFileSync('ssh-keygen', ['-y', '-f', file]).toString(), /^ssh-ed25519 AAAA/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
