// The `sftp-client>` view's session: ssh2's SFTP client, with a remote current directory.
import * as path from 'node:path';
import type { Client, FileEntry, SFTPWrapper, Stats } from 'ssh2';
import { compareText } from '../../common/order';
import { OutgoingError, RemoteEntry, SftpClientSession } from '../../device/ssh-client';

/** Bytes per request: ssh2 splits larger ones at the server's limit anyway. */
const CHUNK = 32 * 1024;
const DIR_MODE = 0o040000;
const TYPE_MASK = 0o170000;

/** SFTP status errors in a client's words (the text the server sent, else the code's). */
function sftpError(err: Error & { code?: number }, what: string): OutgoingError {
  const code = typeof err.code === 'number' ? err.code : -1;
  const text = code === 2 ? 'No such file or directory' : code === 3 ? 'Permission denied' : err.message || 'Failure';
  return new OutgoingError(`${what}: ${text}.`);
}

function call<T>(what: string, fn: (cb: (err: Error | undefined | null, v: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, v) => (err ? reject(sftpError(err, what)) : resolve(v))));
}

export class SftpSession implements SftpClientSession {
  private gone = false;
  private dir: string;

  constructor(
    private readonly conn: Client,
    private readonly sftp: SFTPWrapper,
    readonly host: string,
    readonly port: number,
    home: string,
  ) {
    this.dir = home;
    conn.once('close', () => (this.gone = true));
    sftp.once('close', () => (this.gone = true));
  }

  get closed(): boolean {
    return this.gone;
  }

  cwd(): string {
    return this.dir;
  }

  private abs(p: string): string {
    return path.posix.resolve(this.dir, p);
  }

  async cd(p: string): Promise<string> {
    const target = await call<string>(`Failed to change to ${p}`, (cb) => this.sftp.realpath(this.abs(p), cb));
    const st = await call<Stats>(`Failed to change to ${p}`, (cb) => this.sftp.stat(target, cb));
    if ((st.mode & TYPE_MASK) !== DIR_MODE) throw new OutgoingError(`Failed to change to ${p}: Not a directory.`);
    this.dir = target;
    return target;
  }

  async list(p: string): Promise<RemoteEntry[]> {
    const entries = await call<FileEntry[]>(`Failed to list ${p}`, (cb) => this.sftp.readdir(this.abs(p), cb));
    return entries
      .filter((e) => e.filename !== '.' && e.filename !== '..')
      .sort((a, b) => compareText(a.filename, b.filename))
      .map((e) => ({
        name: e.filename,
        longname: e.longname || e.filename,
        isDir: ((e.attrs.mode ?? 0) & TYPE_MASK) === DIR_MODE,
        size: e.attrs.size ?? 0,
      }));
  }

  async download(p: string, write: (chunk: Buffer, position: number) => Promise<void>, signal: AbortSignal): Promise<number> {
    const what = `Failed to get ${p}`;
    const handle = await call<Buffer>(what, (cb) => this.sftp.open(this.abs(p), 'r', cb));
    const read = (buf: Buffer, position: number) =>
      call<number>(what, (cb) => this.sftp.read(handle, buf, 0, buf.length, position, (err, bytes) => cb(err, bytes)));
    try {
      return await copyChunks(read, write, signal);
    } finally {
      this.sftp.close(handle, () => undefined);
    }
  }

  async upload(p: string, read: (buf: Buffer, position: number) => Promise<number>, signal: AbortSignal): Promise<number> {
    const what = `Failed to put ${p}`;
    const handle = await call<Buffer>(what, (cb) => this.sftp.open(this.abs(p), 'w', cb));
    const write = (chunk: Buffer, position: number) =>
      call<void>(what, (cb) => this.sftp.write(handle, chunk, 0, chunk.length, position, (err) => cb(err, undefined)));
    try {
      return await copyChunks(read, write, signal);
    } finally {
      // Closing is what commits the file on many servers: wait for it, and report its failure.
      await call<void>(what, (cb) => this.sftp.close(handle, (err) => cb(err, undefined)));
    }
  }

  remove(p: string): Promise<void> {
    return call<void>(`Failed to delete ${p}`, (cb) => this.sftp.unlink(this.abs(p), (err) => cb(err, undefined)));
  }

  mkdir(p: string): Promise<void> {
    return call<void>(`Failed to create directory ${p}`, (cb) => this.sftp.mkdir(this.abs(p), (err) => cb(err, undefined)));
  }

  rmdir(p: string): Promise<void> {
    return call<void>(`Failed to remove directory ${p}`, (cb) => this.sftp.rmdir(this.abs(p), (err) => cb(err, undefined)));
  }

  rename(from: string, to: string): Promise<void> {
    return call<void>(`Failed to rename ${from}`, (cb) => this.sftp.rename(this.abs(from), this.abs(to), (err) => cb(err, undefined)));
  }

  close(): void {
    this.gone = true;
    this.conn.end();
  }
}

/** Copies in order, one chunk at a time, until `read` gives 0 bytes; the number of bytes. */
async function copyChunks(
  read: (buf: Buffer, position: number) => Promise<number>,
  write: (chunk: Buffer, position: number) => Promise<void>,
  signal: AbortSignal,
): Promise<number> {
  for (let position = 0; ; ) {
    if (signal.aborted) throw new OutgoingError('Transfer stopped.');
    const buf = Buffer.allocUnsafe(CHUNK);
    const n = await read(buf, position);
    if (n === 0) return position;
    await write(buf.subarray(0, n), position);
    position += n;
  }
}

export async function openSftp(conn: Client, host: string, port: number): Promise<SftpSession> {
  const sftp = await new Promise<SFTPWrapper>((resolve, reject) => conn.sftp((err, s) => (err ? reject(new OutgoingError(`The server refused SFTP (${err.message}).`)) : resolve(s))));
  const home = await call<string>('Failed to find the home directory', (cb) => sftp.realpath('.', cb));
  return new SftpSession(conn, sftp, host, port, home);
}
