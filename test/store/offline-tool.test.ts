// `wx3000 user …` as a user runs it: the built dist/ (`npx tsc -p tsconfig.json` first), real files.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { Device } from '../../src/device';
import { fingerprint, parseOpenSshLine } from '../../src/common/pubkey';
import { openStore, ROOT, tempDir } from './fixtures';

const BIN = path.join(ROOT, 'dist/bin/wx3000.js');
const tmp = tempDir('wx3000-tool-');
const dataDir = path.join(tmp, 'var');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function wx(args: string[], stdin = ''): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'user', ...args, '--data-dir', dataDir], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** A user mistake: non-zero, exactly one `error:` line, no stack trace. */
function assertUsageError(r: Run, pattern: RegExp, code?: number): void {
  assert.notEqual(r.code, 0, r.stdout);
  if (code !== undefined) assert.equal(r.code, code, r.stderr);
  assert.match(r.stderr, /^error: [^\n]*\n$/, r.stderr);
  assert.match(r.stderr, pattern);
}

const keyFile = (n: string) => path.join(tmp, n);

before(() => {
  assert.ok(fs.existsSync(BIN), 'build dist first: npx tsc -p tsconfig.json');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'k1@test', '-f', keyFile('k1')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ecdsa', '-N', '', '-C', 'k2@test', '-f', keyFile('k2')]);
  fs.writeFileSync(keyFile('junk.pub'), 'ssh-ed25519 AAAAnotakey\n');
});

async function inspect<T>(fn: (d: Device) => Promise<T>): Promise<T> {
  const d = new Device(dataDir);
  try {
    return await fn(d);
  } finally {
    await d.close();
  }
}

test('user add / list / passwd / key add / del, and the password works', async () => {
  assert.equal((await wx(['add', 'bob', '--level', '2', '--password-stdin'], 'first password\n')).code, 0);
  assert.equal((await wx(['add', 'carol', '--level', '1', '--auth-type', 'publickey'])).code, 0);
  const k1 = await wx(['key', 'add', 'bob', keyFile('k1.pub')]);
  assert.equal(k1.code, 0, k1.stderr);
  const fp = fingerprint(parseOpenSshLine(fs.readFileSync(keyFile('k1.pub'), 'utf8')).blob);
  assert.ok(k1.stdout.includes(fp));
  assert.equal((await wx(['key', 'add', 'bob', keyFile('k2.pub')])).code, 0);
  const list = await wx(['list']);
  assert.equal(list.code, 0);
  const lines = list.stdout.trim().split('\n').map((l) => l.split(/\s+/));
  assert.deepEqual(lines, [
    ['NAME', 'LEVEL', 'STATE', 'AUTH-TYPE', 'KEYS'],
    ['bob', '2', 'active', 'default', '2'],
    ['carol', '1', 'active', 'publickey', '0'],
  ]);
  await inspect(async (d) => {
    const bob = (await (await d.users()).get('bob'))!;
    assert.equal(bob.mustChangePassword, false);
    assert.deepEqual(bob.serviceTypes, ['ssh', 'terminal']);
    assert.equal(await d.passwords.verify('first password', bob.passwordHash), true, 'trailing newline stripped');
    assert.deepEqual((await (await d.sshUsers()).get('bob'))!.keys, ['bob', 'bob-2']);
  });
  assert.equal((await wx(['passwd', 'bob', '--password-stdin'], 'second password')).code, 0);
  await inspect(async (d) => {
    assert.equal(await d.passwords.verify('second password', (await (await d.users()).get('bob'))!.passwordHash), true);
  });
  assert.equal((await wx(['del', 'carol'])).code, 0);
  assert.deepEqual((await wx(['list'])).stdout.trim().split('\n').length, 2);
});

