// Names and paths on flash: (Comware rules, proposed where no source says) what a name may contain,
// and how `flash:/a/b`, `/a/b` and `b` relative to a current directory become one canonical path.
import { FileError } from './errors';

/** Bytes in one name; the whole path may have MAX_PATH. */
export const MAX_NAME = 128;
export const MAX_PATH = 255;

/**
 * Printable ASCII without the characters Comware file systems refuse (`\ / : * ? " < > | ~ '`) and
 * without spaces, so every name on flash can also be typed at the CLI as one token.
 */
const NAME_RE = /^[!#$%&()+,\-.0-9;=@A-Z[\]^_`a-z{}]+$/;

export function checkName(name: string): void {
  if (name === '' || name === '.' || name === '..') throw new FileError('bad-name', `invalid file name '${printable(name)}'`);
  if (Buffer.byteLength(name) > MAX_NAME) throw new FileError('bad-name', `file name longer than ${MAX_NAME} bytes`);
  if (!NAME_RE.test(name)) throw new FileError('bad-name', `invalid character in file name '${printable(name)}'`);
}

/** For messages: control bytes shown as `?`, long names cut. */
export function printable(s: string): string {
  const t = s.replace(/[^\x20-\x7e]/g, '?');
  return t.length > 64 ? t.slice(0, 61) + '...' : t;
}

/** A path on flash, as its names from the root (`[]` is `flash:/`). */
export type FlashPath = readonly string[];

/** `flash:/a/b` (the form every message shows). */
export function displayPath(p: FlashPath): string {
  return 'flash:/' + p.join('/');
}

/** `/a/b` (the form SFTP shows; `/` is `flash:/`). */
export function slashPath(p: FlashPath): string {
  return '/' + p.join('/');
}

/**
 * Resolves what a user typed against the current directory. `flash:/x`, `flash:x` and `/x` start at
 * the root, anything else at `cwd`; `.` stays, `..` goes up but never above the root (refused, not
 * clamped, so a client learns it asked for something outside flash).
 */
export function resolvePath(input: string, cwd: FlashPath = []): FlashPath {
  if (input.includes('\0')) throw new FileError('bad-name', 'file name contains a NUL byte');
  if (Buffer.byteLength(input) > MAX_PATH + 'flash:/'.length) throw new FileError('bad-name', `path longer than ${MAX_PATH} bytes`);
  // An SFTP client joins `flash:/x` to its working directory as `/flash:/x`: the same file.
  let rest = input.replace(/^\/+(?=flash:)/i, '');
  let out: string[] = [...cwd];
  const device = /^([A-Za-z0-9]+):/.exec(rest);
  if (device) {
    if (device[1].toLowerCase() !== 'flash') throw new FileError('not-found', `no device ${printable(device[1])}:`);
    rest = rest.slice(device[0].length);
    out = [];
  } else if (rest.startsWith('/')) {
    out = [];
  }
  for (const part of rest.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) throw new FileError('bad-name', 'path leads above flash:/');
      out.pop();
      continue;
    }
    checkName(part);
    out.push(part);
  }
  if (Buffer.byteLength(out.join('/')) > MAX_PATH) throw new FileError('bad-name', `path longer than ${MAX_PATH} bytes`);
  return out;
}
