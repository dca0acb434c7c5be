// Loads configuration text (a saved startup.cfg, `serve --config FILE`) into the device by running
// every line through the same command tree and handlers an administrator uses, in a non-interactive
// console session at level 3, so a loaded device is exactly what typing the file would make.
import { CliEngine } from '../cli';
import type { Device } from '../device';
import { cliTree } from './host';
import { handlers } from './index';
import type { CliServices } from './services';

export interface LoadResult {
  /** `%` messages the lines produced (syntax and semantic errors), in order. */
  errors: string[];
  lines: number;
}

export async function loadConfiguration(device: Device, text: string, source = 'configuration'): Promise<LoadResult> {
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
  // Every line first enters system view, as the saved file assumes.
  const body = text.replace(/\r\n?/g, '\n');
  engine.start();
  engine.feed('system-view\n' + body + (body.endsWith('\n') ? '' : '\n'));
  // The engine runs the queued lines first (a multi-line header still gets its lines); a question
  // still open when they run out, such as a header whose closing delimiter is missing, is abandoned.
  engine.end();
  await done;
  const errors = out
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('%'));
  const lines = body.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#')).length;
  await (await device.logBuffer()).append({
    severity: errors.length ? 4 : 6,
    module: 'CFG',
    digest: 'LOAD',
    text: `Configuration loaded from ${source}: ${lines} lines, ${errors.length} errors.`,
  });
  return { errors, lines };
}
