// flash: — a directory of the data directory with a capacity. Every path any front end names
// (CLI, SFTP, SCP) goes through resolve() and then through lstat checks on every component, so
// nothing reachable from flash leads out of it: no `..` above the root, no symbolic link followed,
// no device file served. The recycle bin and unfinished uploads live beside flash, not in it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { syncDir } from '../common/atomic-file';
import { compareText } from '../common/order';
import { FileError, fromErrno } from './errors';
import { checkName, displayPath, FlashPath, resolvePath } from './names';
import { QuotaAccount, Upload } from './upload';

export const DEFAULT_FLASH_BYTES = 64 * 1024 * 1024;

export interface FlashLocation {
  /** flash:/ itself. */
  root: string;
  /** Deleted files, at the same relative paths (`delete` keeps them until `reset recycle-bin`). */
  bin: string;
  /** Uploads in progress (same file system as root, so the final rename is atomic). */
  tmp: string;
  /** Bytes flash holds at most: files, the recycle bin and uploads in progress together. */
  capacity: number;
}

export interface FileInfo {
  name: string;
  path: FlashPath;
  kind: 'file' | 'dir';
  size: number;
  mtime: Date;
  atime: Date;
  /** Permission bits only. */
  mode: number;
}

export interface Usage {
  capacity: number;
  used: number;
  free: number;
}

function info(p: FlashPath, st: fs.Stats): FileInfo {
  return {
    name: p.length ? p[p.length - 1] : '',
    path: p,
    kind: st.isDirectory() ? 'dir' : 'file',
    size: st.isDirectory() ? 0 : st.size,
    mtime: st.mtime,
    atime: st.atime,
    mode: st.mode & 0o777,
  };
}

const byName = (a: FileInfo, b: FileInfo) => compareText(a.name, b.name);

export class Flash implements QuotaAccount {
  /** Bytes in use as this process last counted them, plus what its own writes added since. */
  private used = -1;

  constructor(readonly loc: FlashLocation) {}

  get capacity(): number {
    return this.loc.capacity;
  }

