import { viewConfiguration } from '../config';
import { CONFIG_LAYOUT } from './config-layout';
import { visibleConfiguration } from './secrets';
import type { Ctx } from './services';

/** The current view's section (named in cli-tree) framed by `#` … `#`, then `return` (§11). */
export async function displayThis(ctx: Ctx): Promise<void> {
  const body = ctx.view.section ? visibleConfiguration(ctx, await viewConfiguration(ctx.services.device, CONFIG_LAYOUT, ctx.view.section, ctx.view.vars)) : [];
  ctx.io.print(['#', ...body, ...(body.length ? ['#'] : []), 'return'].join('\n'));
}
