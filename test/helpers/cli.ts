// The one CLI test driver: an engine in-process, typed into like a terminal and read back as the
// bytes it wrote. Over an inline tree with test handlers, or over the real tree and handlers with
// a Device on a real SQLite file in a fresh temporary data directory (cheap scrypt cost).
import * as fs from 'node:fs';
import { CliEngine, compileTree, EngineOptions, Handler, SessionOptions, ViewSource } from '../../src/cli';
import { openCliSession } from '../../src/commands/host';
import type { CliServices, SuperPasswordCheck } from '../../src/commands';
import { Device } from '../../src/device';
import { PasswordHasher } from '../../src/common/password-hash';
import { TEST_COST, tempDir } from '../store/fixtures';

export interface Driver<S> {
  engine: CliEngine<S>;
  /** Feeds `keys`, waits until processed, returns what the engine wrote meanwhile. */
  type(keys: string): Promise<string>;
  /** Feeds one line (a newline is added), waits until processed, returns what was written, CRLF as LF. */
  run(text: string): Promise<string>;
  /** Everything written so far. */
  output(): string;
  /** The last line written so far (at rest, the prompt). */
  lastLine(): string;
  exited(): boolean;
}

export interface DeviceDriver extends Driver<CliServices> {
  device: Device;
  dir: string;
  /** Closes the device and removes its data directory. */
  dispose(): Promise<void>;
}

/** A terminal session of a level-3 user on the console. */
const SESSION: SessionOptions = { userName: 'admin', level: 3, userInterface: 'aux 0', interactive: true, width: 80 };

class Capture {
  out = '';
  exited = false;
  readonly write = (d: string): void => {
    this.out += d;
  };
  readonly exit = (): void => {
    this.exited = true;
  };
}

function drive<S>(engine: CliEngine<S>, cap: Capture): Driver<S> {
  engine.start();
  const type = async (keys: string): Promise<string> => {
    const from = cap.out.length;
    engine.feed(keys);
    await engine.idle();
    return cap.out.slice(from);
  };
  return {
    engine,
    type,
    run: async (text) => (await type(text.endsWith('\n') ? text : text + '\n')).replace(/\r\n/g, '\n'),
    output: () => cap.out,
    lastLine: () => cap.out.split('\r\n').pop() ?? '',
    exited: () => cap.exited,
  };
}

/** An engine over an inline tree with test handlers. */
export function inline<S>(
  sources: ViewSource[],
  handlers: Record<string, Handler<S>>,
  services: S,
  session: Partial<SessionOptions> = {},
  host: Pick<EngineOptions<S>, 'onError'> = {},
): Driver<S> {
  const cap = new Capture();
  const engine = new CliEngine<S>({
    tree: compileTree(sources),
    handlers,
    services,
    session: { ...SESSION, ...session },
    vars: { sysname: 'WX3000' },
    write: cap.write,
    onExit: cap.exit,
    ...host,
  });
  return drive(engine, cap);
}

export function newDevice(dir = tempDir('wx3000-cli-')): Device {
  return new Device(dir, { passwords: new PasswordHasher(TEST_COST) });
}

/** A terminal session over the real tree and handlers and `device` (by default a fresh one). */
export async function real(
  session: Partial<SessionOptions> = {},
  opts: { device?: Device; superPassword?: SuperPasswordCheck } = {},
): Promise<DeviceDriver> {
  const device = opts.device ?? newDevice();
  const cap = new Capture();
  const engine = await openCliSession({
    device,
    session: { ...SESSION, ...session },
    write: cap.write,
    onExit: cap.exit,
    superPassword: opts.superPassword,
  });
  return {
    ...drive(engine, cap),
    device,
    dir: device.paths.dir,
    async dispose() {
      await device.close();
      fs.rmSync(device.paths.dir, { recursive: true, force: true });
    },
  };
}

/** A non-interactive session (piped input: no prompt, no echo, no paging), as `run` reads best. */
export function cli(session: Partial<SessionOptions> = {}, device?: Device): Promise<DeviceDriver> {
  return real({ interactive: false, ...session }, { device });
}

/** A non-interactive session in system view. */
export async function systemCli(session: Partial<SessionOptions> = {}, device?: Device): Promise<DeviceDriver> {
  const c = await cli(session, device);
  await c.run('system-view');
  return c;
}
