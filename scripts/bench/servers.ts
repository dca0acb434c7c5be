// The three servers under test, started by hand on loopback (never as system services): OpenSSH sshd,
// Dropbear, and our daemon, all serving the same user name, password and ed25519 key.
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { processTree, sleep, stopTree } from './proc';

export const ROOT = path.resolve(__dirname, '../../../..');
export const BIN = path.join(ROOT, 'dist/bin/wx3000.js');

export const BENCH_USER = process.env.BENCH_USER || 'wxbench';
/** A throwaway password for a loopback-only account; the account is locked again when the run ends. */
export const BENCH_PASSWORD = 'Bench-Pw-4711!x';
/** The prompt every server shows: ours by default, the others through PS1 in the user's ~/.profile. */
export const PROMPT = '<WX3000>';

export type ServerName = 'openssh' | 'openssh10' | 'dropbear' | 'wx3000' | 'ssh2-bare';

/** OpenSSH 10.5 (ML-KEM by default) beside Debian's 9.2 when its binaries are there (see its README). */
export const OPENSSH10_DIR = process.env.BENCH_OPENSSH10_DIR || path.resolve(ROOT, '../shared/tools/openssh-10.5');

export interface BenchServer {
  name: ServerName;
  port: number;
  /** The process whose tree is measured (the listener). */
  pid: number;
  /** Runs `cmd` over exec and produces bulk bytes, if the server has a shell. */
  bulkCommand?: (bytes: number) => string;
  /** A short command every server answers. */
  shortCommand: string;
  stop(): Promise<void>;
}

export interface BenchEnv {
  dir: string;
  user: string;
  password: string;
  keyFile: string;
  publicKey: string;
  home: string;
  cleanup(): Promise<void>;
}

function sh(cmd: string, args: string[], input?: string): string {
  return execFileSync(cmd, args, { input, encoding: 'utf8', stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, proc: ChildProcess, what: string, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`${what} exited (${proc.exitCode ?? proc.signalCode})`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port });
      const done = (v: boolean) => {
        s.destroy();
        resolve(v);
      };
      s.once('data', () => done(true)); // the identification line: the server really answers
      s.once('error', () => done(false));
      s.setTimeout(1000, () => done(false));
    });
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`${what} did not listen on ${port}`);
}

/**
 * The local account the reference servers need (password authentication wants a real account):
 * created if missing with /bin/sh, its password set through chpasswd, our key appended to its
 * authorized_keys (and removed at the end), and a ~/.profile whose PS1 is our prompt.
 */
