import * as fs from 'node:fs';
import * as path from 'node:path';

/** Makes a rename or unlink in dir durable. */
export function syncDir(dir: string): void {
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

/**
 * Replaces file with text so that a power cut leaves the old file or the new one, never a mix:
 * temp file (created with mode, so a secret is never readable by others), fsync, rename, fsync dir.
 */
export function writeFileAtomic(file: string, text: string, mode = 0o644): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w', mode);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.chmodSync(tmp, mode);
  fs.renameSync(tmp, file);
  syncDir(path.dirname(file));
}
