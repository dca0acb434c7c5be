// Wrappers the registry puts around device handlers: store errors become `%` lines, and every
// configuration change lands in the log buffer with who made it and the command (secrets masked).
import { CommandError } from '../cli';
import type { CliHandler, Ctx } from './services';

/** Parameters that hold secrets: their values never reach a log. */
const SECRET_ARGS = ['pw', 'hash'];

/** The line as typed, with secret parameter values replaced. */
export function redact(ctx: Ctx): string {
  let line = ctx.line.trim();
  for (const name of SECRET_ARGS) {
    const v = ctx.args[name];
    if (typeof v === 'string' && v) line = line.split(v).join('******');
  }
  return line;
}

/** `user name must be …` → `% User name must be ….` */
export function storeMessage(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return `% ${/[.!?]$/.test(text) ? text : text + '.'}`;
}

/** Turns the user store's domain errors (matched by name: commands may not import src/users) into `%` lines. */
export function withStoreErrors(handler: CliHandler): CliHandler {
  return async (ctx) => {
    try {
      await handler(ctx);
    } catch (err) {
      if (err instanceof Error && err.name === 'UserStoreError') throw new CommandError(storeMessage(err.message));
      throw err;
    }
  };
}

/** A configuration command: on success one `SHELL/6/CMD` record (user, interface, command). */
export function configCommand(handler: CliHandler): CliHandler {
  const run = withStoreErrors(handler);
  return async (ctx) => {
    // A NETCONF session's lock on the running configuration holds the CLI off as well.
    const holder = ctx.services.loading ? null : await ctx.services.sessions?.configLockHolder();
    if (holder) throw new CommandError(`% The configuration is locked by ${holder.toUpperCase()}; try again later.`);
    await run(ctx);
    if (ctx.services.loading) return;
    await auditRecord(ctx, { severity: 6, module: 'SHELL', digest: 'CMD', text: `${sessionName(ctx)} ran command: ${redact(ctx)}` });
  };
}

/** `admin(vty0)`: who did it, and from which user interface. */
export function sessionName(ctx: Ctx): string {
  return `${ctx.session.userName || 'console'}(${ctx.session.userInterface.replace(' ', '')})`;
}

/** One audit record (a Comware module makes it one: audit.log, the log buffer, syslog). */
export async function auditRecord(ctx: Ctx, record: { severity: number; module: string; digest: string; text: string }): Promise<void> {
  // With a daemon the record goes through its logger (console, file, syslog and the log buffer);
  // an offline console writes the log buffer itself, without waiting for the group commit (a
  // pasted configuration would wait its spacing per line): closing the device writes what waits.
  const sessions = ctx.services.sessions;
  if (sessions?.connected) await sessions.log(record);
  else (await ctx.services.device.logBuffer()).append(record).catch(() => undefined);
}
