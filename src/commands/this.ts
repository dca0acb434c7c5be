import { sections } from './sections';
import type { Ctx } from './services';

/** The current view's section framed by `#` … `#`, then `return` (§11). */
export async function displayThis(ctx: Ctx): Promise<void> {
  const render = ctx.view.section ? sections[ctx.view.section] : undefined;
  const body = render ? await render(ctx) : [];
  ctx.io.print(['#', ...body, ...(body.length ? ['#'] : []), 'return'].join('\n'));
}
