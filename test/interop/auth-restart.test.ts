// Issue 14: clients that start authentication again on one connection (paramiko, netmiko, Ansible)
// keep their retries: each auth_* call is a new SERVICE_REQUEST ssh-userauth on the same transport.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BIN, ROOT } from '../helpers/daemon';
import { InteropDaemon, PASSWORD, run, startInteropDaemon, USER } from './fixture';
import { PYTHON, requires } from '../helpers/require-tool';

const SCRIPT = path.join(ROOT, 'test/interop/auth_restart.py');
const paramiko = requires('python3:paramiko');
const netmiko = requires('python3:netmiko');
const PK_USER = 'pkboth';
const PK_PASSWORD = 'Both-Methods-2024!';
// Three failures also lock the user for this address (password-control): a user of its own.
const LOCK_USER = 'tries';
let s: InteropDaemon;
let strayKey: string;
let pkKey: string;
let home: string;

function keygen(file: string, type = 'ed25519'): string {
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', path.basename(file), '-f', file]);
  return file;
}

before(async () => {
  s = await startInteropDaemon();
  const data = path.join(s.dir, 'data');
  strayKey = keygen(path.join(s.dir, 'stray_ed25519'));
  pkKey = keygen(path.join(s.dir, 'pk_ed25519'));
  execFileSync(process.execPath, [BIN, 'user', 'add', PK_USER, '--level', '1', '--auth-type', 'password-publickey', '--password-stdin', '--data-dir', data], {
    input: PK_PASSWORD + '\n',
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  execFileSync(process.execPath, [BIN, 'user', 'add', LOCK_USER, '--level', '1', '--password-stdin', '--data-dir', data], {
    input: PK_PASSWORD + '\n',
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  execFileSync(process.execPath, [BIN, 'user', 'key', 'add', PK_USER, `${pkKey}.pub`, '--data-dir', data], { stdio: ['ignore', 'ignore', 'pipe'] });
  // A HOME whose ~/.ssh holds two keys the device does not know (paramiko's look_for_keys).
  home = path.join(s.dir, 'home');
  fs.mkdirSync(path.join(home, '.ssh'), { recursive: true, mode: 0o700 });
  keygen(path.join(home, '.ssh/id_rsa'), 'rsa');
  keygen(path.join(home, '.ssh/id_ed25519'));
});
after(async () => {
  await s?.stop();
});

interface Out {
  steps: [string, string][];
  authenticated?: boolean;
  disconnect?: string;
  status?: number;
  stdout?: string;
  error?: string;
}

async function scenario(name: string, user = USER, password = PASSWORD, key = strayKey, extra: string[] = []): Promise<Out> {
  const r = await run(PYTHON, [SCRIPT, name, String(s.port), user, password, key, ...extra], { timeoutMs: 90000 });
  assert.ok(!r.timedOut, `${name} timed out: ${r.stdout} ${r.stderr.slice(-2000)}`);
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as Out;
  } catch {
    throw new Error(`${name}: no JSON (status ${r.status}): ${r.stdout} ${r.stderr.slice(-2000)}`);
  }
}

function loggedIn(o: Out): void {
  assert.equal(o.authenticated, true, JSON.stringify(o));
  assert.equal(o.status, 0, JSON.stringify(o));
  assert.match(String(o.stdout), /WX3000/);
}

paramiko.test('paramiko: two wrong passwords, then the right one, on one connection', { timeout: 100000 }, async () => {
  const o = await scenario('two-wrong-then-right');
  assert.deepEqual(o.steps, [['wrong 1', 'failed'], ['wrong 2', 'failed'], ['password', 'ok']]);
  loggedIn(o);
});

paramiko.test('paramiko: the third wrong password is answered with disconnect reason 14, new service requests do not reset the count', { timeout: 100000 }, async () => {
  const o = await scenario('three-wrong', LOCK_USER, PK_PASSWORD);
  assert.deepEqual(o.steps.slice(0, 2), [['wrong 1', 'failed'], ['wrong 2', 'failed']]);
  assert.equal(o.disconnect, 'Disconnect (code 14): Too many authentication failures', JSON.stringify(o));
  assert.notEqual(o.steps[3]?.[1], 'ok', 'no login after the limit');
  assert.equal(o.authenticated, false);
});

paramiko.test('paramiko: a key the device does not know, then the password', { timeout: 100000 }, async () => {
  const o = await scenario('key-then-password');
  assert.deepEqual(o.steps, [['key', 'failed'], ['password', 'ok']]);
  loggedIn(o);
});

paramiko.test('paramiko: a password-publickey user: the key (partial success), then the password', { timeout: 100000 }, async () => {
  const o = await scenario('key-and-password', PK_USER, PK_PASSWORD, pkKey);
  assert.deepEqual(o.steps, [['key', 'partial:password'], ['password', 'ok']]);
  loggedIn(o);
});

paramiko.test('paramiko: keyboard-interactive is answered with the method list, then the password works', { timeout: 100000 }, async () => {
  const o = await scenario('kbdint-then-password');
  assert.deepEqual(o.steps, [['keyboard-interactive', 'bad-type:publickey,password'], ['password', 'ok']]);
  loggedIn(o);
});

paramiko.test('paramiko: none after a failure gets the method list, then the password works', { timeout: 100000 }, async () => {
  const o = await scenario('none-after-failure');
  assert.deepEqual(o.steps, [['wrong 1', 'failed'], ['none', 'bad-type:publickey,password'], ['password', 'ok']]);
  loggedIn(o);
});

paramiko.test('paramiko SSHClient.connect with look_for_keys and two unknown keys in ~/.ssh, then the password', { timeout: 100000 }, async () => {
  const o = await scenario('look-for-keys', USER, PASSWORD, strayKey, [home]);
  loggedIn(o);
});

netmiko.test('netmiko hp_comware with use_keys and an unknown key file falls back to the password', { timeout: 100000 }, async () => {
  const o = await scenario('netmiko-key-then-password');
  assert.equal(o.authenticated, true, JSON.stringify(o));
  assert.match(String(o.stdout), /WX3000/);
});
