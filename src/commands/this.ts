import { sections } from './sections';
import type { Ctx } from './services';

/** The current view's section framed by `#` … `#`, then `return` (§11). */
export async function displayThis(ctx: Ctx): Promise<void> {
  const render = ctx.view.section ? sections[ctx.view.section] : undefined;
  const body = render ? await render(ctx, false) : [];
  ctx.io.print(['#', ...body, ...(body.length ? ['#'] : []), 'return'].join('\n'));
}

/** Every section in order, each after a `#` line, then `#` and `return` (§11). */
export async function displayCurrentConfiguration(ctx: Ctx): Promise<void> {
  const out: string[] = [];
  for (const render of Object.values(sections)) {
    const body = await render(ctx, true);
    if (body.length) out.push('#', ...body);
  }
  ctx.io.print([...out, '#', 'return'].join('\n'));
}
