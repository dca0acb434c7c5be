// What a host (console, SSH session process) needs to start a CLI session over the device.
import * as path from 'node:path';
import { CliEngine, loadTree, SessionOptions, Tree } from '../cli';
import { packageRoot } from '../common/paths';
import type { Device } from '../device';
import type { SessionDirectory } from '../device/sessions';
import type { SshClientConnector } from '../device/ssh-client';
import { handlers } from './index';
import type { CliServices, SuperPasswordCheck } from './services';

/** The compiled command tree, parsed once per process (YAML parse cached as JSON under build/). */
export function cliTree(): Tree {
  const root = packageRoot();
  return loadTree(path.join(root, 'cli-tree'), path.join(root, 'build', 'cli-tree.cache.json'));
}

export interface SessionHostOptions {
  device: Device;
  session: SessionOptions;
  write(data: string): void;
  onExit?(): void;
  onIdle?(): void;
  onError?(err: unknown, line: string): void;
  superPassword?: SuperPasswordCheck;
  sessions?: SessionDirectory;
  /** The device's SSH client (`ssh2`, `sftp`), made by a host that may use ssh2 (src/bin). */
  sshClient?: SshClientConnector;
  /** The sysname when the host knows it already (the daemon sends it); else read from the device. */
  sysname?: string;
}

/** An engine bound to the device; the prompt starts with the stored sysname. */
export async function openCliSession(o: SessionHostOptions): Promise<CliEngine<CliServices>> {
  const sysname = o.sysname ?? (await (await o.device.settings()).get('sysname'));
  const superPassword = o.superPassword ?? o.device.superPasswordCheck();
  return new CliEngine<CliServices>({
    tree: cliTree(),
    handlers,
    // The stored `super password` hashes unless the host brings its own check.
    services: { device: o.device, superPassword, sessions: o.sessions, sshClient: o.sshClient },
    session: o.session,
    vars: { sysname },
    write: o.write,
    onExit: o.onExit,
    onIdle: o.onIdle,
    onError: o.onError,
  });
}
