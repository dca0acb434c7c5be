// What the file commands share: the session's current directory, path resolution through flash, and
// the Comware texts for flash errors.
import { CommandError } from '../cli';
import { displayPath, FileError, flashOf, startupConfigOf, startupFilesOf } from '../files';
import type { Flash, FlashPath, StartupConfig, StartupFiles } from '../files';
import type { Ctx } from './services';

export const NO_SUCH_FILE = "% Such file or path doesn't exist.";
const CWD_VAR = 'flash-cwd';

/** flash: of this device (one instance per process). */
export const flash = (ctx: Ctx): Flash => flashOf(ctx.services.device.paths);
export const startupFiles = (ctx: Ctx): StartupFiles => startupFilesOf(ctx.services.device.paths);
export const startupConfig = (ctx: Ctx): StartupConfig => startupConfigOf(ctx.services.device.paths);

/** The session's current directory (`cd`), flash:/ at login. */
export function cwd(ctx: Ctx): FlashPath {
  const v = ctx.getVar(CWD_VAR);
  return v ? v.split('/').filter(Boolean) : [];
}

export function setCwd(ctx: Ctx, p: FlashPath): void {
  ctx.setVar(CWD_VAR, '/' + p.join('/'));
}

/** A flash error in the device's words; anything else goes on up. */
export function fileMessage(err: unknown): never {
  if (!(err instanceof FileError)) throw err;
  switch (err.code) {
    case 'not-found':
      throw new CommandError(NO_SUCH_FILE);
    case 'bad-name':
      throw new CommandError(`% Invalid file name or path: ${err.message}.`);
    case 'no-space':
      throw new CommandError('% There is not enough free space on flash:.');
    case 'exists':
      throw new CommandError(`% ${err.message.replace(/^./, (c) => c.toUpperCase())}.`);
    case 'not-empty':
      throw new CommandError('% The directory is not empty.');
    case 'is-dir':
    case 'not-dir':
    case 'refused':
      throw new CommandError(`% ${err.message.replace(/^./, (c) => c.toUpperCase())}.`);
  }
}

/** Runs fn with flash errors turned into Comware messages. */
export function onFlash<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    return fileMessage(err);
  }
}

/** Resolves a path argument against the session's current directory. */
export function argPath(ctx: Ctx, name: string): FlashPath {
  const raw = ctx.args[name];
  return onFlash(() => flash(ctx).resolve(String(raw ?? ''), cwd(ctx)));
}

export { displayPath };
