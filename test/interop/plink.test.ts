// Interop: PuTTY's plink (batch mode needs the host key fingerprint) with a password and with a .ppk key.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { InteropDaemon, PASSWORD, run, startInteropDaemon, USER } from './fixture';
import { requires } from '../helpers/require-tool';

const putty = requires('plink', 'puttygen');
let s: InteropDaemon;

before(async () => {
  if (putty.available) s = await startInteropDaemon();
});
after(async () => {
  await s?.stop();
});

const base = () => ['-batch', '-ssh', '-P', String(s.port), '-hostkey', s.hostKeyFingerprint];

putty.test('plink -pw runs display version (exit 0)', { timeout: 30000 }, async () => {
  const r = await run('plink', [...base(), '-pw', PASSWORD, `${USER}@127.0.0.1`, 'display version']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /WX3000/);
});

putty.test('plink with a .ppk key (puttygen from the OpenSSH key); an unknown command exits 1', { timeout: 30000 }, async () => {
  const ppk = path.join(s.dir, 'id_ed25519.ppk');
  execFileSync('puttygen', [s.keyFile, '-O', 'private', '-o', ppk], { stdio: 'ignore' });
  const ok = await run('plink', [...base(), '-i', ppk, `${USER}@127.0.0.1`, 'display version']);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /WX3000/);
  const bad = await run('plink', [...base(), '-i', ppk, `${USER}@127.0.0.1`, 'displayy version']);
  assert.equal(bad.status, 1, bad.stdout + bad.stderr);
});

putty.test('plink -batch refuses a host key that does not match the pinned fingerprint', { timeout: 30000 }, async () => {
  const r = await run('plink', [
    '-batch', '-ssh', '-P', String(s.port), '-hostkey', 'SHA256:' + 'A'.repeat(43), '-pw', PASSWORD, `${USER}@127.0.0.1`, 'display version',
  ]);
  assert.notEqual(r.status, 0);
  assert.doesNotMatch(r.stdout, /WX3000 Unified/);
});
