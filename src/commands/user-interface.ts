// User-interface views (§6): `user-interface vty F [L]` / `aux 0` and their settings. All VTYs share
// ui.vty.*; the daemon reads the idle timeout per session, the CLI process screen-length and history
// size at login, so changes apply to the next login.
import { CommandError } from '../cli';
import { SETTING_DEFAULTS } from '../device/settings';
import type { Ctx } from './services';

export const SSH_NEEDS_SCHEME = '% SSH protocol requires authentication mode scheme.';

/** ui-vty → vty, ui-aux → aux. */
function kind(ctx: Ctx): 'vty' | 'aux' {
  return ctx.view.name === 'ui-aux' ? 'aux' : 'vty';
}

export function userInterface(ctx: Ctx): void {
  if (typeof ctx.args.last === 'number' && ctx.args.last < Number(ctx.args.first)) {
    throw new CommandError('% The last user interface must not be lower than the first.');
  }
}

export async function uiAuthenticationMode(ctx: Ctx): Promise<void> {
  const mode = ctx.keywords.has('none') ? 'none' : ctx.keywords.has('password') ? 'password' : 'scheme';
  const settings = await ctx.services.device.settings();
  if (kind(ctx) === 'vty') {
    // SSH logs in only through scheme VTYs: leaving scheme while SSH is accepted would lock everyone out.
    if (mode !== 'scheme' && (await settings.get('ui.vty.protocol-inbound')) !== 'telnet') throw new CommandError(SSH_NEEDS_SCHEME);
    await settings.set('ui.vty.authentication-mode', mode);
  } else {
    await settings.set('ui.aux.authentication-mode', mode);
  }
}

export async function uiProtocolInbound(ctx: Ctx): Promise<void> {
  const protocol = ctx.undo ? 'all' : ctx.keywords.has('ssh') ? 'ssh' : ctx.keywords.has('telnet') ? 'telnet' : 'all';
  const settings = await ctx.services.device.settings();
  if (protocol !== 'telnet' && (await settings.get('ui.vty.authentication-mode')) !== 'scheme') throw new CommandError(SSH_NEEDS_SCHEME);
  await settings.set('ui.vty.protocol-inbound', protocol);
}

/** Stored in seconds, as the daemon's idle timer counts. */
export async function uiIdleTimeout(ctx: Ctx): Promise<void> {
  const k = kind(ctx);
  const seconds = ctx.undo ? SETTING_DEFAULTS[`ui.${k}.idle-timeout`] : Number(ctx.args.min) * 60 + Number(ctx.args.sec ?? 0);
  await (await ctx.services.device.settings()).set(`ui.${k}.idle-timeout`, seconds);
}

export async function uiScreenLength(ctx: Ctx): Promise<void> {
  const k = kind(ctx);
  const n = ctx.undo ? SETTING_DEFAULTS[`ui.${k}.screen-length`] : Number(ctx.args.n);
  await (await ctx.services.device.settings()).set(`ui.${k}.screen-length`, n);
}

export async function uiHistorySize(ctx: Ctx): Promise<void> {
  const k = kind(ctx);
  const n = ctx.undo ? SETTING_DEFAULTS[`ui.${k}.history-size`] : Number(ctx.args.n);
  await (await ctx.services.device.settings()).set(`ui.${k}.history-size`, n);
}

export async function uiPrivilegeLevel(ctx: Ctx): Promise<void> {
  const k = kind(ctx);
  const n = ctx.undo ? SETTING_DEFAULTS[`ui.${k}.privilege-level`] : Number(ctx.args.lvl);
  await (await ctx.services.device.settings()).set(`ui.${k}.privilege-level`, n);
}
