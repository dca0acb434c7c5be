// `terminal monitor` and `terminal logging [ level N ]` (§12; §13.3: Oxidized sends `undo terminal
// monitor` at login). As on Comware, log records reach a terminal only while both are on: monitor is
// off by default on an SSH session, logging on at level 6 (informational). The session tells the daemon,
// which pushes the matching records as they are logged (another user's login, a failed login, a change).
import type { Ctx } from './services';

export const MONITOR_VAR = 'terminal-monitor';
export const LOGGING_VAR = 'terminal-logging';
const DEFAULT_SEVERITY = 6;

/** What the daemon is told: the least severe level shown, or null for none. */
function wanted(ctx: Ctx): number | null {
  if (ctx.getVar(MONITOR_VAR) !== 'on') return null;
  const logging = ctx.getVar(LOGGING_VAR) ?? String(DEFAULT_SEVERITY);
  return logging === 'off' ? null : Number(logging);
}

async function tellDaemon(ctx: Ctx): Promise<void> {
  const sessions = ctx.services.sessions;
  if (sessions?.connected) await sessions.monitor(wanted(ctx));
}

export async function terminalMonitor(ctx: Ctx): Promise<void> {
  ctx.setVar(MONITOR_VAR, ctx.undo ? 'off' : 'on');
  await tellDaemon(ctx);
  ctx.io.print(`% Current terminal monitor is ${ctx.undo ? 'off' : 'on'}.`);
}

export async function terminalLogging(ctx: Ctx): Promise<void> {
  ctx.setVar(LOGGING_VAR, ctx.undo ? 'off' : String(ctx.args.sev ?? DEFAULT_SEVERITY));
  await tellDaemon(ctx);
  ctx.io.print(`% Current terminal logging is ${ctx.undo ? 'off' : 'on'}.`);
}
