import * as fs from 'node:fs';
import * as path from 'node:path';

let root: string | undefined;

/** The directory holding package.json, dist/ and cli-tree/ (the repo, or /opt/wx3000 in the image). */
export function packageRoot(): string {
  if (root) return root;
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + __dirname);
    dir = up;
  }
  root = dir;
  return dir;
}

export interface DataPaths {
  dir: string;
  database: string;
  hostKey: (alg: 'ed25519' | 'ecdsa' | 'rsa') => string;
  controlSocket: string;
  logFile: string;
  /** Logins, logouts, lockouts and configuration changes only. */
  auditLogFile: string;
  startupConfig: string;
  initialAdminPassword: string;
  /** Addresses that logged in recently (admission's reserved slots). */
  knownSources: string;
}

export function dataPaths(dir: string): DataPaths {
  const abs = path.resolve(dir);
  return {
    dir: abs,
    database: path.join(abs, 'wx3000.db'),
    hostKey: (alg) => path.join(abs, `ssh_host_${alg}_key`),
    controlSocket: path.join(abs, 'control.sock'),
    logFile: path.join(abs, 'wx3000.log'),
    auditLogFile: path.join(abs, 'audit.log'),
    startupConfig: path.join(abs, 'startup.cfg'),
    initialAdminPassword: path.join(abs, 'initial-admin-password'),
    knownSources: path.join(abs, 'known-sources.json'),
  };
}

export const DEFAULT_DATA_DIR = './var';

/** Creates the data directory private to the daemon's user. */
export function ensureDataDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
}
