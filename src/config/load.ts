// Loading configuration text (a saved startup.cfg, `serve --config FILE`): every line goes through
// the same command tree and handlers an administrator uses, typed by `type` into a non-interactive
// console session at level 3 (the commands layer provides it), so a loaded device is exactly what
// typing the file would make. Here: what the text is, what counts as a failure, and the record of it.
import type { Device } from '../device';

export interface LoadResult {
  /** `%` messages the lines produced (syntax and semantic errors), in order. */
  errors: string[];
  lines: number;
}

/** Types the text into a fresh console session in system view, ends it, and returns what it printed. */
export type TypeLines = (text: string) => Promise<string>;

/** The text as the session reads it: LF line ends, a final newline. */
function configBody(text: string): string {
  const body = text.replace(/\r\n?/g, '\n');
  return body.endsWith('\n') ? body : body + '\n';
}

/** Lines that configure something: not blank, not a `#` section rule. */
function countLines(body: string): number {
  return body.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#')).length;
}

export async function loadConfiguration(device: Device, text: string, source: string, type: TypeLines): Promise<LoadResult> {
  const body = configBody(text);
  const out = await type(body);
  const errors = out
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('%'));
  const lines = countLines(body);
  await (await device.logBuffer()).append({
    severity: errors.length ? 4 : 6,
    module: 'CFG',
    digest: 'LOAD',
    text: `Configuration loaded from ${source}: ${lines} lines, ${errors.length} errors.`,
  });
  return { errors, lines };
}
