// `startup.cfg` in the data directory: what `save` writes, `display saved-configuration` shows and a
// fresh device loads. Written atomically (temp file, fsync, rename, fsync of the directory) so a
// power cut leaves either the old file or the new one.
import * as fs from 'node:fs';
import * as path from 'node:path';

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
    const tmp = `${this.file}.tmp-${process.pid}`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
    syncDir(path.dirname(this.file));
  }

  /** false when there was nothing to erase. */
  erase(): boolean {
    if (!this.exists()) return false;
    fs.rmSync(this.file);
    syncDir(path.dirname(this.file));
    return true;
  }
}

/** Makes a rename or unlink in dir durable. */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // some file systems refuse fsync on directories; the rename itself is still atomic
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
