import { SETTING_DEFAULTS } from '../device/settings';
import type { Ctx } from './services';

/** `sysname NAME` / `undo sysname`: durable first, then every prompt changes at once. */
export async function sysname(ctx: Ctx): Promise<void> {
  const settings = await ctx.services.device.settings();
  const name = ctx.undo ? SETTING_DEFAULTS.sysname : String(ctx.args.name);
  await settings.set('sysname', name);
  ctx.setVar('sysname', name);
}
