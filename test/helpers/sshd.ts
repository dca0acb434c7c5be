// Debian's OpenSSH server started by hand on a loopback port (test-servers.md): its own config, host
// key and authorized_keys in a temporary directory, no PAM, internal-sftp. Password logins need a real
// system account: `systemUser` makes one (idempotent; the tests that use it run as root).
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { tempDir } from './daemon';

export const SSHD = '/usr/sbin/sshd';

export interface TestSshd {
  port: number;
  dir: string;
  /** The server's host public key line. */
  hostKeyLine: string;
  /** File sshd reads for every user's keys (AuthorizedKeysFile). */
  authorizedKeys: string;
  log(): string;
  stop(): Promise<void>;
}

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** A local account with a known password and a shell (created once, the password set each time). */
export function systemUser(name: string, password: string): string {
  if (spawnSync('id', ['-u', name]).status !== 0) {
    const r = spawnSync('useradd', ['-m', '-s', '/bin/sh', name], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`useradd ${name}: ${r.stderr}`);
  }
  const r = spawnSync('chpasswd', [], { input: `${name}:${password}\n`, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`chpasswd: ${r.stderr}`);
  return spawnSync('sh', ['-c', `getent passwd ${name} | cut -d: -f6`], { encoding: 'utf8' }).stdout.trim();
}

export async function startSshd(): Promise<TestSshd> {
  const dir = tempDir('wx3000-sshd-');
  const hostKey = path.join(dir, 'ssh_host_ed25519_key');
  const kg = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey], { encoding: 'utf8' });
  if (kg.status !== 0) throw new Error(`ssh-keygen: ${kg.stderr}`);
  // sshd reads authorized_keys as the user who logs in.
  fs.chmodSync(dir, 0o755);
  const authorizedKeys = path.join(dir, 'authorized_keys');
  fs.writeFileSync(authorizedKeys, '', { mode: 0o644 });
  // sshd's privilege separation directory.
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const port = await freePort();
  const config = path.join(dir, 'sshd_config');
  fs.writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      'PidFile none',
      'UsePAM no',
      'PasswordAuthentication yes',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      `AuthorizedKeysFile ${authorizedKeys}`,
      // The temporary directory lies under the world-writable /tmp.
      'StrictModes no',
      'Subsystem sftp internal-sftp',
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
  );
  const proc: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr!.on('data', (d) => (log += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sshd did not start: ${log}`)), 15000);
    const check = () => {
      if (/Server listening on/.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stderr!.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sshd exited ${code}: ${log}`));
    });
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return {
    port,
    dir,
    hostKeyLine: fs.readFileSync(`${hostKey}.pub`, 'utf8').trim(),
    authorizedKeys,
    log: () => log,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}
