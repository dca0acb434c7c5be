// What a start loads: the next main startup file, else the backup when main is missing or unreadable,
// else nothing (factory defaults). Each step is reported so the daemon can log it.
import * as fs from 'node:fs';
import { FileError } from './errors';
import type { Flash } from './flash';
import { displayPath, FlashPath } from './names';
import type { StartupFiles } from './startup-files';

export interface BootFile {
  path: FlashPath;
  text: string;
}

/** `note` hears why a file was passed over; `missing` = it does not exist (normal on a new device). */
export function chooseBootFile(flash: Flash, files: StartupFiles, note: (message: string, file: string, missing: boolean) => void): BootFile | undefined {
  const choice = files.read();
  for (const [which, p] of [['main', choice.main], ['backup', choice.backup]] as const) {
    if (!p) continue;
    try {
      return { path: p, text: flash.readFile(p).toString('utf8') };
    } catch (err) {
      note(`${which} startup file not loaded: ${(err as Error).message}`, displayPath(p), err instanceof FileError && err.code === 'not-found');
    }
  }
  return undefined;
}

/** Moves a startup.cfg that `save` wrote into the data directory before flash existed onto flash. */
export function adoptLegacyStartup(flash: Flash, legacyFile: string): boolean {
  if (!fs.existsSync(legacyFile) || flash.find(['startup.cfg'])) return false;
  flash.writeFile(['startup.cfg'], fs.readFileSync(legacyFile));
  fs.rmSync(legacyFile);
  return true;
}