test('bad input: one error line, non-zero, nothing changed', async () => {
  const before = (await wx(['list'])).stdout;
  assertUsageError(await wx(['add', 'bob', '--level', '1']), /already exists/, 1);
  assertUsageError(await wx(['add', 'dave', '--level', '7']), /level/, 2);
  assertUsageError(await wx(['add', 'dave']), /--level is required/, 2);
  assertUsageError(await wx(['add', 'all', '--level', '1']), /must not be 'all'/, 2);
  assertUsageError(await wx(['add', 'da:ve', '--level', '1']), /must not contain/, 2);
  assertUsageError(await wx(['add', 'dave', '--level', '1', '--auth-type', 'kerberos']), /--auth-type/, 2);
  assertUsageError(await wx(['add', 'dave', '--level', '1', '--password-stdin'], '\n'), /empty/, 2);
  assertUsageError(await wx(['add', 'dave', '--level', '1', '--bogus']), /unknown option --bogus/, 2);
  assertUsageError(await wx(['add', 'dave', 'erin', '--level', '1']), /exactly one NAME/, 2);
  assertUsageError(await wx(['del', 'nobody']), /does not exist/, 1);
  assertUsageError(await wx(['passwd', 'bob']), /--password-stdin/, 2);
  assertUsageError(await wx(['passwd', 'nobody', '--password-stdin'], 'pw'), /does not exist/, 1);
  // password-control, as on every other path: length, then history (the current password and the ones before).
  assertUsageError(await wx(['passwd', 'bob', '--password-stdin'], 'short'), /^error: the password must contain at least 10 characters\n$/, 2);
  assertUsageError(await wx(['add', 'dave', '--level', '1', '--password-stdin'], 'tiny\n'), /at least 10 characters/, 2);
  assertUsageError(await wx(['passwd', 'bob', '--password-stdin'], 'second password'), /must differ from the current one and the 4 before it/, 2);
  assertUsageError(await wx(['passwd', 'bob', '--password-stdin'], 'first password'), /must differ/, 2);
  assertUsageError(await wx(['key', 'add', 'bob', keyFile('junk.pub')]), /junk\.pub/, 2);
  assertUsageError(await wx(['key', 'add', 'bob', keyFile('missing.pub')]), /cannot read/, 1);
  assertUsageError(await wx(['key', 'add', 'nobody', keyFile('k1.pub')]), /does not exist/, 1);
  assertUsageError(await wx(['key', 'add', 'bob', keyFile('k1.pub')]), /already assigned/, 1);
  assertUsageError(await wx(['key', 'del', 'bob']), /user key add/, 2);
  assertUsageError(await wx(['frob']), /unknown user command/, 2);
  assert.equal((await wx(['list'])).stdout, before);
  await inspect(async (d) => assert.deepEqual((await (await d.keys()).list()).map((k) => k.name), ['bob', 'bob-2']));
});

test('user del: the last level-3 user is kept unless --force; the error says so', async () => {
  assert.equal((await wx(['add', 'root1', '--level', '3'])).code, 0);
  assert.equal((await wx(['add', 'root2', '--level', '3'])).code, 0);
  assert.equal((await wx(['del', 'root1'])).code, 0, 'another manager is left');
  assertUsageError(await wx(['del', 'root2']), /last level-3 user.*--force/, 1);
  assert.match((await wx(['list'])).stdout, /^root2 /m, 'nothing changed');
  assertUsageError(await wx(['del', 'root2', '--level', '3']), /--level does not apply/, 2);
  const forced = await wx(['del', 'root2', '--force']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(forced.stdout, 'user root2 deleted\n');
  assert.doesNotMatch((await wx(['list'])).stdout, /^root2 /m);
});

test('safe while the daemon holds the database: the tool waits for a write lock, then succeeds', async () => {
  const daemon = new Device(dataDir);
  try {
    const store = await openStore(daemon);
    let release!: () => void;
    const held = store.transaction(async (t) => {
      await t.run("UPDATE settings SET value = value WHERE key = 'none'");
      await new Promise<void>((r) => (release = r));
    });
    const tool = wx(['add', 'frank', '--level', '0']);
    await new Promise((r) => setTimeout(r, 700));
    release();
    await held;
    const r = await tool;
    assert.equal(r.code, 0, r.stderr);
    assert.ok(await (await daemon.users()).get('frank'), 'the daemon sees the tool\'s write at once');
    await store.close();
  } finally {
    await daemon.close();
  }
});
