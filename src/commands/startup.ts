// The startup files (comware-cli.md §11, comware-aaa-files.md §4.6): `startup saved-configuration`,
// its undo, `display startup`.
import { CommandError } from '../cli';
import type { FlashPath } from '../files';
import { argPath, displayPath, onFlash, flash, startupFiles } from './flash-cli';
import type { Ctx } from './services';

const WAIT_DONE = ' Please wait ...... Done!';

export function startupSavedConfiguration(ctx: Ctx): void {
  const files = startupFiles(ctx);
  if (ctx.undo) {
    files.clear();
    ctx.io.print(WAIT_DONE);
    return;
  }
  const p = argPath(ctx, 'path');
  const f = onFlash(() => flash(ctx).stat(p));
  if (f.kind !== 'file') throw new CommandError(`% ${displayPath(p)} is a directory.`);
  if (!p[p.length - 1].toLowerCase().endsWith('.cfg')) throw new CommandError('% The configuration file name must end with .cfg.');
  files.set(ctx.keywords.has('backup') ? 'backup' : 'main', p);
  ctx.io.print(WAIT_DONE);
}

export function displayStartup(ctx: Ctx): void {
  const c = startupFiles(ctx).read();
  const name = (p: FlashPath | null) => (p ? displayPath(p) : 'NULL');
  ctx.io.print(
    [
      ` Current startup saved-configuration file: ${name(c.current)}`,
      ` Next main startup saved-configuration file: ${name(c.main)}`,
      ` Next backup startup saved-configuration file: ${name(c.backup)}`,
    ].join('\n'),
  );
}
