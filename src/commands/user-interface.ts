// User-interface views (§6): `user-interface vty F [L]` / `aux 0` and their settings. All VTYs share
// ui.vty.*; the daemon reads the idle timeout per session, the CLI process screen-length and history
// size at login, so changes apply to the next login.
import { CommandError } from '../cli';
import { changed, Lines } from '../config';
import { SETTING_DEFAULTS } from '../device/settings';
import type { Ctx } from './services';

export const SSH_NEEDS_SCHEME = '% SSH protocol requires authentication mode scheme.';

export type UiKind = 'vty' | 'aux';

/** ui-vty → vty, ui-aux → aux. */
function kind(ctx: Ctx): UiKind {
  return ctx.view.name === 'ui-aux' ? 'aux' : 'vty';
}

export function userInterface(ctx: Ctx): void {
  if (typeof ctx.args.last === 'number' && ctx.args.last < Number(ctx.args.first)) {
    throw new CommandError('% The last user interface must not be lower than the first.');
  }
}

/** Both blocks are printed with all their user interfaces (vty 0 4), whichever was entered. */
export const userInterfaceLines: Lines<UiKind> = (k) => [k === 'aux' ? 'user-interface aux 0' : 'user-interface vty 0 4'];

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

export const uiAuthenticationModeLines: Lines<UiKind> = (k, { settings: s }) =>
  changed(s, `ui.${k}.authentication-mode`) ? [` authentication-mode ${s[`ui.${k}.authentication-mode`]}`] : [];

export async function uiProtocolInbound(ctx: Ctx): Promise<void> {
  const protocol = ctx.undo ? 'all' : ctx.keywords.has('ssh') ? 'ssh' : ctx.keywords.has('telnet') ? 'telnet' : 'all';
  const settings = await ctx.services.device.settings();
  if (protocol !== 'telnet' && (await settings.get('ui.vty.authentication-mode')) !== 'scheme') throw new CommandError(SSH_NEEDS_SCHEME);
  await settings.set('ui.vty.protocol-inbound', protocol);
}

/**
 * Printed before authentication-mode, unlike V5: a VTY leaves scheme only with `protocol inbound
 * telnet`, so the file loads back only in this order.
 */
export const uiProtocolInboundLines: Lines<UiKind> = (k, { settings: s }) =>
  k === 'vty' && changed(s, 'ui.vty.protocol-inbound') ? [` protocol inbound ${s['ui.vty.protocol-inbound']}`] : [];

/** Stored in seconds, as the daemon's idle timer counts. */
export async function uiIdleTimeout(ctx: Ctx): Promise<void> {
  const k = kind(ctx);
  const seconds = ctx.undo ? SETTING_DEFAULTS[`ui.${k}.idle-timeout`] : Number(ctx.args.min) * 60 + Number(ctx.args.sec ?? 0);
  await (await ctx.services.device.settings()).set(`ui.${k}.idle-timeout`, seconds);
}

/** `idle-timeout MIN [SEC]`, seconds only when there are any. */
export const uiIdleTimeoutLines: Lines<UiKind> = (k, { settings: s }) => {
  if (!changed(s, `ui.${k}.idle-timeout`)) return [];
  const seconds = s[`ui.${k}.idle-timeout`];
  const sec = seconds % 60;
  return [` idle-timeout ${Math.floor(seconds / 60)}${sec ? ` ${sec}` : ''}`];
};

export async function uiScreenLength(ctx: Ctx): Promise<void> {
  const k = kind(ctx);
  const n = ctx.undo ? SETTING_DEFAULTS[`ui.${k}.screen-length`] : Number(ctx.args.n);
  await (await ctx.services.device.settings()).set(`ui.${k}.screen-length`, n);
}

export const uiScreenLengthLines: Lines<UiKind> = (k, { settings: s }) =>
  changed(s, `ui.${k}.screen-length`) ? [` screen-length ${s[`ui.${k}.screen-length`]}`] : [];

export async function uiHistorySize(ctx: Ctx): Promise<void> {
  const k = kind(ctx);
  const n = ctx.undo ? SETTING_DEFAULTS[`ui.${k}.history-size`] : Number(ctx.args.n);
  await (await ctx.services.device.settings()).set(`ui.${k}.history-size`, n);
}

export const uiHistorySizeLines: Lines<UiKind> = (k, { settings: s }) =>
  changed(s, `ui.${k}.history-size`) ? [` history-command max-size ${s[`ui.${k}.history-size`]}`] : [];

export async function uiPrivilegeLevel(ctx: Ctx): Promise<void> {
  const k = kind(ctx);
  const n = ctx.undo ? SETTING_DEFAULTS[`ui.${k}.privilege-level`] : Number(ctx.args.lvl);
  await (await ctx.services.device.settings()).set(`ui.${k}.privilege-level`, n);
}

export const uiPrivilegeLevelLines: Lines<UiKind> = (k, { settings: s }) =>
  changed(s, `ui.${k}.privilege-level`) ? [` user privilege level ${s[`ui.${k}.privilege-level`]}`] : [];
