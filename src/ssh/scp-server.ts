// The legacy SCP protocol (`scp -O`, paramiko's scp module, Ansible): the exec `scp -t PATH` (sink,
// the client uploads) and `scp -f PATH` (source, the client downloads), served by us over flash:,
// with no shell and no scp binary. `flash:/x`, `/x` and `x` name the same file.
import * as fs from 'node:fs';
import type { ServerChannel } from 'ssh2';
import { displayPath, FileError, Flash, FlashPath, Upload } from '../files';
import { ScpReader } from './scp-reader';

export interface ScpOptions {
  flash: Flash;
  /** Bytes came from the client (the idle timer restarts). */
  onActivity?: () => void;
  onNote?: (message: string, fields: Record<string, unknown>) => void;
}

interface ScpCommand {
  mode: 'sink' | 'source';
  recursive: boolean;
  preserve: boolean;
  /** -d: the target must be a directory. */
  targetIsDir: boolean;
  path: string;
}

/** `scp [-v] [-r] [-p] [-d] [-q] {-t|-f} [--] PATH`, as OpenSSH and paramiko send it; else undefined. */
export function parseScpCommand(command: string): ScpCommand | undefined {
  const m = /^\s*scp\s+(.*)$/s.exec(command);
  if (!m) return undefined;
  const words = m[1].trim().split(/\s+/);
  const cmd: ScpCommand = { mode: 'sink', recursive: false, preserve: false, targetIsDir: false, path: '' };
  let direction: 'sink' | 'source' | undefined;
  let i = 0;
  for (; i < words.length && words[i].startsWith('-'); i++) {
    const w = words[i];
    if (w === '--') {
      i++;
      break;
    }
    for (const f of w.slice(1)) {
      if (f === 't') direction = 'sink';
      else if (f === 'f') direction = 'source';
      else if (f === 'r') cmd.recursive = true;
      else if (f === 'p') cmd.preserve = true;
      else if (f === 'd') cmd.targetIsDir = true;
      else if (f !== 'v' && f !== 'q') return undefined;
    }
  }
  const rest = words.slice(i).join(' ');
  if (!direction || rest === '') return undefined;
  // OpenSSH quotes a path with special characters in single quotes.
  cmd.path = /^'(.*)'$/s.test(rest) ? rest.slice(1, -1).replace(/'\\''/g, "'") : rest;
  cmd.mode = direction;
  return cmd;
}

const OK = Buffer.from([0]);

function errorText(err: unknown, p: string): string {
  if (err instanceof FileError) return `${p}: ${err.message}`;
  return `${p}: ${(err as Error).message ?? 'failed'}`;
}

/** Runs one scp exec to its end; resolves true when every file went through. */
export async function serveScp(channel: ServerChannel, command: string, opts: ScpOptions): Promise<boolean> {
  const cmd = parseScpCommand(command);
  let ok = false;
  try {
    if (!cmd) {
      channel.stderr.write('scp: unsupported command\n');
    } else {
      ok = cmd.mode === 'sink' ? await sink(channel, cmd, opts) : await source(channel, cmd, opts);
    }
  } catch (err) {
    channel.write(`\x02scp: ${(err as Error).message}\n`);
    ok = false;
  }
  try {
    channel.exit(ok ? 0 : 1);
    channel.end();
  } catch {
    /* the client is gone */
  }
  return ok;
}

const MODE_LINE = /^([CD])([0-7]{4}) (\d+) (.+)$/s;
const TIME_LINE = /^T(\d+) \d+ (\d+) \d+$/;

/** The client sends files (`scp local host:PATH`). */
async function sink(channel: ServerChannel, cmd: ScpCommand, opts: ScpOptions): Promise<boolean> {
  const { flash } = opts;
  const reader = new ScpReader(channel, opts.onActivity);
  const target = flash.resolve(cmd.path, []);
  const targetInfo = flash.find(target);
  if (cmd.targetIsDir && targetInfo?.kind !== 'dir') throw new FileError('not-dir', `${displayPath(target)}: not a directory`);
  const stack: FlashPath[] = [];
  let mtime: Date | undefined;
  let ok = true;
  const warn = (text: string) => {
    ok = false;
    opts.onNote?.('scp file refused', { reason: text });
    channel.write(`\x01scp: ${text}\n`);
  };
  channel.write(OK);
  for (;;) {
    const line = await reader.line();
    if (line === null) return ok;
    const head = line.charCodeAt(0);
    if (head === 1 || head === 2) {
      // The client's own warning or error: nothing to answer.
      ok = false;
      if (head === 2) return false;
      continue;
    }
    if (line === 'E') {
      stack.pop();
      channel.write(OK);
      continue;
    }
    const t = TIME_LINE.exec(line);
    if (t) {
      mtime = new Date(Number(t[1]) * 1000);
      channel.write(OK);
      continue;
    }
    const m = MODE_LINE.exec(line);
    if (!m) throw new Error('protocol error: unexpected control line');
    const [, kind, modeText, sizeText, name] = m;
    // Where this entry goes: inside the target directory (or the directory being received), or the
    // target itself for a single file.
    const into = stack.length ? stack[stack.length - 1] : targetInfo?.kind === 'dir' ? target : undefined;
    let dest: FlashPath;
    try {
      if (name.includes('/') || name === '..' || name === '.') throw new FileError('bad-name', `invalid name '${name}'`);
      dest = into ? flash.resolve(name, into) : target;
    } catch (err) {
      if (kind === 'D') throw err;
      // A refused file: the client sends its bytes only after our OK, so there is nothing to skip.
      warn(errorText(err, name));
      continue;
    }
    if (kind === 'D') {
      if (!cmd.recursive) throw new Error('received a directory without -r');
      if (flash.find(dest)?.kind !== 'dir') flash.mkdir(dest);
      stack.push(dest);
      mtime = undefined;
      channel.write(OK);
      continue;
    }
    const size = Number(sizeText);
    let upload: Upload | undefined;
    try {
      upload = flash.upload(dest, { mode: parseInt(modeText, 8) & 0o777 });
      // A file that cannot fit is refused before its bytes come.
      if (size > flash.usage().free) throw new FileError('no-space', 'not enough space on flash');
    } catch (err) {
      upload?.abort();
      warn(errorText(err, displayPath(dest)));
      continue;
    }
    channel.write(OK);
    const result = await receive(reader, upload, size);
    const end = await reader.byte();
    if (result === 'eof' || end === null) {
      upload.abort();
      return false;
    }
    if (result !== 'ok') {
      upload.abort();
      warn(errorText(result, displayPath(dest)));
      continue;
    }
    try {
      upload.commit(cmd.preserve ? mtime : undefined);
      channel.write(OK);
    } catch (err) {
      warn(errorText(err, displayPath(dest)));
    }
    mtime = undefined;
  }
}

/** A file's bytes into the upload; the rest is read and dropped if the upload fails. */
async function receive(reader: ScpReader, upload: Upload, size: number): Promise<'ok' | 'eof' | unknown> {
  let at = 0;
  let failure: unknown;
  while (at < size) {
    const chunk = await reader.chunk(Math.min(size - at, 256 * 1024));
    if (!chunk) return 'eof';
    if (failure === undefined) {
      try {
        await upload.write(chunk, at);
      } catch (err) {
        failure = err;
      }
    }
    at += chunk.length;
  }
  return failure ?? 'ok';
}

/** The client fetches files (`scp host:PATH local`). */
async function source(channel: ServerChannel, cmd: ScpCommand, opts: ScpOptions): Promise<boolean> {
  const { flash } = opts;
  const reader = new ScpReader(channel, opts.onActivity);
  if ((await reader.byte()) !== 0) return false;
  const target = flash.resolve(cmd.path, []);
  let ok = true;

  const expectOk = async (): Promise<boolean> => {
    const b = await reader.byte();
    if (b === 0) return true;
    if (b !== null) await reader.line();
    return false;
  };
  const send = (data: Buffer | string) =>
    new Promise<void>((resolve) => {
      if (channel.write(data)) resolve();
      else channel.once('drain', resolve);
    });
  const times = async (mtime: Date, atime: Date) => {
    if (!cmd.preserve) return true;
    await send(`T${Math.floor(mtime.getTime() / 1000)} 0 ${Math.floor(atime.getTime() / 1000)} 0\n`);
    return expectOk();
  };

  const sendFile = async (p: FlashPath): Promise<boolean> => {
    const f = flash.stat(p);
    if (!(await times(f.mtime, f.atime))) return false;
    const fd = flash.openRead(p);
    try {
      const size = fs.fstatSync(fd).size;
      await send(`C0${(f.mode & 0o777).toString(8).padStart(3, '0')} ${size} ${f.name}\n`);
      if (!(await expectOk())) return false;
      const buf = Buffer.allocUnsafe(64 * 1024);
      let at = 0;
      while (at < size) {
        const n = fs.readSync(fd, buf, 0, Math.min(buf.length, size - at), at);
        if (n === 0) break;
        await send(Buffer.from(buf.subarray(0, n)));
        at += n;
      }
      await send(OK);
      return expectOk();
    } finally {
      fs.closeSync(fd);
    }
  };

  const sendTree = async (p: FlashPath): Promise<boolean> => {
    const f = flash.stat(p);
    if (f.kind === 'file') return sendFile(p);
    if (!cmd.recursive) {
      ok = false;
      await send(`\x01scp: ${displayPath(p)}: not a regular file\n`);
      return true;
    }
    if (!(await times(f.mtime, f.atime))) return false;
    await send(`D0${(f.mode & 0o777).toString(8).padStart(3, '0')} 0 ${p.length ? f.name : 'flash'}\n`);
    if (!(await expectOk())) return false;
    for (const e of flash.list(p)) if (!(await sendTree(e.path))) return false;
    await send('E\n');
    return expectOk();
  };

  try {
    if (!(await sendTree(target))) return false;
  } catch (err) {
    opts.onNote?.('scp file refused', { reason: errorText(err, cmd.path) });
    await send(`\x01scp: ${errorText(err, cmd.path)}\n`);
    return false;
  }
  return ok;
}