export async function prepareEnv(): Promise<BenchEnv> {
  if (process.getuid?.() !== 0) throw new Error('the benchmark needs root (it creates a local user and runs sshd)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wx3000-bench-'));
  const user = BENCH_USER;
  let home: string;
  try {
    home = sh('getent', ['passwd', user]).split(':')[5];
  } catch {
    home = `/var/lib/${user}`;
    sh('useradd', ['--system', '--create-home', '--home-dir', home, '--shell', '/bin/sh', '--comment', 'wx3000 benchmark', user]);
  }
  sh('chpasswd', [], `${user}:${BENCH_PASSWORD}\n`);
  const keyFile = path.join(dir, 'id_ed25519');
  sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `wx3000-bench-${process.pid}`, '-f', keyFile]);
  const publicKey = fs.readFileSync(`${keyFile}.pub`, 'utf8').trim();
  fs.mkdirSync(path.join(home, '.ssh'), { recursive: true, mode: 0o700 });
  const ak = path.join(home, '.ssh', 'authorized_keys');
  fs.appendFileSync(ak, publicKey + '\n', { mode: 0o600 });
  fs.writeFileSync(path.join(home, '.profile'), `PS1='${PROMPT}'\nexport PS1\n`, { mode: 0o644 });
  const uid = Number(sh('id', ['-u', user]).trim());
  const gid = Number(sh('id', ['-g', user]).trim());
  for (const p of [home, path.join(home, '.ssh'), ak, path.join(home, '.profile')]) fs.chownSync(p, uid, gid);
  fs.chmodSync(home, 0o755);
  return {
    dir,
    user,
    password: BENCH_PASSWORD,
    keyFile,
    publicKey,
    home,
    async cleanup() {
      // Remove our key line only (another run may be using the account at the same time).
      try {
        const left = fs.readFileSync(ak, 'utf8').split('\n').filter((l) => l.trim() && l.trim() !== publicKey);
        if (left.length) fs.writeFileSync(ak, left.join('\n') + '\n');
        else fs.rmSync(ak, { force: true });
        if (!left.length) {
          fs.rmSync(path.join(home, '.profile'), { force: true });
          fs.rmSync(path.join(home, '.sh_history'), { force: true });
          // Nobody else holds a key: lock the password so the account cannot be used between runs.
          sh('usermod', ['--lock', user]);
        }
      } catch {
        /* best effort */
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A user of our own daemon only (soak, session memory): no system account is needed. */
export function ownUserEnv(name: string): BenchEnv {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `wx3000-${name}-`));
  const keyFile = path.join(dir, 'id_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile]);
  return {
    dir,
    user: name,
    password: 'Soak-pass-1234',
    keyFile,
    publicKey: fs.readFileSync(`${keyFile}.pub`, 'utf8').trim(),
    home: dir,
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

function detached(cmd: string, args: string[], log: string, env?: NodeJS.ProcessEnv): ChildProcess {
  const out = fs.openSync(log, 'a');
  const p = spawn(cmd, args, { detached: true, stdio: ['ignore', out, out], env: env ?? process.env });
  fs.closeSync(out);
  p.on('error', () => undefined);
  return p;
}

/** Debian's sshd, or with `bin` the OpenSSH 10.5 build, started by hand the same way. */
export async function startOpenSsh(env: BenchEnv, bin?: string): Promise<BenchServer> {
  const name: ServerName = bin ? 'openssh10' : 'openssh';
  const dir = path.join(env.dir, name);
  fs.mkdirSync(dir, { recursive: true });
  const hostKey = path.join(dir, 'ssh_host_ed25519_key');
  sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // privilege separation directory
  if (bin) fs.mkdirSync('/var/empty', { recursive: true, mode: 0o755 }); // OpenSSH 10.5's, built with the default
  const port = await freePort();
  const config = path.join(dir, 'sshd_config');
  fs.writeFileSync(
    config,
    [
      `ListenAddress 127.0.0.1`,
      `HostKey ${hostKey}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      'UsePAM no',
      'PasswordAuthentication yes',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'AuthorizedKeysFile .ssh/authorized_keys',
      `AllowUsers ${env.user}`,
      'PermitRootLogin no',
      'PrintMotd no',
      'PrintLastLog no',
      'UseDNS no',
      'MaxStartups 100:30:200',
      'MaxSessions 20',
      'Subsystem sftp /usr/lib/openssh/sftp-server',
      'LogLevel ERROR',
      ...(bin ? [`SshdSessionPath ${path.join(bin, 'sshd-session')}`, `SshdAuthPath ${path.join(bin, 'sshd-auth')}`] : []),
      '',
    ].join('\n'),
  );
  const sshd = bin ? path.join(bin, 'sshd') : '/usr/sbin/sshd';
  const p = detached(sshd, ['-D', '-e', '-f', config, '-p', String(port)], path.join(dir, 'sshd.log'));
  await waitForPort(port, p, name);
  return {
    name,
    port,
    pid: p.pid!,
    bulkCommand: (bytes) => `head -c ${bytes} /dev/zero`,
    shortCommand: 'echo ok',
    stop: () => stopTree(p.pid!),
  };
}

export async function startDropbear(env: BenchEnv): Promise<BenchServer> {
  const dir = path.join(env.dir, 'dropbear');
  fs.mkdirSync(dir, { recursive: true });
  const hostKey = path.join(dir, 'dropbear_ed25519_host_key');
  sh('dropbearkey', ['-t', 'ed25519', '-f', hostKey]);
  const port = await freePort();
  // -F foreground, -E log to stderr, -m no motd, -w no root logins.
  const p = detached(
    'dropbear',
    ['-F', '-E', '-m', '-w', '-p', `127.0.0.1:${port}`, '-r', hostKey, '-P', path.join(dir, 'dropbear.pid')],
    path.join(dir, 'dropbear.log'),
  );
  await waitForPort(port, p, 'dropbear');
  return {
    name: 'dropbear',
    port,
    pid: p.pid!,
    bulkCommand: (bytes) => `head -c ${bytes} /dev/zero`,
    shortCommand: 'echo ok',
    stop: () => stopTree(p.pid!),
  };
}

/** Local users created (and saved) through the console before the daemon starts, so `display current-configuration` has some bulk. */
function addLocalUsers(data: string, count: number): void {
  if (count <= 0) return;
  const lines = ['system-view'];
  for (let i = 1; i <= count; i++) lines.push(`local-user bench${i}`, 'service-type ssh', 'quit');
  // Saved: every start boots from the startup file.
  lines.push('save force', 'return', 'quit', '');
  execFileSync(process.execPath, [BIN, 'console', '--data-dir', data], { input: lines.join('\n'), stdio: ['pipe', 'ignore', 'pipe'], timeout: 120000 });
}

/** Our daemon serves SFTP once it is enabled and the user's service type includes it. */
function enableWxSftp(data: string, user: string): void {
  const lines = ['system-view', 'sftp server enable', `ssh user ${user} service-type all`, 'save force', 'return', 'quit', ''];
  execFileSync(process.execPath, [BIN, 'console', '--data-dir', data], { input: lines.join('\n'), stdio: ['pipe', 'ignore', 'pipe'], timeout: 60000 });
}

/** `bin`: another build's wx3000.js, for A/B runs (scripts/bench/echo.ts); ours by default. */
export async function startWx3000(env: BenchEnv, opts: { nodeArgs?: string[]; name?: string; localUsers?: number; bin?: string } = {}): Promise<BenchServer> {
  const bin = opts.bin ?? BIN;
  if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: build first (make build)`);
  const dir = path.join(env.dir, opts.name ?? 'wx3000');
  fs.mkdirSync(dir, { recursive: true });
  const data = path.join(dir, 'data');
  const node = process.execPath;
  execFileSync(node, [bin, 'user', 'add', env.user, '--level', '3', '--password-stdin', '--data-dir', data], {
    input: env.password + '\n',
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  execFileSync(node, [bin, 'user', 'key', 'add', env.user, `${env.keyFile}.pub`, '--data-dir', data], { stdio: ['ignore', 'ignore', 'pipe'] });
  addLocalUsers(data, opts.localUsers ?? 0);
  enableWxSftp(data, env.user);
  const port = await freePort();
  const p = detached(
    node,
    [...(opts.nodeArgs ?? []), bin, 'serve', '--data-dir', data, '--listen', '127.0.0.1', '--port', String(port), '--log-level', 'warn', '--flash-size', '256M'],
    path.join(dir, 'serve.log'),
  );
  await waitForPort(port, p, 'wx3000 serve', 30000);
  // The warm spare CLI: wait until it exists so "before" figures include it.
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline && !hasChild(p.pid!)) await sleep(50);
  await sleep(300);
  return {
    name: 'wx3000',
    port,
    pid: p.pid!,
    shortCommand: 'display version',
    stop: async () => {
      const members = processTree(p.pid!);
      // SIGTERM to the daemon alone first: it ends its sessions and writes its profile (--cpu-prof).
      try {
        process.kill(p.pid!, 'SIGTERM');
      } catch {
        /* gone */
      }
      const deadline2 = Date.now() + 8000;
      while (Date.now() < deadline2 && p.exitCode === null && p.signalCode === null) await sleep(50);
      await stopTree(p.pid!);
      for (const pid of members) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    },
  };
}

function hasChild(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().length > 0;
  } catch {
    return false;
  }
}

/** The floor: a bare ssh2 server (scripts/bench/bare-ssh2.ts), no database, no CLI process. */
export async function startBare(env: BenchEnv, dirName = 'bare'): Promise<BenchServer> {
  const dir = path.join(env.dir, dirName);
  fs.mkdirSync(dir, { recursive: true });
  const hostKey = path.join(dir, 'host_ed25519');
  sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  const port = await freePort();
  const p = detached(
    process.execPath,
    [path.join(__dirname, 'bare-ssh2.js'), String(port), hostKey, `${env.keyFile}.pub`, env.user],
    path.join(dir, 'bare.log'),
    { ...process.env, BENCH_BARE_PASSWORD: env.password },
  );
  await waitForPort(port, p, 'bare ssh2 server');
  return {
    name: 'ssh2-bare',
    port,
    pid: p.pid!,
    bulkCommand: (bytes) => `head -c ${bytes} /dev/zero`,
    shortCommand: 'echo ok',
    stop: () => stopTree(p.pid!),
  };
}
