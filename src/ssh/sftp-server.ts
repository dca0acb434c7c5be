// The SFTP server (protocol version 3 as ssh2 parses it) over flash:. `/` is flash:/; every path goes
// through the flash service, so `..` above the root, symbolic links and device files are refused
// there. Uploads are atomic (written aside, renamed on close) and charged to the flash quota.
import * as fs from 'node:fs';
import type { Attributes, SFTPWrapper } from 'ssh2';
import { FileError, FileInfo, Flash, FlashPath, slashPath, Upload } from '../files';
import { two } from '../common/digits';

const STATUS = { OK: 0, EOF: 1, NO_SUCH_FILE: 2, PERMISSION_DENIED: 3, FAILURE: 4, BAD_MESSAGE: 5, OP_UNSUPPORTED: 8 } as const;
const OPEN = { READ: 0x01, WRITE: 0x02, APPEND: 0x04, CREAT: 0x08, TRUNC: 0x10, EXCL: 0x20 } as const;
/** Largest READ answered (OpenSSH asks for at most 256 KiB; ssh2 caps the packet at 256 KiB). */
const MAX_READ = 255 * 1024;
const NAMES_PER_READDIR = 100;
const MAX_HANDLES = 64;

type Handle =
  | { kind: 'read'; path: FlashPath; fd: number }
  | { kind: 'write'; path: FlashPath; upload: Upload; append: boolean; pending: Set<Promise<void>>; mode?: number; mtime?: Date }
  | { kind: 'dir'; path: FlashPath; entries: FileInfo[] | undefined };

export interface SftpSessionOptions {
  flash: Flash;
  /** Requests wait for it; false drops them (the session was refused after it was accepted). */
  gate?: Promise<boolean>;
  /** Something worth a log line: path refusals and failed uploads. */
  onNote?: (message: string, fields: Record<string, unknown>) => void;
}

/** SFTP status for a flash error: a refusal says "permission denied", a missing path "no such file". */
function statusOf(err: unknown): { code: number; message: string } {
  if (err instanceof FileError) {
    const code =
      err.code === 'not-found' ? STATUS.NO_SUCH_FILE : err.code === 'bad-name' || err.code === 'refused' ? STATUS.PERMISSION_DENIED : STATUS.FAILURE;
    return { code, message: err.message };
  }
  return { code: STATUS.FAILURE, message: 'operation failed' };
}

const modeBits = (f: FileInfo) => (f.kind === 'dir' ? 0o040000 : 0o100000) | f.mode;

