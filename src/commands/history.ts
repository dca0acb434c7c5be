import type { Ctx } from './services';

export function displayHistoryCommand(ctx: Ctx): void {
  const h = ctx.session.history();
  if (h.length) ctx.io.print(h.map((l) => '  ' + l).join('\n'));
}
