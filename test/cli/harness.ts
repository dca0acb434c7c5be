// Drives engines in tests: type bytes, wait until everything typed was processed, read the output.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliEngine, compileTree, Handler, SessionOptions, ViewSource } from '../../src/cli';
import { openCliSession } from '../../src/commands/host';
import type { CliServices, SuperPasswordCheck } from '../../src/commands';
import { Device } from '../../src/device';

export interface Driver<S> {
  engine: CliEngine<S>;
  /** Feeds `keys`, waits until processed, returns what the engine wrote meanwhile. */
  type(keys: string): Promise<string>;
  output(): string;
  exited(): boolean;
}

function drive<S>(make: (write: (d: string) => void, onExit: () => void) => CliEngine<S>): Driver<S> {
  let out = '';
  let exited = false;
  const engine = make(
    (d) => (out += d),
    () => (exited = true),
  );
  engine.start();
  return {
    engine,
    async type(keys) {
      const from = out.length;
      engine.feed(keys);
      await engine.idle();
      return out.slice(from);
    },
    output: () => out,
    exited: () => exited,
  };
}

export const SESSION: SessionOptions = { userName: 'admin', level: 3, userInterface: 'aux 0', interactive: true, width: 80 };

/** An engine over an inline tree with test handlers. */
export function inline<S>(
  sources: ViewSource[],
  handlers: Record<string, Handler<S>>,
  services: S,
  session: Partial<SessionOptions> = {},
): Driver<S> {
  const tree = compileTree(sources);
  return drive(
    (write, onExit) =>
      new CliEngine<S>({ tree, handlers, services, session: { ...SESSION, ...session }, vars: { sysname: 'WX3000' }, write, onExit }),
  );
}

export interface DeviceDriver extends Driver<CliServices> {
  device: Device;
  dir: string;
  dispose(): Promise<void>;
}

/** An engine over the real tree and handlers, with a device in a fresh temporary data directory. */
export async function real(
  session: Partial<SessionOptions> = {},
  superPassword?: SuperPasswordCheck,
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wx3000-cli-')),
): Promise<DeviceDriver> {
  const device = new Device(dir);
  let resolveWrite!: (d: string) => void;
  let resolveExit!: () => void;
  const engine = await openCliSession({
    device,
    session: { ...SESSION, ...session },
    write: (d) => resolveWrite(d),
    onExit: () => resolveExit(),
    superPassword,
  });
  const d = drive((write, onExit) => {
    resolveWrite = write;
    resolveExit = onExit;
    return engine;
  });
  return {
    ...d,
    device,
    dir,
    async dispose() {
      await device.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Splits output into CRLF lines (the engine must never send a bare LF). */
export function lines(out: string): string[] {
  return out.split('\r\n');
}
