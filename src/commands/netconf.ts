// NETCONF over SSH (comware-aaa-files.md §6.2): the service switch and port, its status, and
// ending a NETCONF session. The daemon opens or closes the port when told over the control socket.
import { CommandError } from '../cli';
import { changed, Lines } from '../config';
import { SETTING_DEFAULTS } from '../device/settings';
import type { Ctx } from './services';

/** Tells a running daemon; an offline console only stores the setting (the daemon reads it at start). */
async function apply(ctx: Ctx): Promise<void> {
  const sessions = ctx.services.sessions;
  if (!sessions?.connected || ctx.services.loading) return;
  await sessions.applyNetconfService().catch((err: Error) => {
    throw new CommandError(`% NETCONF over SSH could not be started: ${err.message}.`);
  });
}

export async function netconfSshServerEnable(ctx: Ctx): Promise<void> {
  await (await ctx.services.device.settings()).set('netconf.ssh.enable', !ctx.undo);
  await apply(ctx);
}

export const netconfSshServerEnableLines: Lines<void> = (_, { settings: s }) => (s['netconf.ssh.enable'] ? [' netconf ssh server enable'] : []);

export async function netconfSshServerPort(ctx: Ctx): Promise<void> {
  const port = ctx.undo ? SETTING_DEFAULTS['netconf.ssh.port'] : Number(ctx.args.n);
  await (await ctx.services.device.settings()).set('netconf.ssh.port', port);
  await apply(ctx);
}

export const netconfSshServerPortLines: Lines<void> = (_, { settings: s }) =>
  changed(s, 'netconf.ssh.port') ? [` netconf ssh server port ${s['netconf.ssh.port']}`] : [];

export async function displayNetconfService(ctx: Ctx): Promise<void> {
  const s = await (await ctx.services.device.settings()).all();
  const sessions = ctx.services.sessions?.connected ? await ctx.services.sessions.users() : [];
  const active = sessions.filter((x) => x.type === 'NETCONF').length;
  ctx.io.print(
    [
      `NETCONF over SSH: ${s['netconf.ssh.enable'] ? 'Enabled' : 'Disabled'} (port ${s['netconf.ssh.port']})`,
      `Active sessions: ${active}`,
    ].join('\n'),
  );
}

export async function freeNetconfSession(ctx: Ctx): Promise<void> {
  const ui = `netconf ${Number(ctx.args.id)}`;
  const sessions = ctx.services.sessions;
  if (!sessions?.connected || !(await sessions.users()).some((s) => s.ui === ui)) {
    throw new CommandError(`% No NETCONF session ${ctx.args.id} exists.`);
  }
  if (!(await ctx.io.confirm(`Are you sure to free NETCONF session ${ctx.args.id}?`))) return;
  await sessions.free(ui).catch((err: Error) => {
    throw new CommandError(`% ${err.message}.`);
  });
  ctx.io.print('[OK]');
}
