import type { Ctx } from './services';

/** Session-only paging switch that netmiko, scrapli and Oxidized send at login (§5). */
export function screenLengthDisable(ctx: Ctx): void {
  ctx.session.setPagingDisabled(!ctx.undo);
  ctx.io.print(`% Screen-length configuration is ${ctx.undo ? 'enabled' : 'disabled'} for current user.`);
}
