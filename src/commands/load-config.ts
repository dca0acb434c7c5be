// Loads configuration text (a saved startup.cfg, `serve --config FILE`) by typing it into a
// non-interactive console session at level 3 over the real tree and handlers (src/config says
// what the text is and what counts as a failure).
import { CliEngine } from '../cli';
import * as config from '../config';
import type { Device } from '../device';
import { cliTree } from './host';
import { handlers } from './index';
import type { CliServices } from './services';

export type { LoadResult } from '../config';

export function loadConfiguration(device: Device, text: string, source = 'configuration'): Promise<config.LoadResult> {
  return config.loadConfiguration(device, text, source, (body) => typeInConsole(device, body));
}

async function typeInConsole(device: Device, body: string): Promise<string> {
  const sysname = await (await device.settings()).get('sysname');
  let out = '';
  let exited!: () => void;
  const done = new Promise<void>((resolve) => (exited = resolve));
  const engine = new CliEngine<CliServices>({
    tree: cliTree(),
    handlers,
    services: { device, superPassword: device.superPasswords, loading: true },
    session: { userName: '', level: 3, userInterface: 'aux 0', interactive: false },
    vars: { sysname },
    write: (d) => (out += d),
    onExit: () => exited(),
  });
  engine.start();
  // Every line first enters system view, as the saved file assumes.
  engine.feed('system-view\n' + body);
  // The engine runs the queued lines first (a multi-line header still gets its lines); a question
  // still open when they run out, such as a header whose closing delimiter is missing, is abandoned.
  engine.end();
  await done;
  return out;
}
