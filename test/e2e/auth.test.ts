// Authentication against the device's user database with real clients (issue 4): OpenSSH for the
// methods and per-user types, a raw ssh2 client for the exact retry count, lockout across addresses.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Device } from '../../src/device';
import { runSsh, saveStartupConfig, sshBaseArgs, startDaemon, TestDaemon, tempDir } from '../helpers/daemon';
import { exhaust } from '../helpers/raw-ssh';
import { addKey, addUser, makeKey, passwordEnv } from '../helpers/users';

const PW = 'Corr3ct-Horse';
let d: TestDaemon;
let keys: string;
const k: Record<string, string> = {};

function sshPassword(user: string, password: string, extra: string[] = [], localAddress?: string) {
  return runSsh(
    [
      ...sshBaseArgs(d.port),
      '-o', 'PubkeyAuthentication=no',
      '-o', 'PreferredAuthentications=password',
      '-o', 'NumberOfPasswordPrompts=1',
      ...(localAddress ? ['-b', localAddress] : []),
      ...extra,
      `${user}@127.0.0.1`,
      'display clock',
    ],
    { env: passwordEnv(keys, password) },
  );
}

function sshKey(user: string, keyFile: string, extra: string[] = []) {
  return runSsh([
    ...sshBaseArgs(d.port),
    '-o', 'BatchMode=yes',
    '-o', 'IdentitiesOnly=yes',
    '-o', 'PasswordAuthentication=no',
    '-i', keyFile,
    ...extra,
    `${user}@127.0.0.1`,
    'display clock',
  ]);
}

const CLOCK = /^\d\d:\d\d:\d\d \S+ \w{3} \d\d\/\d\d\/\d{4}/m;

before(async () => {
  const dir = tempDir();
  keys = tempDir('wx3000-keys-');
  for (const t of ['ed25519', 'ecdsa', 'rsa'] as const) k[t] = makeKey(keys, t);
  k.stranger = makeKey(keys, 'ed25519', 'id_stranger');
  d = await startDaemon({ dataDir: dir });
  addUser(dir, 'alice', { password: PW });
  addUser(dir, 'kim', { password: PW });
  addKey(dir, 'kim', k.ed25519);
  addKey(dir, 'kim', k.ecdsa);
  addKey(dir, 'kim', k.rsa);
  addUser(dir, 'both', { password: PW, authType: 'password-publickey' });
  addKey(dir, 'both', k.ed25519);
  addUser(dir, 'keyonly', { password: PW, authType: 'publickey' });
  addKey(dir, 'keyonly', k.ed25519);
  addUser(dir, 'either', { password: PW, authType: 'all' });
  addKey(dir, 'either', k.ed25519);
  addUser(dir, 'blocked', { password: PW });
  const device = new Device(dir);
  await (await device.userAdmin()).setState('blocked', 'block');
  await device.close();
});

after(async () => {
  await d.stop();
});

describe('OpenSSH client', () => {
  test('password login runs a command', () => {
    const r = sshPassword('alice', PW);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, CLOCK);
  });

  test('a wrong password is refused', () => {
    const r = sshPassword('alice', 'wrong-password');
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /Permission denied/);
  });

  for (const [type, extra] of [
    ['ed25519', []],
    ['ecdsa', []],
    ['rsa', ['-o', 'PubkeyAcceptedAlgorithms=rsa-sha2-512']],
  ] as const) {
    test(`${type} key login`, () => {
      const r = sshKey('kim', k[type], [...extra, '-v']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, CLOCK);
      if (type === 'rsa') assert.match(r.stderr, /Server accepts key: .* RSA SHA256:|Authenticated .* using "publickey"/);
    });
  }

  test('a key that is not assigned is refused', () => {
    const r = sshKey('kim', k.stranger);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /Permission denied/);
  });

  test('password-publickey needs both: key alone fails, key then password works', () => {
    const alone = sshKey('both', k.ed25519);
    assert.notEqual(alone.status, 0);
    const r = runSsh(
      [
        ...sshBaseArgs(d.port),
        '-o', 'IdentitiesOnly=yes',
        '-o', 'NumberOfPasswordPrompts=1',
        '-i', k.ed25519,
        '-o', 'PreferredAuthentications=publickey,password',
        '-v',
        'both@127.0.0.1',
        'display clock',
      ],
      { env: passwordEnv(keys, PW) },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /Authenticated using "publickey" with partial success/);
    assert.match(r.stdout, CLOCK);
  });

  test('publickey type refuses a correct password', () => {
    const r = sshPassword('keyonly', PW);
    assert.notEqual(r.status, 0);
    assert.equal(sshKey('keyonly', k.ed25519).status, 0);
  });

  test('all takes either method', () => {
    assert.equal(sshPassword('either', PW).status, 0);
    assert.equal(sshKey('either', k.ed25519).status, 0);
  });

  test('a blocked user is refused even with the right password', () => {
    const r = sshPassword('blocked', PW);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /Permission denied/);
  });
});

describe('retry limit (raw ssh2 client)', () => {
  for (const limit of [1, 3, 5]) {
    test(`authentication-retries ${limit}: disconnect reason 14 right after failure ${limit}`, async () => {
      const dir = tempDir();
      // Lockout would end the count early for limits above the login-attempt default.
      saveStartupConfig(dir, [`ssh server authentication-retries ${limit}`, 'undo password-control enable']);
      const dd = await startDaemon({ dataDir: dir });
      try {
        const r = await exhaust(dd.port, 'nobody-here');
        assert.equal(r.code, 14, JSON.stringify(r));
        assert.equal(r.message, 'Too many authentication failures');
        assert.equal(r.sent, limit);
      } finally {
        await dd.stop();
      }
    });
  }
});

describe('lockout', () => {
  test('locked from one address, not from another; a restart keeps the lock', async () => {
    const dir = tempDir();
    const dd = await startDaemon({ dataDir: dir });
    addUser(dir, 'carol', { password: PW });
    const viaSsh = (addr: string, port: number) =>
      runSsh(
        [
          ...sshBaseArgs(port),
          '-o', 'PubkeyAuthentication=no',
          '-o', 'NumberOfPasswordPrompts=1',
          '-b', addr,
          'carol@127.0.0.1',
          'display clock',
        ],
        { env: passwordEnv(keys, PW) },
      );
    try {
      // Default policy: 3 consecutive failures from one address lock user+address for a minute.
      const r = await exhaust(dd.port, 'carol');
      assert.equal(r.code, 14);
      const locked = viaSsh('127.0.0.1', dd.port);
      assert.notEqual(locked.status, 0, 'correct password refused while locked');
      assert.match(locked.stderr, /Permission denied/);
      assert.equal(viaSsh('127.0.0.2', dd.port).status, 0, 'another address still works');
      assert.equal(await dd.stop(), 0);
      const again = await startDaemon({ dataDir: dir });
      try {
        assert.notEqual(viaSsh('127.0.0.1', again.port).status, 0, 'still locked after restart');
      } finally {
        await again.stop();
      }
    } finally {
      await dd.stop();
    }
  });
});
