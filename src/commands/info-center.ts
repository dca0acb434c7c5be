// `info-center loghost ADDR [ port N ]` (§12): the syslog collector, as configuration (saved, shown
// in display current-configuration). The daemon is told at once and sends to it from then on.
import { CommandError } from '../cli';
import type { Lines } from '../config';
import type { Ctx } from './services';

export async function infoCenterLoghost(ctx: Ctx): Promise<void> {
  const settings = await ctx.services.device.settings();
  if (ctx.undo) {
    const current = await settings.get('info-center.loghost');
    if (ctx.args.addr !== undefined && ctx.args.addr !== current) throw new CommandError(`% The loghost ${String(ctx.args.addr)} is not configured.`);
    await settings.reset('info-center.loghost');
    await settings.reset('info-center.loghost.port');
  } else {
    await settings.set('info-center.loghost', String(ctx.args.addr));
    await settings.set('info-center.loghost.port', ctx.args.n === undefined ? 514 : Number(ctx.args.n));
  }
  if (ctx.services.sessions?.connected) await ctx.services.sessions.loghostChanged();
}

export const infoCenterLoghostLines: Lines<void> = (_, { settings: s }) => {
  const host = s['info-center.loghost'];
  if (!host) return [];
  const port = s['info-center.loghost.port'];
  return [` info-center loghost ${host}${port === 514 ? '' : ` port ${port}`}`];
};
