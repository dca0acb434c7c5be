// The next main startup file on flash: what `save` writes, `display saved-configuration` shows and a
// fresh device loads. Written through flash (quota, temp file, fsync, rename) so a power cut leaves
// either the old file or the new one.
import type { Flash } from './flash';
import { displayPath, FlashPath } from './names';
import { DEFAULT_STARTUP, StartupFiles } from './startup-files';

/** Configuration files hold password hashes: private to the device. */
export const CONFIG_MODE = 0o600;

export class StartupConfig {
  constructor(
    private readonly flash: Flash,
    private readonly files: StartupFiles,
  ) {}

  /** The main startup file, or flash:/startup.cfg when main is NULL (where `save` then writes). */
  get path(): FlashPath {
    return this.files.read().main ?? DEFAULT_STARTUP;
  }

  get name(): string {
    return displayPath(this.path);
  }

  exists(): boolean {
    return this.flash.find(this.path)?.kind === 'file';
  }

  read(): string | undefined {
    try {
      return this.flash.readFile(this.path).toString('utf8');
    } catch {
      return undefined;
    }
  }

  /** Writes the file and makes it the main startup file if none was set. */
  write(text: string): void {
    const p = this.path;
    this.flash.writeFile(p, text, CONFIG_MODE);
    if (this.files.read().main === null) this.files.set('main', p);
  }

  /** false when there was nothing to erase. */
  erase(): boolean {
    if (!this.exists()) return false;
    this.flash.remove(this.path);
    return true;
  }
}
