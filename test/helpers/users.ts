import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BIN } from './daemon';

/** `wx3000 user add` through the real offline tool (no forced password change). */
export function addUser(dataDir: string, name: string, opts: { level?: number; password?: string; authType?: string } = {}): void {
  const args = [BIN, 'user', 'add', name, '--level', String(opts.level ?? 3), '--data-dir', dataDir];
  if (opts.password !== undefined) args.push('--password-stdin');
  if (opts.authType) args.push('--auth-type', opts.authType);
  const r = spawnSync(process.execPath, args, { input: opts.password !== undefined ? opts.password + '\n' : '', encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`user add ${name}: ${r.stderr}`);
}

/** A fresh key pair made by ssh-keygen; returns the private key path. */
export function makeKey(dir: string, type: 'ed25519' | 'ecdsa' | 'rsa', name = `id_${type}`): string {
  const file = path.join(dir, name);
  const bits = type === 'rsa' ? ['-b', '3072'] : type === 'ecdsa' ? ['-b', '256'] : [];
  const r = spawnSync('ssh-keygen', ['-q', '-t', type, ...bits, '-N', '', '-C', `${name}@test`, '-f', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ssh-keygen: ${r.stderr}`);
  return file;
}

export function addKey(dataDir: string, user: string, keyFile: string): void {
  const r = spawnSync(process.execPath, [BIN, 'user', 'key', 'add', user, `${keyFile}.pub`, '--data-dir', dataDir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`user key add: ${r.stderr}`);
}

/**
 * The one askpass program of the tests. OpenSSH reads a password only from a terminal or an askpass
 * program; with SSH_ASKPASS_REQUIRE=force it runs this one, which prints $WX_PASS.
 */
export function askpass(dir: string): string {
  const file = path.join(dir, 'askpass.sh');
  fs.writeFileSync(file, '#!/bin/sh\nprintf "%s\\n" "$WX_PASS"\n', { mode: 0o700 });
  return file;
}

/** The environment in which `ssh` answers its password prompt with `password`. */
export function passwordEnv(dir: string, password: string): NodeJS.ProcessEnv {
  return { SSH_ASKPASS: askpass(dir), SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0', WX_PASS: password };
}
