// Configuration-section renderers: the lines a view contributes to `display this` (and later to
// `display current-configuration`). Named by `section:` in cli-tree.
import { SETTING_DEFAULTS } from '../device/settings';
import type { Ctx } from './services';

export type SectionRenderer = (ctx: Ctx) => Promise<string[]>;

export async function systemSection(ctx: Ctx): Promise<string[]> {
  const sysname = await (await ctx.services.device.settings()).get('sysname');
  return sysname !== SETTING_DEFAULTS.sysname ? [` sysname ${sysname}`] : [];
}

export const sections: Readonly<Record<string, SectionRenderer>> = { systemSection };
