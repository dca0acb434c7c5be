// The firmware image end to end (issue 8): unpacked into an empty root it starts with its own
// launcher and init script and accepts an OpenSSH login; an upgrade to a newer image keeps users,
// configuration, locks and host keys. The image is built once for the file (plus the upgrade image).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Device } from '../../src/device';
import { runSsh, sshBaseArgs, tempDir } from '../helpers/daemon';
import { passwordEnv } from '../helpers/users';
import {
  buildImage, Built, bumpPatch, childrenOf, filesUnder, initScript, manifestProblems, processesUnder, readManifest,
  pssKiB, rssKiB, unpack, waitFor, wx3000,
} from './image';

const PKG_VERSION = require('../../../../package.json').version as string;
const NEW_VERSION = bumpPatch(PKG_VERSION);
const PASSWORD = 'Fw-test-pass-1';
const LOOPBACK = { WX3000_OPTS: '--listen 127.0.0.1 --port 0' };

let tmp: string;
let root: string;
let data: string;
let v1: Built;

before(() => {
  tmp = tempDir('wx3000-fw-');
  root = path.join(tmp, 'root');
  data = path.join(root, 'var/lib/wx3000');
  v1 = buildImage(path.join(tmp, `wx3000-mgmt-${PKG_VERSION}.tar.gz`));
  process.stderr.write(`# image build: ${v1.ms} ms\n${v1.log.replace(/^/gm, '# ')}\n`);
  unpack(v1.file, root);
});

