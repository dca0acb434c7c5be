// Drives a real CLI session in-process: the real tree and handlers, a Device over a real SQLite file
// in a fresh temporary data directory, a cheap scrypt cost.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliEngine, SessionOptions } from '../../src/cli';
import type { CliServices } from '../../src/commands';
import { openCliSession } from '../../src/commands/host';
import { Device } from '../../src/device';
import { PasswordHasher } from '../../src/common/password-hash';
import { TEST_COST } from '../store/fixtures';

export interface Cli {
  engine: CliEngine<CliServices>;
  device: Device;
  dir: string;
  /** Feeds text (a newline is added), waits until it was processed, returns what was written meanwhile. */
  run(text: string): Promise<string>;
  exited(): boolean;
  dispose(): Promise<void>;
}

export function newDevice(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wx3000-cmd-'))): Device {
  return new Device(dir, { passwords: new PasswordHasher(TEST_COST) });
}

export async function cli(session: Partial<SessionOptions> = {}, device = newDevice()): Promise<Cli> {
  let out = '';
  let exited = false;
  const engine = await openCliSession({
    device,
    session: { userName: 'admin', level: 3, userInterface: 'aux 0', interactive: false, ...session },
    write: (d) => (out += d),
    onExit: () => (exited = true),
  });
  engine.start();
  return {
    engine,
    device,
    dir: device.paths.dir,
    async run(text) {
      const from = out.length;
      engine.feed(text.endsWith('\n') ? text : text + '\n');
      await engine.idle();
      return out.slice(from).replace(/\r\n/g, '\n');
    },
    exited: () => exited,
    async dispose() {
      await device.close();
      fs.rmSync(device.paths.dir, { recursive: true, force: true });
    },
  };
}

/** A system-view session: `system-view` already typed. */
export async function systemCli(session: Partial<SessionOptions> = {}, device?: Device): Promise<Cli> {
  const c = await cli(session, device);
  await c.run('system-view');
  return c;
}
