// `ssh server …` (§8): device-wide SSH settings the daemon reads for each new connection.
import { CommandError } from '../cli';
import { changed, Lines } from '../config';
import { SETTING_DEFAULTS } from '../device/settings';
import type { Ctx } from './services';

export async function sshServerRetries(ctx: Ctx): Promise<void> {
  const n = ctx.undo ? SETTING_DEFAULTS['ssh.server.authentication-retries'] : Number(ctx.args.n);
  await (await ctx.services.device.settings()).set('ssh.server.authentication-retries', n);
}

export const sshServerRetriesLines: Lines<void> = (_, { settings: s }) =>
  changed(s, 'ssh.server.authentication-retries') ? [` ssh server authentication-retries ${s['ssh.server.authentication-retries']}`] : [];

/** `timeout` (V3) and `authentication-timeout` (V5) are one setting, printed as `timeout`. */
export async function sshServerTimeout(ctx: Ctx): Promise<void> {
  const n = ctx.undo ? SETTING_DEFAULTS['ssh.server.timeout'] : Number(ctx.args.n);
  await (await ctx.services.device.settings()).set('ssh.server.timeout', n);
}

export const sshServerTimeoutLines: Lines<void> = (_, { settings: s }) =>
  changed(s, 'ssh.server.timeout') ? [` ssh server timeout ${s['ssh.server.timeout']}`] : [];

/** Hours between rekeys the daemon starts on each connection (0 = never), read per connection. */
export async function sshServerRekey(ctx: Ctx): Promise<void> {
  const n = ctx.undo ? SETTING_DEFAULTS['ssh.server.rekey-interval'] : Number(ctx.args.n);
  await (await ctx.services.device.settings()).set('ssh.server.rekey-interval', n);
}

export const sshServerRekeyLines: Lines<void> = (_, { settings: s }) =>
  changed(s, 'ssh.server.rekey-interval') ? [` ssh server rekey-interval ${s['ssh.server.rekey-interval']}`] : [];

export async function sshServerEnable(ctx: Ctx): Promise<void> {
  await (await ctx.services.device.settings()).set('ssh.server.enable', !ctx.undo);
  ctx.io.print(ctx.undo ? 'Info: Disable SSH server.' : 'Info: Enable SSH server.');
}

export const sshServerEnableLines: Lines<void> = (_, { settings: s }) => (changed(s, 'ssh.server.enable') ? [' undo ssh server enable'] : []);

/** SSH1 is never offered (§0 policy 3): enabling is refused, disabling is what already holds. */
export function sshServerSsh1(ctx: Ctx): void {
  if (!ctx.undo) throw new CommandError('% SSH1 is not supported: this server speaks SSH2 only.');
}
