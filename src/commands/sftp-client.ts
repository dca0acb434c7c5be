// `sftp HOST` and the `sftp-client>` view (comware-aaa-files.md §4.9, proposed): files between the
// server and flash:, which src/files holds to its names, paths and quota.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CommandError } from '../cli';
import { OutgoingError, SftpClientSession } from '../device/ssh-client';
import { displayPath, FileError } from '../files';
import { cwd, fileMessage, flash, onFlash } from './flash-cli';
import { connector, outgoingFailure, prepare } from './outgoing';
import type { Ctx } from './services';

/** What `finish` of the connection that made the open session does (audit, `display users`). */
const endings = new WeakMap<SftpClientSession, (err?: unknown) => Promise<void>>();

async function closeSession(ctx: Ctx, err?: unknown): Promise<void> {
  const s = ctx.services.sftpClient;
  if (!s) return;
  ctx.services.sftpClient = undefined;
  s.close();
  await endings.get(s)?.(err);
}

export async function sftpConnect(ctx: Ctx): Promise<void> {
  const client = connector(ctx);
  // A session left by Ctrl+Z (back to user view without bye) ends before a new one starts.
  await closeSession(ctx);
  const outgoing = await prepare(ctx, 'sftp');
  try {
    const session = await client.sftp(outgoing.target);
    endings.set(session, (err) => outgoing.finish(err));
    ctx.services.sftpClient = session;
  } catch (err) {
    await outgoing.finish(err);
    outgoingFailure(ctx, err);
  }
}

/** The open session; a lost one returns to user view. */
async function session(ctx: Ctx): Promise<SftpClientSession> {
  const s = ctx.services.sftpClient;
  if (s && !s.closed) return s;
  await closeSession(ctx, new Error('the connection was lost'));
  ctx.returnToUser();
  throw new CommandError('% The connection to the server was closed.');
}

/** Runs a remote operation; a server's refusal is a `%` line, a connection that went away returns to user view. */
async function remote<T>(ctx: Ctx, fn: (s: SftpClientSession) => Promise<T>): Promise<T> {
  const s = await session(ctx);
  try {
    return await fn(s);
  } catch (err) {
    if (s.closed) await session(ctx);
    if (err instanceof OutgoingError) throw new CommandError(`% ${err.message}`);
    throw err;
  }
}

const arg = (ctx: Ctx, name: string) => String(ctx.args[name]);

export async function sftpCd(ctx: Ctx): Promise<void> {
  const dir = await remote(ctx, (s) => s.cd(arg(ctx, 'remote')));
  ctx.io.print(`Current Directory is:\n${dir}`);
}

export async function sftpCdup(ctx: Ctx): Promise<void> {
  const dir = await remote(ctx, (s) => s.cd('..'));
  ctx.io.print(`Current Directory is:\n${dir}`);
}

export async function sftpPwd(ctx: Ctx): Promise<void> {
  ctx.io.print((await session(ctx)).cwd());
}

export async function sftpDir(ctx: Ctx): Promise<void> {
  const entries = await remote(ctx, (s) => s.list(ctx.args.remote === undefined ? '.' : arg(ctx, 'remote')));
  if (entries.length) ctx.io.print(entries.map((e) => e.longname).join('\n'));
}

export async function sftpGet(ctx: Ctx): Promise<void> {
  const from = arg(ctx, 'remote');
  const local = onFlash(() => flash(ctx).resolve(ctx.args.local === undefined ? path.posix.basename(from) : arg(ctx, 'local'), cwd(ctx)));
  const f = flash(ctx);
  if (f.find(local) && !(await ctx.io.confirm(`${displayPath(local)} already exists. Overwrite it?`))) return;
  const s = await session(ctx);
  const upload = onFlash(() => f.upload(local));
  ctx.io.print(`Remote file: ${path.posix.resolve(s.cwd(), from)} ---> Local file: ${displayPath(local)}`);
  try {
    // Every chunk is charged to the flash quota before it is written: a file that does not fit stops.
    await remote(ctx, (r) => r.download(from, (chunk, position) => upload.write(chunk, position), ctx.signal));
    onFlash(() => upload.commit());
  } catch (err) {
    upload.abort();
    if (err instanceof FileError) fileMessage(err);
    throw err;
  }
  ctx.io.print('Downloading file successfully ended');
}

export async function sftpPut(ctx: Ctx): Promise<void> {
  const local = onFlash(() => flash(ctx).resolve(arg(ctx, 'local'), cwd(ctx)));
  const to = ctx.args.remote === undefined ? local[local.length - 1] ?? '' : arg(ctx, 'remote');
  const fd = onFlash(() => flash(ctx).openRead(local));
  try {
    const s = await session(ctx);
    ctx.io.print(`Local file: ${displayPath(local)} ---> Remote file: ${path.posix.resolve(s.cwd(), to)}`);
    const read = (buf: Buffer, position: number) =>
      new Promise<number>((resolve, reject) => fs.read(fd, buf, 0, buf.length, position, (err, n) => (err ? reject(err) : resolve(n))));
    await remote(ctx, (r) => r.upload(to, read, ctx.signal));
  } finally {
    fs.closeSync(fd);
  }
  ctx.io.print('Uploading file successfully ended');
}

export async function sftpDelete(ctx: Ctx): Promise<void> {
  await remote(ctx, (s) => s.remove(arg(ctx, 'remote')));
}

export async function sftpMkdir(ctx: Ctx): Promise<void> {
  await remote(ctx, (s) => s.mkdir(arg(ctx, 'remote')));
}

export async function sftpRmdir(ctx: Ctx): Promise<void> {
  await remote(ctx, (s) => s.rmdir(arg(ctx, 'remote')));
}

export async function sftpRename(ctx: Ctx): Promise<void> {
  await remote(ctx, (s) => s.rename(arg(ctx, 'remote'), arg(ctx, 'new')));
}

const HELP: [string, string][] = [
  ['bye', 'Quit from the SFTP client'],
  ['cd remote-path', 'Change the current directory on the server'],
  ['cdup', 'Change to the parent directory on the server'],
  ['delete remote-file', 'Delete a file on the server'],
  ['dir [remote-path]', 'List the files on the server'],
  ['exit', 'Quit from the SFTP client'],
  ['get remote-file [local-file]', 'Download a file to flash:'],
  ['help', 'Display this list'],
  ['ls [remote-path]', 'List the files on the server'],
  ['mkdir remote-path', 'Create a directory on the server'],
  ['put local-file [remote-file]', 'Upload a file from flash:'],
  ['pwd', 'Display the current directory on the server'],
  ['quit', 'Quit from the SFTP client'],
  ['remove remote-file', 'Delete a file on the server'],
  ['rename old-name new-name', 'Rename a file on the server'],
  ['rmdir remote-path', 'Remove a directory on the server'],
];

export function sftpHelp(ctx: Ctx): void {
  ctx.io.print(HELP.map(([c, h]) => `  ${c.padEnd(30)}${h}`).join('\n'));
}

export async function sftpBye(ctx: Ctx): Promise<void> {
  await closeSession(ctx);
  ctx.returnToUser();
}

