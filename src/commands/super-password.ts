// `super password [level N] {simple|hash} PW` / `undo super password [level N]` (§4): only the hash is kept.
import type { Lines } from '../config';
import type { Ctx } from './services';

export const superPasswordLines: Lines<void> = (_, { settings: s }) =>
  ([1, 2, 3] as const).flatMap((level) => {
    const hash = s[`super-password.${level}`];
    return hash ? [` super password level ${level} hash ${hash}`] : [];
  });

export async function superPassword(ctx: Ctx): Promise<void> {
  const level = typeof ctx.args.lvl === 'number' ? ctx.args.lvl : 3;
  const supers = ctx.services.device.superPasswords;
  if (ctx.undo) await supers.setHash(level, '');
  else if (ctx.keywords.has('hash')) await supers.setHash(level, String(ctx.args.pw));
  else await supers.set(level, String(ctx.args.pw));
}
