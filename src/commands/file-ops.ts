// File commands of flash: (comware-aaa-files.md §4.3, §4.4): copy, move, rename, delete, undelete,
// reset recycle-bin. V5 dialogues; texts the V5 sources lack are built from V7 in V5 punctuation.
import { CommandError } from '../cli';
import type { FlashPath } from '../files';
import { argPath, displayPath, onFlash, flash } from './flash-cli';
import type { Ctx } from './services';

/** A directory as the target of copy/move: the source's name inside it. */
function into(ctx: Ctx, src: FlashPath, dest: FlashPath): FlashPath {
  return flash(ctx).find(dest)?.kind === 'dir' ? [...dest, src[src.length - 1]] : dest;
}

function sourceFile(ctx: Ctx, name: string): FlashPath {
  const p = argPath(ctx, name);
  const f = onFlash(() => flash(ctx).stat(p));
  if (f.kind !== 'file') throw new CommandError(`% ${displayPath(p)} is a directory.`);
  return p;
}

/** Asks before replacing an existing file; false = the user said no. */
async function mayReplace(ctx: Ctx, p: FlashPath): Promise<boolean> {
  const f = flash(ctx).find(p);
  if (!f) return true;
  if (f.kind === 'dir') throw new CommandError(`% ${displayPath(p)} is a directory.`);
  return ctx.io.confirm(`The file ${displayPath(p)} exists. Overwrite it?[Y/N]:`);
}

const same = (a: FlashPath, b: FlashPath) => a.length === b.length && a.every((n, i) => n === b[i]);

export async function copy(ctx: Ctx): Promise<void> {
  const src = sourceFile(ctx, 'source');
  const dest = into(ctx, src, argPath(ctx, 'dest'));
  if (same(src, dest)) throw new CommandError('% The source and destination are the same file.');
  if (!(await ctx.io.confirm(`Copy ${displayPath(src)} to ${displayPath(dest)}?[Y/N]:`))) return;
  if (!(await mayReplace(ctx, dest))) return;
  ctx.io.print('.');
  onFlash(() => flash(ctx).copy(src, dest));
  ctx.io.print(`%Copy file ${displayPath(src)} to ${displayPath(dest)}...Done.`);
}

async function moveAs(ctx: Ctx, verb: 'Move' | 'Rename', done: 'Moved' | 'Renamed'): Promise<void> {
  const src = argPath(ctx, 'source');
  onFlash(() => flash(ctx).stat(src));
  const dest = verb === 'Move' ? into(ctx, src, argPath(ctx, 'dest')) : argPath(ctx, 'dest');
  if (same(src, dest)) throw new CommandError('% The source and destination are the same file.');
  if (!(await ctx.io.confirm(`${verb} ${displayPath(src)} to ${displayPath(dest)}?[Y/N]:`))) return;
  if (!(await mayReplace(ctx, dest))) return;
  onFlash(() => flash(ctx).rename(src, dest, true));
  ctx.io.print(`\n%${done} file ${displayPath(src)} to ${displayPath(dest)}.`);
}

export const move = (ctx: Ctx) => moveAs(ctx, 'Move', 'Moved');
export const rename = (ctx: Ctx) => moveAs(ctx, 'Rename', 'Renamed');

/** `delete FILE` keeps the file in the recycle bin; `/unreserved` deletes it for good. */
export async function deleteFile(ctx: Ctx): Promise<void> {
  const p = sourceFile(ctx, 'path');
  const fl = flash(ctx);
  if (ctx.keywords.has('/unreserved')) {
    if (!(await ctx.io.confirm(`The file cannot be restored. Delete ${displayPath(p)}?[Y/N]:`))) return;
    onFlash(() => fl.remove(p));
  } else {
    ctx.io.print('');
    if (!(await ctx.io.confirm(`Delete ${displayPath(p)}?[Y/N]:`))) return;
    onFlash(() => fl.recycle(p));
  }
  ctx.io.print(`\n%Delete file ${displayPath(p)}...Done.`);
}

export async function undelete(ctx: Ctx): Promise<void> {
  const p = argPath(ctx, 'path');
  const fl = flash(ctx);
  if (!fl.inBin(p)) throw new CommandError(`% ${displayPath(p)} is not in the recycle bin.`);
  if (!(await ctx.io.confirm(`Undelete ${displayPath(p)}?[Y/N]:`))) return;
  if (!(await mayReplace(ctx, p))) return;
  onFlash(() => fl.undelete(p, true));
  ctx.io.print(`%Undeleted file ${displayPath(p)}.`);
}

/** Empties the recycle bin file by file; `/force` asks nothing. */
export async function resetRecycleBin(ctx: Ctx): Promise<void> {
  const fl = flash(ctx);
  const force = ctx.keywords.has('/force');
  for (const p of fl.binFiles()) {
    if (!force && !(await ctx.io.confirm(`Clear ${displayPath(p)}?[Y/N]:`))) continue;
    onFlash(() => fl.clearBin(p));
    ctx.io.print(`%Cleared file ${displayPath(p)}.`);
  }
}