function attrsOf(f: FileInfo): { mode: number; size: number; uid: number; gid: number; atime: number; mtime: number } {
  return { mode: modeBits(f), size: f.size, uid: 0, gid: 0, atime: Math.floor(f.atime.getTime() / 1000), mtime: Math.floor(f.mtime.getTime() / 1000) };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Mmm dd hh:mm` within half a year, else `Mmm dd  yyyy`, as `ls -l` shows it. */
function lsDate(d: Date): string {
  const day = `${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2)}`;
  const recent = Math.abs(Date.now() - d.getTime()) < 182 * 24 * 3600 * 1000;
  return recent ? `${day} ${two(d.getHours())}:${two(d.getMinutes())}` : `${day}  ${d.getFullYear()}`;
}

/** `ls -l` style, as OpenSSH's sftp-server writes it (its `ls -l` prints this line). */
function longname(f: FileInfo): string {
  const rwx = (b: number) => ((b & 4 ? 'r' : '-') + (b & 2 ? 'w' : '-') + (b & 1 ? 'x' : '-'));
  const perm = (f.kind === 'dir' ? 'd' : '-') + rwx(f.mode >> 6) + rwx(f.mode >> 3) + rwx(f.mode);
  return `${perm}    1 0        0        ${String(f.size).padStart(8)} ${lsDate(f.mtime)} ${f.name}`;
}

export interface SftpSession {
  /** Ends the session (idle timeout): uploads not closed are dropped. */
  close(): void;
  /** Called on every request (the idle timer restarts). */
  onActivity(fn: () => void): void;
}

/** Serves one SFTP channel until it closes. */
export function serveSftp(sftp: SFTPWrapper, opts: SftpSessionOptions): SftpSession {
  const { flash, gate } = opts;
  let activity = () => undefined as void;
  const handles = new Map<number, Handle>();
  let nextHandle = 1;
  let closed = false;

  const handleOf = (buf: Buffer): [number, Handle | undefined] => {
    const id = buf.length === 4 ? buf.readUInt32BE(0) : -1;
    return [id, handles.get(id)];
  };
  const newHandle = (reqid: number, h: Handle) => {
    const id = nextHandle++;
    handles.set(id, h);
    const buf = Buffer.alloc(4);
    buf.writeUInt32BE(id >>> 0);
    sftp.handle(reqid, buf);
  };
  const fail = (reqid: number, err: unknown, what: string, p?: string) => {
    const s = statusOf(err);
    if (s.code === STATUS.PERMISSION_DENIED) opts.onNote?.('sftp request refused', { what, path: p, reason: s.message });
    sftp.status(reqid, s.code, s.message);
  };
  const resolve = (p: string): FlashPath => flash.resolve(p, []);

  /** Every request: count activity, answer errors as statuses, never throw into ssh2. */
  const on = <A extends unknown[]>(event: string, fn: (reqid: number, ...args: A) => void | Promise<void>) => {
    sftp.on(event, (reqid: number, ...args: A) => {
      if (gate) return void gate.then((ok) => ok && handle(reqid, args));
      handle(reqid, args);
    });
    const handle = (reqid: number, args: A) => {
      activity();
      try {
        const r = fn(reqid, ...args);
        if (r) r.catch((err) => fail(reqid, err, event, typeof args[0] === 'string' ? args[0] : undefined));
      } catch (err) {
        fail(reqid, err, event, typeof args[0] === 'string' ? args[0] : undefined);
      }
    };
  };

  on('REALPATH', (reqid, p: string) => {
    const target = resolve(p);
    sftp.name(reqid, [{ filename: slashPath(target), longname: slashPath(target), attrs: {} as Attributes }]);
  });

  on('STAT', (reqid, p: string) => sftp.attrs(reqid, attrsOf(flash.stat(resolve(p)))));
  on('LSTAT', (reqid, p: string) => sftp.attrs(reqid, attrsOf(flash.stat(resolve(p)))));

  on('OPEN', (reqid, p: string, flags: number, attrs: Partial<Attributes>) => {
    if (handles.size >= MAX_HANDLES) return sftp.status(reqid, STATUS.FAILURE, 'too many open files');
    const target = resolve(p);
    if (!(flags & OPEN.WRITE)) {
      const fd = flash.openRead(target);
      return newHandle(reqid, { kind: 'read', path: target, fd });
    }
    const existing = flash.find(target);
    if (existing && flags & OPEN.CREAT && flags & OPEN.EXCL) throw new FileError('exists', `${slashPath(target)} already exists`);
    if (!existing && !(flags & OPEN.CREAT)) throw new FileError('not-found', `${slashPath(target)} does not exist`);
    const upload = flash.upload(target, { keep: !(flags & OPEN.TRUNC), mode: attrs.mode });
    newHandle(reqid, { kind: 'write', path: target, upload, append: (flags & OPEN.APPEND) !== 0, pending: new Set() });
  });

  on('READ', async (reqid, hbuf: Buffer, offset: number, len: number) => {
    const [, h] = handleOf(hbuf);
    if (!h || h.kind === 'dir') return sftp.status(reqid, STATUS.FAILURE, 'invalid handle');
    const buf = Buffer.allocUnsafe(Math.min(len, MAX_READ));
    const n =
      h.kind === 'read'
        ? await new Promise<number>((res, rej) => fs.read(h.fd, buf, 0, buf.length, offset, (err, bytes) => (err ? rej(err) : res(bytes))))
        : await h.upload.read(buf, offset);
    if (n === 0) return sftp.status(reqid, STATUS.EOF);
    sftp.data(reqid, n === buf.length ? buf : buf.subarray(0, n));
  });

  on('WRITE', async (reqid, hbuf: Buffer, offset: number, data: Buffer) => {
    const [, h] = handleOf(hbuf);
    if (!h || h.kind !== 'write') return sftp.status(reqid, STATUS.FAILURE, 'invalid handle');
    const done = h.upload.write(data, h.append ? h.upload.size : offset);
    h.pending.add(done);
    try {
      await done;
      sftp.status(reqid, STATUS.OK);
    } catch (err) {
      if (err instanceof FileError && err.code === 'no-space') opts.onNote?.('sftp upload failed: flash full', { path: slashPath(h.path) });
      throw err;
    } finally {
      h.pending.delete(done);
    }
  });

  on('CLOSE', async (reqid, hbuf: Buffer) => {
    const [id, h] = handleOf(hbuf);
    if (!h) return sftp.status(reqid, STATUS.FAILURE, 'invalid handle');
    handles.delete(id);
    if (h.kind === 'read') fs.closeSync(h.fd);
    if (h.kind === 'write') {
      // Writes still in flight belong to this file: the rename waits for them.
      await Promise.allSettled([...h.pending]);
      h.upload.commit(h.mtime);
      if (h.mode !== undefined) flash.setAttributes(h.path, { mode: h.mode });
    }
    sftp.status(reqid, STATUS.OK);
  });

  on('FSTAT', (reqid, hbuf: Buffer) => {
    const [, h] = handleOf(hbuf);
    if (!h) return sftp.status(reqid, STATUS.FAILURE, 'invalid handle');
    if (h.kind === 'read') {
      const st = fs.fstatSync(h.fd);
      return sftp.attrs(reqid, attrsOf({ ...flash.stat(h.path), size: st.size }));
    }
    if (h.kind === 'write') {
      const now = new Date();
      return sftp.attrs(reqid, attrsOf({ name: '', path: h.path, kind: 'file', size: h.upload.size, mtime: now, atime: now, mode: h.mode ?? 0o644 }));
    }
    sftp.attrs(reqid, attrsOf(flash.stat(h.path)));
  });

  /**
   * Permission bits and times; owner and group are ignored; a size only on a file being uploaded
   * (OpenSSH sets the length it wrote), never on a file on flash.
   */
  const settable = (attrs: Partial<Attributes>, upload?: Upload) => {
    if (attrs.size !== undefined) {
      if (!upload) throw new FileError('refused', 'only permissions and times can be set');
      upload.truncate(attrs.size);
    }
    return {
      mode: attrs.mode,
      mtime: attrs.mtime !== undefined ? new Date(attrs.mtime * 1000) : undefined,
      atime: attrs.atime !== undefined ? new Date(attrs.atime * 1000) : undefined,
    };
  };

  on('SETSTAT', (reqid, p: string, attrs: Partial<Attributes>) => {
    flash.setAttributes(resolve(p), settable(attrs));
    sftp.status(reqid, STATUS.OK);
  });

  on('FSETSTAT', (reqid, hbuf: Buffer, attrs: Partial<Attributes>) => {
    const [, h] = handleOf(hbuf);
    if (!h) return sftp.status(reqid, STATUS.FAILURE, 'invalid handle');
    const a = settable(attrs, h.kind === 'write' ? h.upload : undefined);
    if (h.kind === 'write') {
      // Applied when the file reaches flash.
      if (a.mode !== undefined) h.mode = a.mode & 0o777;
      if (a.mtime !== undefined) h.mtime = a.mtime;
    } else flash.setAttributes(h.path, a);
    sftp.status(reqid, STATUS.OK);
  });

  on('OPENDIR', (reqid, p: string) => {
    const target = resolve(p);
    const entries = flash.list(target);
    newHandle(reqid, { kind: 'dir', path: target, entries });
  });

  on('READDIR', (reqid, hbuf: Buffer) => {
    const [, h] = handleOf(hbuf);
    if (!h || h.kind !== 'dir') return sftp.status(reqid, STATUS.FAILURE, 'invalid handle');
    if (!h.entries || h.entries.length === 0) return sftp.status(reqid, STATUS.EOF);
    const batch = h.entries.splice(0, NAMES_PER_READDIR);
    sftp.name(reqid, batch.map((f) => ({ filename: f.name, longname: longname(f), attrs: attrsOf(f) as Attributes })));
  });

  on('REMOVE', (reqid, p: string) => {
    flash.remove(resolve(p));
    sftp.status(reqid, STATUS.OK);
  });

  on('RENAME', (reqid, from: string, to: string) => {
    flash.rename(resolve(from), resolve(to));
    sftp.status(reqid, STATUS.OK);
  });

  on('MKDIR', (reqid, p: string) => {
    flash.mkdir(resolve(p));
    sftp.status(reqid, STATUS.OK);
  });

  on('RMDIR', (reqid, p: string) => {
    flash.rmdir(resolve(p));
    sftp.status(reqid, STATUS.OK);
  });

  // Flash holds no links, and none can be made: the one way out of a directory tree stays shut.
  on('READLINK', (reqid, p: string) => {
    flash.stat(resolve(p));
    sftp.status(reqid, STATUS.FAILURE, 'not a symbolic link');
  });
  on('SYMLINK', (reqid, target: string, link: string) => {
    opts.onNote?.('sftp request refused', { what: 'SYMLINK', path: link, target });
    sftp.status(reqid, STATUS.PERMISSION_DENIED, 'symbolic links are not allowed on flash');
  });

  /**
   * Ends the channel with exit status 0, as sshd does when sftp-server exits: OpenSSH's scp (SFTP
   * mode) counts a channel closed without a status as a failed copy. ssh2's SFTP object has no
   * exit(); its protocol does (ssh2 is pinned).
   */
  const finish = () => {
    const chan = sftp as unknown as { outgoing: { id: number; state: string }; _protocol: { exitStatus(id: number, status: number): void } };
    if (chan.outgoing.state === 'open') chan._protocol.exitStatus(chan.outgoing.id, 0);
    sftp.end();
  };

  const cleanup = () => {
    if (closed) return;
    closed = true;
    // An upload not closed by the client never reaches flash.
    for (const h of handles.values()) {
      if (h.kind === 'read') fs.closeSync(h.fd);
      else if (h.kind === 'write') h.upload.abort();
    }
    handles.clear();
  };
  sftp.on('end', () => {
    cleanup();
    finish();
  });
  sftp.on('close', cleanup);
  sftp.on('error', () => {
    cleanup();
    sftp.end();
  });
  return {
    close() {
      cleanup();
      sftp.end();
    },
    onActivity(fn) {
      activity = fn;
    },
  };
}