  /** Creates flash (and its bin and upload area) if missing. */
  prepare(): void {
    for (const dir of [this.loc.root, this.loc.bin, this.loc.tmp]) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  /** At the daemon's start only (CLI processes may be uploading later): drops uploads a crash left behind. */
  dropUnfinished(): void {
    for (const name of fs.readdirSync(this.loc.tmp)) fs.rmSync(path.join(this.loc.tmp, name), { recursive: true, force: true });
  }

  resolve(input: string, cwd: FlashPath = []): FlashPath {
    return resolvePath(input, cwd);
  }

  private fsPath(p: FlashPath, base = this.loc.root): string {
    return path.join(base, ...p);
  }

  /**
   * lstat of p, component by component: a symlink or special file anywhere is refused; undefined
   * when only the last component is missing.
   */
  private inspect(p: FlashPath, base = this.loc.root): fs.Stats | undefined {
    let st: fs.Stats | undefined = fs.lstatSync(base);
    for (let i = 0; i < p.length; i++) {
      if (!st!.isDirectory()) throw new FileError('not-dir', `${displayPath(p.slice(0, i))} is not a directory`);
      st = fs.lstatSync(path.join(base, ...p.slice(0, i + 1)), { throwIfNoEntry: false });
      if (!st) {
        if (i === p.length - 1) return undefined;
        throw new FileError('not-found', `${displayPath(p.slice(0, i + 1))} does not exist`);
      }
      if (!st.isDirectory() && !st.isFile()) throw new FileError('refused', `${displayPath(p.slice(0, i + 1))} is not a file or directory`);
    }
    return st;
  }

  /** undefined when p does not exist. */
  find(p: FlashPath): FileInfo | undefined {
    const st = this.inspect(p);
    return st && info(p, st);
  }

  stat(p: FlashPath): FileInfo {
    const found = this.find(p);
    if (!found) throw new FileError('not-found', `${displayPath(p)} does not exist`);
    return found;
  }

  /** A directory's files and subdirectories by name; anything else in it is not shown. */
  list(p: FlashPath): FileInfo[] {
    const dir = this.stat(p);
    if (dir.kind !== 'dir') throw new FileError('not-dir', `${displayPath(p)} is not a directory`);
    return this.entries(p, this.loc.root);
  }

  /** What `delete` put in the bin from directory p (`dir /all`). */
  listBin(p: FlashPath): FileInfo[] {
    const st = this.inspect(p, this.loc.bin);
    return st?.isDirectory() ? this.entries(p, this.loc.bin).filter((e) => e.kind === 'file') : [];
  }

  private entries(p: FlashPath, base: string): FileInfo[] {
    const out: FileInfo[] = [];
    for (const name of fs.readdirSync(this.fsPath(p, base))) {
      const st = fs.lstatSync(this.fsPath([...p, name], base), { throwIfNoEntry: false });
      if (st && (st.isFile() || st.isDirectory())) out.push(info([...p, name], st));
    }
    return out.sort(byName);
  }

  usage(): Usage {
    const count = (dir: string): number => {
      let n = 0;
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) n += count(path.join(dir, e.name));
        else if (e.isFile()) n += fs.lstatSync(path.join(dir, e.name)).size;
      }
      return n;
    };
    this.used = count(this.loc.root) + count(this.loc.bin) + count(this.loc.tmp);
    return { capacity: this.capacity, used: this.used, free: Math.max(0, this.capacity - this.used) };
  }

  charge(bytes: number): void {
    if (this.used < 0) this.usage();
    if (this.used + bytes > this.capacity) {
      throw new FileError('no-space', `not enough space on flash: ${bytes} bytes more, ${Math.max(0, this.capacity - this.used)} free`);
    }
    this.used += bytes;
  }

  refund(bytes: number): void {
    if (this.used >= 0) this.used = Math.max(0, this.used - bytes);
  }

  mkdir(p: FlashPath): void {
    if (p.length === 0 || this.inspect(p)) throw new FileError('exists', `${displayPath(p)} already exists`);
    try {
      fs.mkdirSync(this.fsPath(p), { mode: 0o755 });
    } catch (err) {
      throw fromErrno(err, displayPath(p));
    }
  }

  /** Removes an empty directory; its bin entries go with it. */
  rmdir(p: FlashPath): void {
    const st = this.stat(p);
    if (p.length === 0) throw new FileError('refused', 'flash:/ cannot be removed');
    if (st.kind !== 'dir') throw new FileError('not-dir', `${displayPath(p)} is not a directory`);
    try {
      fs.rmdirSync(this.fsPath(p));
    } catch (err) {
      throw fromErrno(err, displayPath(p));
    }
    fs.rmSync(this.fsPath(p, this.loc.bin), { recursive: true, force: true });
    this.used = -1;
  }

  private file(p: FlashPath): FileInfo {
    const f = this.stat(p);
    if (f.kind !== 'file') throw new FileError('is-dir', `${displayPath(p)} is a directory`);
    return f;
  }

  /** `delete`: into the recycle bin (space not freed); an older bin copy of the same name is replaced. */
  recycle(p: FlashPath): void {
    this.file(p);
    const dest = this.fsPath(p, this.loc.bin);
    fs.mkdirSync(path.dirname(dest), { recursive: true, mode: 0o700 });
    fs.rmSync(dest, { recursive: true, force: true });
    fs.renameSync(this.fsPath(p), dest);
    syncDir(path.dirname(this.fsPath(p)));
    this.used = -1;
  }

  /** `delete /unreserved`, SFTP remove: gone for good. */
  remove(p: FlashPath): void {
    this.file(p);
    fs.rmSync(this.fsPath(p));
    syncDir(path.dirname(this.fsPath(p)));
    this.used = -1;
  }

  inBin(p: FlashPath): boolean {
    return p.length > 0 && this.inspect(p, this.loc.bin)?.isFile() === true;
  }

  /** `undelete`: back from the bin; `overwrite` replaces a file of that name that exists now. */
  undelete(p: FlashPath, overwrite = false): void {
    if (!this.inBin(p)) throw new FileError('not-found', `${displayPath(p)} is not in the recycle bin`);
    const now = this.find(p.slice(0, -1));
    if (!now || now.kind !== 'dir') throw new FileError('not-found', `${displayPath(p.slice(0, -1))} does not exist`);
    const existing = this.find(p);
    if (existing && (existing.kind !== 'file' || !overwrite)) throw new FileError('exists', `${displayPath(p)} already exists`);
    fs.renameSync(this.fsPath(p, this.loc.bin), this.fsPath(p));
    syncDir(path.dirname(this.fsPath(p)));
    this.used = -1;
  }

  /** Every file in the bin, as the path it had on flash. */
  binFiles(): FlashPath[] {
    const out: FlashPath[] = [];
    const walk = (p: FlashPath) => {
      for (const e of this.entries(p, this.loc.bin)) (e.kind === 'dir' ? walk(e.path) : out.push(e.path));
    };
    walk([]);
    return out;
  }

  /** Empties one bin entry (`reset recycle-bin` clears them one by one). */
  clearBin(p: FlashPath): void {
    if (!this.inBin(p)) throw new FileError('not-found', `${displayPath(p)} is not in the recycle bin`);
    fs.rmSync(this.fsPath(p, this.loc.bin));
    this.used = -1;
  }

  /** Renames or moves a file or directory; an existing target file is replaced only with `overwrite`. */
  rename(from: FlashPath, to: FlashPath, overwrite = false): void {
    const src = this.stat(from);
    if (from.length === 0 || to.length === 0) throw new FileError('refused', 'flash:/ cannot be renamed');
    if (src.kind === 'dir' && to.length > from.length && from.every((n, i) => to[i] === n)) {
      throw new FileError('bad-name', `${displayPath(to)} is inside ${displayPath(from)}`);
    }
    const parent = this.find(to.slice(0, -1));
    if (!parent || parent.kind !== 'dir') throw new FileError('not-found', `${displayPath(to.slice(0, -1))} does not exist`);
    const dest = this.find(to);
    if (dest && (!overwrite || dest.kind !== 'file' || src.kind !== 'file')) throw new FileError('exists', `${displayPath(to)} already exists`);
    fs.renameSync(this.fsPath(from), this.fsPath(to));
    syncDir(path.dirname(this.fsPath(to)));
    this.used = -1;
  }

  /** A new upload to p (nothing appears at p before commit). `keep` starts from p's current bytes. */
  upload(p: FlashPath, opts: { keep?: boolean; mode?: number } = {}): Upload {
    if (p.length === 0) throw new FileError('is-dir', 'flash:/ is a directory');
    checkName(p[p.length - 1]);
    const parent = this.find(p.slice(0, -1));
    if (!parent) throw new FileError('not-found', `${displayPath(p.slice(0, -1))} does not exist`);
    if (parent.kind !== 'dir') throw new FileError('not-dir', `${displayPath(p.slice(0, -1))} is not a directory`);
    const existing = this.find(p);
    if (existing?.kind === 'dir') throw new FileError('is-dir', `${displayPath(p)} is a directory`);
    this.usage();
    const mode = (opts.mode ?? existing?.mode ?? 0o644) & 0o777;
    return new Upload(p, this.loc.tmp, this.fsPath(p), this, mode, opts.keep && existing ? this.fsPath(p) : undefined);
  }

  /** Writes a whole file atomically (save, copy). */
  writeFile(p: FlashPath, data: Buffer | string, mode?: number): void {
    const up = this.upload(p, { mode });
    try {
      up.writeSync(Buffer.isBuffer(data) ? data : Buffer.from(data), 0);
      up.commit();
    } finally {
      up.abort();
    }
  }

  readFile(p: FlashPath): Buffer {
    this.file(p);
    const fd = this.openRead(p);
    try {
      return fs.readFileSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** A read-only descriptor; O_NOFOLLOW closes the gap between the lstat checks and the open. */
  openRead(p: FlashPath): number {
    this.file(p);
    try {
      return fs.openSync(this.fsPath(p), fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    } catch (err) {
      throw fromErrno(err, displayPath(p));
    }
  }

  copy(from: FlashPath, to: FlashPath): void {
    this.writeFile(to, this.readFile(from));
  }

  /** Sets permission bits and times (SFTP setstat); nothing else about a file can be changed. */
  setAttributes(p: FlashPath, attrs: { mode?: number; atime?: Date; mtime?: Date }): void {
    const f = this.stat(p);
    if (attrs.mode !== undefined) fs.chmodSync(this.fsPath(p), (attrs.mode & 0o777) | (f.kind === 'dir' ? 0o700 : 0o600));
    if (attrs.mtime !== undefined) fs.utimesSync(this.fsPath(p), attrs.atime ?? attrs.mtime, attrs.mtime);
  }
}
