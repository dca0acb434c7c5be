// What a start does with the configuration (Comware's boot): the running configuration is dropped
// and built again from the next startup file: the main one, else the backup, else the factory
// configuration, else the defaults. So only `save` makes a change survive a restart.
import type { Device } from '../device';
import type { LoadResult } from './load';

export interface BootSource {
  /** main, backup or factory: the step of the fallback, for the log. */
  role: string;
  file: string;
  read(): string | undefined;
}

export interface BootResult {
  /** The step that configured the device, or `defaults`. */
  role: string;
  file?: string;
  result?: LoadResult;
  /** Steps that were skipped, and why (missing, empty). */
  skipped: { role: string; file: string; why: string }[];
}

/** Clears the running configuration and loads the first source that has text. */
export async function bootConfiguration(
  device: Device,
  sources: readonly BootSource[],
  load: (text: string, source: string) => Promise<LoadResult>,
): Promise<BootResult> {
  await device.clearConfiguration();
  const skipped: BootResult['skipped'] = [];
  for (const s of sources) {
    const text = s.read();
    if (text === undefined || text.trim() === '') {
      skipped.push({ role: s.role, file: s.file, why: text === undefined ? 'missing' : 'empty' });
      continue;
    }
    return { role: s.role, file: s.file, result: await load(text, s.file), skipped };
  }
  return { role: 'defaults', skipped };
}