after(() => {
  // Whatever happens, leave no daemon behind.
  for (const pid of processesUnder(root)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

function start(env: NodeJS.ProcessEnv = {}): { port: number; pid: number; ms: number } {
  const r = initScript(root, 'start', { ...LOOPBACK, ...env });
  assert.equal(r.status, 0, r.out);
  const m = /started \(pid (\d+)\): listening on 127\.0\.0\.1:(\d+)/.exec(r.out);
  assert.ok(m, r.out);
  return { pid: Number(m[1]), port: Number(m[2]), ms: r.ms };
}

async function stop(): Promise<void> {
  const r = initScript(root, 'stop');
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /wx3000 stopped/);
  await waitFor(() => processesUnder(root).length === 0, 10000, 'no process left under the image root');
  assert.equal(initScript(root, 'status').status, 3, 'status: not running');
}

function ssh(port: number, user: string, password: string, command: string, extra: string[] = []) {
  return runSsh(
    [
      ...sshBaseArgs(port),
      '-o', 'PubkeyAuthentication=no',
      '-o', 'PreferredAuthentications=password',
      ...extra,
      `${user}@127.0.0.1`,
      command,
    ],
    { env: passwordEnv(tmp, password) },
  );
}

test('the image is a complete overlay whose MANIFEST matches every file', () => {
  assert.deepEqual(manifestProblems(root), []);
  const { header } = readManifest(root);
  assert.equal(header.get('version'), PKG_VERSION);
  assert.equal(header.get('node'), process.version);
  assert.equal(header.get('architecture'), `${process.platform}-${process.arch}`);

  const files = filesUnder(root);
  for (const f of [
    'opt/wx3000/runtime/node', 'opt/wx3000/bin/wx3000', 'opt/wx3000/package.json', 'opt/wx3000/dist/bin/wx3000.js',
    'opt/wx3000/dist/bin/cli-session.js', 'opt/wx3000/build/cli-tree.cache.json', 'etc/init.d/wx3000',
    'lib/systemd/system/wx3000.service', 'etc/wx3000/wx3000.conf',
  ]) {
    assert.ok(files.includes(f), `${f} in the image`);
  }
  for (const f of ['opt/wx3000/runtime/node', 'opt/wx3000/bin/wx3000', 'etc/init.d/wx3000']) {
    assert.ok(fs.statSync(path.join(root, f)).mode & 0o100, `${f} is executable`);
  }
  assert.equal(fs.statSync(path.join(root, 'var/lib/wx3000')).mode & 0o777, 0o700);
  assert.ok(fs.readdirSync(path.join(root, 'var/lib/wx3000')).length === 0, 'no data in the image');

  // Production modules only, trimmed: no dev dependencies, build-only helpers, sources, typings, maps.
  const mods = files.filter((f) => f.startsWith('opt/wx3000/node_modules/'));
  for (const dev of ['typescript', 'ajv', '@types/node', '@types/ssh2', 'node-gyp', 'nan', 'node-addon-api', 'prebuild-install']) {
    assert.ok(!mods.some((f) => f.startsWith(`opt/wx3000/node_modules/${dev}/`)), `${dev} is not shipped`);
  }
  const junk = mods.filter((f) => !/\/licen[cs]e[^/]*$/i.test(f) && /\.(ts|map|cc|cpp|c|h|o|a|gyp|gypi|mk|md)$|\/obj(\.target)?\/|\/deps\/|\/test\//.test(f));
  assert.deepEqual(junk, []);
  for (const addon of ['sqlite3/build/Release/node_sqlite3.node', 'node-pty/build/Release/pty.node']) {
    assert.ok(mods.includes(`opt/wx3000/node_modules/${addon}`), `${addon} shipped`);
  }

  // Sizes: the whole image, and everything but the Node runtime.
  const packed = fs.statSync(v1.file).size;
  assert.ok(packed <= 40 * 1024 * 1024, `image ${packed} bytes <= 40 MB`);
  const r = spawnSync('sh', ['-c', 'tar -czf - -C "$1" --exclude=opt/wx3000/runtime/node opt etc lib | wc -c', 'sh', root], { encoding: 'utf8' });
  const withoutRuntime = Number(r.stdout.trim());
  assert.ok(withoutRuntime > 0 && withoutRuntime <= 8 * 1024 * 1024, `without the runtime ${withoutRuntime} bytes <= 8 MB`);
});

test('the precompiled command tree is valid after unpacking: no YAML parsing, no writes at run time', () => {
  const opt = path.join(root, 'opt/wx3000');
  const r = spawnSync(path.join(opt, 'runtime/node'), ['-e', `
    const Module = require('module');
    const load = Module._load;
    Module._load = function (req, ...rest) { if (req === 'yaml') throw new Error('yaml was loaded'); return load.call(this, req, ...rest); };
    const { readSources } = require(${JSON.stringify(path.join(opt, 'dist/cli/tree.js'))});
    const views = readSources(${JSON.stringify(path.join(opt, 'cli-tree'))}, ${JSON.stringify(path.join(opt, 'build/cli-tree.cache.json'))});
    console.log(views.length);
  `], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(Number(r.stdout) > 0);
});

test('unpacked into an empty root it boots with its init script and accepts an OpenSSH login', async (t) => {
  const first = start();
  t.diagnostic(`first boot (host keys, database, admin): init start returned in ${first.ms} ms`);
  assert.equal(initScript(root, 'status').status, 0);
  assert.match(fs.readFileSync(path.join(root, 'var/run/wx3000.pid'), 'utf8'), new RegExp(`^${first.pid}\\s*$`));
  // First boot: the one-time admin password is in the data directory, private.
  const initial = path.join(data, 'initial-admin-password');
  assert.equal(fs.statSync(initial).mode & 0o777, 0o600);
  assert.match(fs.readFileSync(initial, 'utf8'), /^\S{16}\n$/);

  // A second start is refused politely, the pid is unchanged.
  const again = initScript(root, 'start', LOOPBACK);
  assert.equal(again.status, 0);
  assert.match(again.out, new RegExp(`already running \\(pid ${first.pid}\\)`));

  const add = wx3000(root, ['user', 'add', 'fwtest', '--level', '3', '--password-stdin', '--data-dir', data], `${PASSWORD}\n`);
  assert.equal(add.status, 0, add.stderr);

  const r = ssh(first.port, 'fwtest', PASSWORD, 'display version');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`Software Version 3Com OS V${PKG_VERSION.replace(/\./g, '\\.')}\\b`));

  // Idle: the session is over, the warm spare CLI is up.
  await waitFor(() => childrenOf(first.pid).length >= 1, 10000, 'warm spare CLI process');
  await new Promise((res) => setTimeout(res, 500));
  const kids = childrenOf(first.pid);
  const mem = (p: number) => `RSS ${rssKiB(p)} KiB / PSS ${pssKiB(p)} KiB`;
  t.diagnostic(`idle: daemon ${mem(first.pid)}; warm spare CLI ${kids.map(mem).join(', ')}`);

  await stop();

  // Start-to-listening with a warm data directory, through the launcher itself.
  const t0 = process.hrtime.bigint();
  const proc = spawn(path.join(root, 'opt/wx3000/bin/wx3000'), [
    'serve', '--config-file', path.join(root, 'etc/wx3000/wx3000.conf'), '--data-dir', data, '--listen', '127.0.0.1', '--port', '0',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((res) => proc.once('exit', (code) => res(code)));
  await waitFor(() => /listening on 127\.0\.0\.1:\d+/.test(out) || proc.exitCode !== null, 30000, 'listening');
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  assert.match(out, /listening on/);
  t.diagnostic(`launcher start to listening (warm data dir): ${ms.toFixed(0)} ms`);
  proc.kill('SIGTERM');
  assert.equal(await exited, 0, err);
  await waitFor(() => processesUnder(root).length === 0, 10000, 'no process left');
});

interface Snapshot {
  users: string;
  sysname: unknown;
  blacklist: string[];
  hostKeys: string[];
  keyFiles: string[];
}

async function snapshot(port: number): Promise<Snapshot> {
  const users = wx3000(root, ['user', 'list', '--data-dir', data]);
  assert.equal(users.status, 0, users.stderr);
  const device = new Device(data);
  try {
    const sysname = (await (await device.settings()).all()).sysname;
    const blacklist = (await (await device.blacklist()).list()).map((e) => `${e.user}@${e.address} failures=${e.failures}`);
    const scan = spawnSync('ssh-keyscan', ['-p', String(port), '-t', 'ed25519,rsa,ecdsa', '127.0.0.1'], { encoding: 'utf8', timeout: 20000 });
    const hostKeys = scan.stdout.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(' ').slice(1).join(' ')).sort();
    assert.ok(hostKeys.length > 0, `ssh-keyscan: ${scan.stderr}`);
    const keyFiles = fs.readdirSync(data).filter((f) => f.startsWith('ssh_host_')).sort()
      .map((f) => `${f} ${fs.readFileSync(path.join(data, f)).toString('base64')}`);
    return { users: users.stdout, sysname, blacklist, hostKeys, keyFiles };
  } finally {
    await device.close();
  }
}

test('an upgrade keeps users, configuration, locks and host keys; the schema migrates once', async (t) => {
  const v2 = buildImage(path.join(tmp, `wx3000-mgmt-${NEW_VERSION}.tar.gz`), { WX3000_VERSION: NEW_VERSION, WX3000_PART_SIZES: '0' });
  assert.notEqual(v2.sha256, v1.sha256);

  const before = start();
  // Configuration through the device's console, as an operator would, saved: a restart boots from it.
  const con = wx3000(root, ['console', '--data-dir', data], 'system-view\nsysname FW-UPGRADE\nsave force\nreturn\n');
  assert.equal(con.status, 0, con.stderr + con.stdout);
  // A lock: three wrong passwords for `victim` from 127.0.0.1.
  assert.equal(wx3000(root, ['user', 'add', 'victim', '--level', '1', '--password-stdin', '--data-dir', data], 'Victim-pass-1\n').status, 0);
  const bad = ssh(before.port, 'victim', 'Wrong-pass-1', 'display version', ['-o', 'NumberOfPasswordPrompts=3']);
  assert.notEqual(bad.status, 0);

  const old = await snapshot(before.port);
  assert.equal(old.sysname, 'FW-UPGRADE');
  assert.ok(old.blacklist.some((e) => e.startsWith('victim@127.0.0.1')), old.blacklist.join(', '));
  assert.match(old.users, /fwtest/);
  await stop();

  // The upgrade: the new image unpacked over the running system's root, then a restart (this time
  // through the plain-sh path of the init script).
  unpack(v2.file, root);
  assert.deepEqual(manifestProblems(root, { ignore: /^var\// }), []);
  assert.equal(readManifest(root).header.get('version'), NEW_VERSION);
  const after = start({ WX3000_NO_SSD: '1' });
  t.diagnostic(`upgrade restart: init start returned in ${after.ms} ms`);

  const now = await snapshot(after.port);
  assert.deepEqual(now, old);

  const r = ssh(after.port, 'fwtest', PASSWORD, 'display version');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`Software Version 3Com OS V${NEW_VERSION.replace(/\./g, '\\.')}\\b`));

  // The schema migration ran on the first boot of the fresh database and never again.
  const logs = fs.readdirSync(data).filter((f) => f.startsWith('wx3000') && f.endsWith('.log'));
  const migrated = logs.flatMap((f) => fs.readFileSync(path.join(data, f), 'utf8').split('\n')).filter((l) => l.includes('database schema migrated'));
  assert.equal(migrated.length, 1, migrated.join('\n'));
  assert.match(migrated[0], /"from":0/);

  // restart gives a new daemon; a stale pid file reads as "not running" (1) and is cleaned by stop.
  const re = initScript(root, 'restart', LOOPBACK);
  assert.equal(re.status, 0, re.out);
  assert.match(re.out, /stopped[\s\S]*started \(pid \d+\): listening on/);
  await stop();
  fs.writeFileSync(path.join(root, 'var/run/wx3000.pid'), '999999\n');
  assert.equal(initScript(root, 'status').status, 1);
  assert.equal(initScript(root, 'stop').status, 0);
  assert.ok(!fs.existsSync(path.join(root, 'var/run/wx3000.pid')));
});
