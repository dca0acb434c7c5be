// A file being written to flash: it grows under a temporary name outside flash (same file system) and
// appears under its own name only when committed, so a cut-off upload, a full flash or a crash never
// leaves a partial file on flash. Every byte it grows by is charged to the flash quota first.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { syncDir } from '../common/atomic-file';
import { FileError } from './errors';
import type { FlashPath } from './names';

export interface QuotaAccount {
  /** Charges `bytes` more; throws FileError('no-space') (charging nothing) when they do not fit. */
  charge(bytes: number): void;
  /** Gives back what was charged (an aborted upload). */
  refund(bytes: number): void;
}

let seq = 0;

export class Upload {
  private fd: number | undefined;
  /** Bytes the file holds now (the highest offset written). */
  size = 0;
  private failed?: FileError;

  constructor(
    readonly target: FlashPath,
    tmpDir: string,
    private readonly finalPath: string,
    private readonly quota: QuotaAccount,
    private readonly mode = 0o644,
    /** An existing file to start from (SFTP open without TRUNC). */
    from?: string,
  ) {
    this.tmpPath = path.join(tmpDir, `${process.pid}-${Date.now()}-${++seq}.part`);
    if (from !== undefined) {
      const existing = fs.statSync(from).size;
      quota.charge(existing);
      this.size = existing;
      try {
        fs.copyFileSync(from, this.tmpPath);
      } catch (err) {
        quota.refund(existing);
        throw err;
      }
      this.fd = fs.openSync(this.tmpPath, fs.constants.O_RDWR | fs.constants.O_NOFOLLOW);
    } else {
      this.fd = fs.openSync(this.tmpPath, fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o600);
    }
  }

  readonly tmpPath: string;

  get open(): boolean {
    return this.fd !== undefined;
  }

  /** The quota check of a write at `position` of `length` bytes; fails the whole upload when full. */
  private grow(position: number, length: number): number {
    if (this.failed) throw this.failed;
    if (this.fd === undefined) throw new FileError('not-found', 'upload already closed');
    const end = position + length;
    if (end > this.size) {
      try {
        this.quota.charge(end - this.size);
      } catch (err) {
        this.failed = err as FileError;
        this.abort();
        throw err;
      }
      this.size = end;
    }
    return this.fd;
  }

  writeSync(data: Buffer, position: number): void {
    const fd = this.grow(position, data.length);
    let done = 0;
    while (done < data.length) done += fs.writeSync(fd, data, done, data.length - done, position + done);
  }

  write(data: Buffer, position: number): Promise<void> {
    let fd: number;
    try {
      fd = this.grow(position, data.length);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise((resolve, reject) => {
      const step = (done: number) => {
        if (done >= data.length) return resolve();
        fs.write(fd, data, done, data.length - done, position + done, (err, n) => (err ? reject(err) : step(done + n)));
      };
      step(0);
    });
  }

  /** Sets the length (SFTP fsetstat with a size, as OpenSSH does after an upload). */
  truncate(size: number): void {
    const fd = this.grow(size, 0);
    fs.ftruncateSync(fd, size);
    if (size < this.size) {
      this.quota.refund(this.size - size);
      this.size = size;
    }
  }

  /** Reads back what was written (SFTP handles opened for read and write). */
  read(buf: Buffer, position: number): Promise<number> {
    const fd = this.fd;
    if (fd === undefined) return Promise.reject(new FileError('not-found', 'upload already closed'));
    return new Promise((resolve, reject) => fs.read(fd, buf, 0, buf.length, position, (err, n) => (err ? reject(err) : resolve(n))));
  }

  /** Makes the file durable and puts it in place; `mtime` keeps a client's time (scp -p, SFTP setstat). */
  commit(mtime?: Date): void {
    if (this.failed) throw this.failed;
    const fd = this.fd;
    if (fd === undefined) throw new FileError('not-found', 'upload already closed');
    try {
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      this.fd = undefined;
      fs.chmodSync(this.tmpPath, this.mode);
      if (mtime) fs.utimesSync(this.tmpPath, mtime, mtime);
      const dest = fs.lstatSync(this.finalPath, { throwIfNoEntry: false });
      if (dest && !dest.isFile()) throw new FileError(dest.isDirectory() ? 'is-dir' : 'refused', 'the target is not a file');
      fs.renameSync(this.tmpPath, this.finalPath);
      // The replaced file's bytes are free again.
      if (dest) this.quota.refund(dest.size);
      syncDir(path.dirname(this.finalPath));
    } catch (err) {
      this.abort();
      throw err;
    }
  }

  /** Drops the temporary file; nothing reaches flash. Safe to call twice. */
  abort(): void {
    if (this.fd !== undefined) {
      try {
        fs.closeSync(this.fd);
      } catch {
        /* already closed */
      }
      this.fd = undefined;
    }
    if (fs.existsSync(this.tmpPath)) {
      fs.rmSync(this.tmpPath, { force: true });
      this.quota.refund(this.size);
    }
  }
}
