// Configuration-section renderers: the lines a view contributes to `display this`. Named by
// `section:` in cli-tree; the text is the one `display current-configuration` shows
// (src/device/config-render.ts renders the whole configuration, in the device's order).
import { globalLines, localUserBlock, publicKeyBlock, userInterfaceBlocks } from '../device/config-render';
import { SETTING_DEFAULTS } from '../device/settings';
import type { Ctx } from './services';

export type SectionRenderer = (ctx: Ctx) => Promise<string[]>;

/** System view: the global one-liners, and the sysname when it is not the default. */
export async function systemSection(ctx: Ctx): Promise<string[]> {
  const s = await (await ctx.services.device.settings()).all();
  return globalLines(s).filter((l) => s.sysname !== SETTING_DEFAULTS.sysname || l !== ` sysname ${s.sysname}`);
}

export async function luserSection(ctx: Ctx): Promise<string[]> {
  const user = await (await ctx.services.device.users()).get(ctx.view.vars.name);
  return user ? localUserBlock(user) : [];
}

/** As V5: every user-interface block, whichever one the view is for. */
export async function uiSection(ctx: Ctx): Promise<string[]> {
  return userInterfaceBlocks(await (await ctx.services.device.settings()).all());
}

export async function pkeySection(ctx: Ctx): Promise<string[]> {
  const key = await (await ctx.services.device.keys()).get(ctx.view.vars.name);
  return key ? publicKeyBlock(key) : [];
}

export const sections: Readonly<Record<string, SectionRenderer>> = { systemSection, luserSection, uiSection, pkeySection };
