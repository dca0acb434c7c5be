// Directory commands of flash: (comware-aaa-files.md §4.2, §4.3, §4.5): dir, cd, pwd, mkdir, rmdir,
// more, format.
import { CommandError } from '../cli';
import type { FileInfo, FlashPath, StartupChoice } from '../files';
import { argPath, cwd, displayPath, NO_SUCH_FILE, onFlash, setCwd, flash, startupFiles } from './flash-cli';
import type { Ctx } from './services';
import { two } from '../common/digits';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Mmm dd yyyy hh:mm:ss` in the device's local time. */
export function dirDate(d: Date): string {
  return `${MONTHS[d.getMonth()]} ${two(d.getDate())} ${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

const same = (a: FlashPath | null, b: FlashPath) => a !== null && a.length === b.length && a.every((n, i) => n === b[i]);

/** `(*)` main, `(b)` backup, `(*b)` both: the startup-file attributes of V3/V5. */
function attribute(p: FlashPath, boot: StartupChoice): string {
  const main = same(boot.main, p);
  const backup = same(boot.backup, p);
  return main && backup ? '(*b)' : main ? '(*)' : backup ? '(b)' : '';
}

/** One V5 `dir` row: index in 4, attribute in 5, permissions, size in 8 (`-` for a directory), date, name. */
export function dirRow(index: number, f: FileInfo, attr: string, name = f.name): string {
  const perm = f.kind === 'dir' ? 'drw-' : '-rw-';
  const size = f.kind === 'dir' ? '-' : String(f.size);
  return `${String(index).padStart(4)}${attr.padEnd(5)}${perm}  ${size.padStart(8)}  ${dirDate(f.mtime)}   ${name}`;
}

export function dir(ctx: Ctx): void {
  const fl = flash(ctx);
  const target = ctx.args.path === undefined ? cwd(ctx) : argPath(ctx, 'path');
  const boot = startupFiles(ctx).read();
  const f = onFlash(() => fl.stat(target));
  // `dir FILE` lists that file under its directory's header.
  const where = f.kind === 'dir' ? target : target.slice(0, -1);
  const rows = f.kind === 'dir' ? fl.list(target) : [f];
  const lines = [`Directory of ${displayPath(where)}${where.length ? '/' : ''}`, ''];
  rows.forEach((r, i) => lines.push(dirRow(i, r, attribute(r.path, boot))));
  if (ctx.keywords.has('/all') && f.kind === 'dir') {
    // Deleted files, V5 style: in brackets, only with /all.
    fl.listBin(target).forEach((r, i) => lines.push(dirRow(rows.length + i, r, attribute(r.path, boot), `[${r.name}]`)));
  }
  const usage = fl.usage();
  lines.push('', `${Math.floor(usage.capacity / 1024)} KB total (${Math.floor(usage.free / 1024)} KB free)`);
  lines.push('', '(*) -with main attribute   (b) -with backup attribute', '(*b) -with both main and backup attribute');
  ctx.io.print(lines.join('\n'));
}

export function cd(ctx: Ctx): void {
  const p = argPath(ctx, 'path');
  const f = flash(ctx).find(p);
  if (f?.kind !== 'dir') throw new CommandError(NO_SUCH_FILE);
  setCwd(ctx, p);
}

export function pwd(ctx: Ctx): void {
  ctx.io.print(displayPath(cwd(ctx)));
}

export function mkdir(ctx: Ctx): void {
  const p = argPath(ctx, 'path');
  onFlash(() => flash(ctx).mkdir(p));
  ctx.io.print(`\n%Created dir ${displayPath(p)}.\n`);
}

export async function rmdir(ctx: Ctx): Promise<void> {
  const p = argPath(ctx, 'path');
  const fl = flash(ctx);
  const f = onFlash(() => fl.stat(p));
  if (f.kind !== 'dir') throw new CommandError(`% ${displayPath(p)} is not a directory.`);
  if (p.length === 0 || p.every((n, i) => cwd(ctx)[i] === n)) throw new CommandError('% The current directory or one above it cannot be removed.');
  if (!(await ctx.io.confirm(`Rmdir ${displayPath(p)}?[Y/N]:`))) return;
  onFlash(() => fl.rmdir(p));
  ctx.io.print(`\n%Removed directory ${displayPath(p)}.`);
}

/** The file as text, paged like any output. */
export function more(ctx: Ctx): void {
  const p = argPath(ctx, 'path');
  const data = onFlash(() => flash(ctx).readFile(p));
  if (data.includes(0)) throw new CommandError(`% ${displayPath(p)} is not a text file.`);
  ctx.io.print(data.toString('utf8').replace(/\r\n?/g, '\n').replace(/\n$/, ''));
}

/** Flash is a directory holding the keys' neighbours and the configuration: never formatted. */
export function format(): void {
  throw new CommandError(' % Format is not supported on this device.');
}
