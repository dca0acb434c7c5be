// `terminal monitor` / `undo terminal monitor` (§12, §13.3: Oxidized sends the undo form at login).
// The flag is a session variable; the host reads `engine.getVar('terminal-monitor')` to decide
// whether log lines reach this terminal. Default off, so nothing is printed after the first prompt.
import type { Ctx } from './services';

export const MONITOR_VAR = 'terminal-monitor';

export function terminalMonitor(ctx: Ctx): void {
  ctx.setVar(MONITOR_VAR, ctx.undo ? 'off' : 'on');
  ctx.io.print(`% Current terminal monitor is ${ctx.undo ? 'off' : 'on'}.`);
}
