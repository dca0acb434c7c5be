// What a host (console, SSH session process) needs to start a CLI session over the device.
import * as path from 'node:path';
import { CliEngine, loadTree, SessionOptions, Tree } from '../cli';
import { packageRoot } from '../common/paths';
import type { Device } from '../device';
import type { SessionDirectory } from '../device/sessions';
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
  onError?(err: unknown, line: string): void;
  superPassword?: SuperPasswordCheck;
  sessions?: SessionDirectory;
}

/** An engine bound to the device; the prompt starts with the stored sysname. */
export async function openCliSession(o: SessionHostOptions): Promise<CliEngine<CliServices>> {
  const sysname = await (await o.device.settings()).get('sysname');
  return new CliEngine<CliServices>({
    tree: cliTree(),
    handlers,
    // The stored `super password` hashes unless the host brings its own check.
    services: { device: o.device, superPassword: o.superPassword ?? o.device.superPasswords, sessions: o.sessions },
    session: o.session,
    vars: { sysname },
    write: o.write,
    onExit: o.onExit,
    onError: o.onError,
  });
}
