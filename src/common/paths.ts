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
  /** Addresses that logged in recently (admission's reserved slots). */
  knownSources: string;
  /** flash:/startup.cfg, the factory startup file (`startup saved-configuration` may name another). */
  startupConfig: string;
  initialAdminPassword: string;
  /** flash: (src/files); the recycle bin and unfinished uploads beside it, never inside. */
  flash: string;
  flashBin: string;
  flashTmp: string;
  /** The capacity `serve --flash-size` gave flash (bytes), for every process of the device. */
  flashSize: string;
  /** `startup saved-configuration`: the boot-file choice (not configuration). */
  startupFiles: string;
  /** Where `save` wrote before flash existed; moved onto flash at the next start. */
  legacyStartupConfig: string;
  /** Encrypts the RADIUS keys in the database and configuration; never leaves the data directory. */
  deviceKey: string;
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
    knownSources: path.join(abs, 'known-sources.json'),
    startupConfig: path.join(abs, 'flash', 'startup.cfg'),
    initialAdminPassword: path.join(abs, 'initial-admin-password'),
    flash: path.join(abs, 'flash'),
    flashBin: path.join(abs, 'flash-recycle'),
    flashTmp: path.join(abs, 'flash-tmp'),
    flashSize: path.join(abs, 'flash-size'),
    startupFiles: path.join(abs, 'startup-files.json'),
    legacyStartupConfig: path.join(abs, 'startup.cfg'),
    deviceKey: path.join(abs, 'device.key'),
  };
}

export const DEFAULT_DATA_DIR = './var';

/** Creates the data directory private to the daemon's user. */
export function ensureDataDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
}
