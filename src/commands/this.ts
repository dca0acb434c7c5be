import { viewConfiguration } from '../config';
import { CONFIG_LAYOUT } from './config-layout';
import { visibleConfiguration } from './secrets';
import type { Ctx } from './services';

/**
 * The current view's sections (named in cli-tree), each framed by `#` as `display
 * current-configuration` frames it, then `return` (§11): the same lines, so the two never disagree.
 */
export async function displayThis(ctx: Ctx): Promise<void> {
  const out = ['#'];
  for (const name of ctx.view.sections) {
    const body = await viewConfiguration(ctx.services.device, CONFIG_LAYOUT, name, ctx.view.vars);
    if (body.length) out.push(...visibleConfiguration(ctx, body), '#');
  }
  ctx.io.print([...out, 'return'].join('\n'));
}
