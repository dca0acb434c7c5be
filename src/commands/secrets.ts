// Password and super-password hashes in configuration text are shown only to level 3: below it a
// reader could take an administrator's hash and guess at it offline. `save` still writes them.
import type { Ctx } from './services';

const HASH_LINE = /^(\s*(?:password|super password level [0-3]) hash )\S+/;

export const MASK = '******';

/** The lines as the session's level may see them. */
export function visibleConfiguration(ctx: Ctx, lines: string[]): string[] {
  if (ctx.session.level >= 3) return lines;
  return lines.map((l) => l.replace(HASH_LINE, `$1${MASK}`));
}
