import { SYSTEM_VIEW_BANNER } from '../cli/messages';
import type { Ctx } from './services';

/** The view change itself is declared in cli-tree (`enters: system`). */
export function systemView(ctx: Ctx): void {
  ctx.io.print(SYSTEM_VIEW_BANNER);
}

export function quit(ctx: Ctx): void {
  ctx.exitView();
}

export function returnToUserView(ctx: Ctx): void {
  ctx.returnToUser();
}
