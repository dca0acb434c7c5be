// Configuration-section renderers: what each part of the device contributes to `display this`
// (named by a view's `section:` in cli-tree) and, in this order, to `display current-configuration`.
import { SETTING_DEFAULTS } from '../device/settings';
import type { Ctx } from './services';

/** `full`: for `display current-configuration`, which lists the sysname even at its default. */
export type SectionRenderer = (ctx: Ctx, full: boolean) => Promise<string[]>;

export async function systemSection(ctx: Ctx, full: boolean): Promise<string[]> {
  const sysname = await (await ctx.services.device.settings()).get('sysname');
  return full || sysname !== SETTING_DEFAULTS.sysname ? [` sysname ${sysname}`] : [];
}

/** Order = the order of `display current-configuration` (§11). */
export const sections: Readonly<Record<string, SectionRenderer>> = { systemSection };
