import type { Lines } from '../config';
import { SETTING_DEFAULTS } from '../device/settings';
import type { Ctx } from './services';

/** Always in the whole configuration; a view's `display this` leaves out the factory name. */
export const sysnameLines: Lines<void> = (_, { settings: s }, whole) =>
  whole || s.sysname !== SETTING_DEFAULTS.sysname ? [` sysname ${s.sysname}`] : [];

/** `sysname NAME` / `undo sysname`: durable first, then every prompt changes at once. */
export async function sysname(ctx: Ctx): Promise<void> {
  const settings = await ctx.services.device.settings();
  const name = ctx.undo ? SETTING_DEFAULTS.sysname : String(ctx.args.name);
  await settings.set('sysname', name);
  ctx.setVar('sysname', name);
}
