// `startup.cfg` in the data directory: what `save` writes, `display saved-configuration` shows and a
// fresh device loads. Written atomically (temp file, fsync, rename, fsync of the directory) so a
// power cut leaves either the old file or the new one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { syncDir, writeFileAtomic } from '../common/atomic-file';

export class StartupConfig {
  constructor(readonly file: string) {}

  exists(): boolean {
    return fs.existsSync(this.file);
  }

  read(): string | undefined {
    try {
      return fs.readFileSync(this.file, 'utf8');
    } catch {
      return undefined;
    }
  }

  write(text: string): void {
    writeFileAtomic(this.file, text, 0o600);
  }

  /** false when there was nothing to erase. */
  erase(): boolean {
    if (!this.exists()) return false;
    fs.rmSync(this.file);
    syncDir(path.dirname(this.file));
    return true;
  }
}

