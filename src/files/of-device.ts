// flash: of one data directory, one instance per process so its uploads share one quota account.
import * as fs from 'node:fs';
import type { DataPaths } from '../common/paths';
import { DEFAULT_FLASH_BYTES, Flash } from './flash';
import { StartupConfig } from './startup-config';
import { StartupFiles } from './startup-files';

const instances = new Map<string, Flash>();

/** The capacity is what the daemon recorded at its start (`serve --flash-size`), else the default. */
export function flashOf(paths: DataPaths): Flash {
  let flash = instances.get(paths.dir);
  if (!flash) {
    let capacity = DEFAULT_FLASH_BYTES;
    try {
      capacity = Number(fs.readFileSync(paths.flashSize, 'utf8').trim()) || capacity;
    } catch {
      /* the daemon never recorded one: the default */
    }
    flash = new Flash({ root: paths.flash, bin: paths.flashBin, tmp: paths.flashTmp, capacity });
    fs.mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
    flash.prepare();
    instances.set(paths.dir, flash);
  }
  return flash;
}

/** `startup saved-configuration`: which flash files the next start loads. */
export function startupFilesOf(paths: DataPaths): StartupFiles {
  return new StartupFiles(paths.startupFiles);
}

/** The next main startup file on flash (`save`, `display saved-configuration`). */
export function startupConfigOf(paths: DataPaths): StartupConfig {
  return new StartupConfig(flashOf(paths), startupFilesOf(paths));
}
