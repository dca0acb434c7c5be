// RADIUS schemes (comware-aaa-files.md §2.1): `radius scheme NAME` creates and enters; the scheme
// view's servers, keys, timers and formats.
import { isIPv4 } from 'node:net';
import { CommandError } from '../cli';
import type { Lines } from '../config';
import { DEFAULT_PORT, newScheme, RadiusScheme, ServerRole } from '../device/aaa-types';
import type { Ctx } from './services';

const MAX_SIMPLE_KEY = 64;

const viewScheme = (ctx: Ctx): string => ctx.view.vars.name;

async function change(ctx: Ctx, fn: (s: RadiusScheme) => void): Promise<void> {
  await (await ctx.services.device.aaa()).updateScheme(viewScheme(ctx), fn);
}

function ipArg(ctx: Ctx): string {
  const ip = String(ctx.args.ip);
  if (!isIPv4(ip)) throw new CommandError('% Invalid IP address.');
  return ip;
}

export async function radiusScheme(ctx: Ctx): Promise<void> {
  await (await ctx.services.device.aaa()).ensureScheme(String(ctx.args.name));
}

export async function undoRadiusScheme(ctx: Ctx): Promise<void> {
  await (await ctx.services.device.aaa()).removeScheme(String(ctx.args.name));
}

function server(ctx: Ctx, rank: 'primary' | 'secondary'): Promise<void> {
  const kind = ctx.keywords.has('accounting') ? 'acct' : 'auth';
  const role = `${rank}-${kind}` as ServerRole;
  const entry = ctx.undo ? undefined : { ip: ipArg(ctx), port: typeof ctx.args.port === 'number' ? ctx.args.port : DEFAULT_PORT[kind] };
  return change(ctx, (s) => {
    if (entry) s.servers[role] = entry;
    else delete s.servers[role];
  });
}

export const radiusPrimary = (ctx: Ctx) => server(ctx, 'primary');
export const radiusSecondary = (ctx: Ctx) => server(ctx, 'secondary');

export async function radiusKey(ctx: Ctx): Promise<void> {
  const which = ctx.keywords.has('accounting') ? 'accounting' : 'authentication';
  const aaa = await ctx.services.device.aaa();
  if (ctx.undo) return aaa.setKey(viewScheme(ctx), which, undefined);
  const text = String(ctx.args.pw);
  if (ctx.keywords.has('cipher')) return aaa.setKey(viewScheme(ctx), which, { cipher: text });
  if (text.length > MAX_SIMPLE_KEY) throw new CommandError(`% The key must be 1 to ${MAX_SIMPLE_KEY} characters.`);
  return aaa.setKey(viewScheme(ctx), which, { simple: text });
}

export function radiusUserNameFormat(ctx: Ctx): Promise<void> {
  const format = ctx.undo ? newScheme('').userNameFormat : ctx.keywords.has('keep-original') ? 'keep-original' : ctx.keywords.has('without-domain') ? 'without-domain' : 'with-domain';
  return change(ctx, (s) => {
    s.userNameFormat = format;
  });
}

export function radiusTimer(ctx: Ctx): Promise<void> {
  const d = newScheme('');
  return change(ctx, (s) => {
    if (ctx.keywords.has('quiet')) s.quietMinutes = ctx.undo ? d.quietMinutes : Number(ctx.args.n);
    else s.responseTimeout = ctx.undo ? d.responseTimeout : Number(ctx.args.n);
  });
}

export function radiusRetry(ctx: Ctx): Promise<void> {
  const n = ctx.undo ? newScheme('').retry : Number(ctx.args.n);
  return change(ctx, (s) => {
    s.retry = n;
  });
}

export function radiusNasIp(ctx: Ctx): Promise<void> {
  const ip = ctx.undo ? undefined : ipArg(ctx);
  return change(ctx, (s) => {
    if (ip) s.nasIp = ip;
    else delete s.nasIp;
  });
}

export function radiusServerType(ctx: Ctx): Promise<void> {
  const type = !ctx.undo && ctx.keywords.has('extended') ? 'extended' : 'standard';
  return change(ctx, (s) => {
    s.serverType = type;
  });
}

export function radiusMessageAuthenticator(ctx: Ctx): Promise<void> {
  return change(ctx, (s) => {
    s.requireMessageAuthenticator = !ctx.undo;
  });
}

// ---- configuration lines (V5 layout, comware-aaa-files.md §2.1): only what differs from the default ----

const DEFAULTS = newScheme('');

export const radiusSchemeLines: Lines<RadiusScheme> = (s) => [`radius scheme ${s.name}`];
export const radiusServerTypeLines: Lines<RadiusScheme> = (s) => (s.serverType !== DEFAULTS.serverType ? [` server-type ${s.serverType}`] : []);

function serverLines(rank: 'primary' | 'secondary'): Lines<RadiusScheme> {
  return (s) =>
    (['auth', 'acct'] as const).flatMap((kind) => {
      const srv = s.servers[`${rank}-${kind}`];
      if (!srv) return [];
      return [` ${rank} ${kind === 'auth' ? 'authentication' : 'accounting'} ${srv.ip}${srv.port === DEFAULT_PORT[kind] ? '' : ` ${srv.port}`}`];
    });
}

export const radiusPrimaryLines = serverLines('primary');
export const radiusSecondaryLines = serverLines('secondary');
/** Keys only ever as the device's cipher text. */
export const radiusKeyLines: Lines<RadiusScheme> = (s) =>
  (['authentication', 'accounting'] as const).flatMap((k) => (s.keys[k] ? [` key ${k} cipher ${s.keys[k]}`] : []));
export const radiusTimerLines: Lines<RadiusScheme> = (s) => [
  ...(s.responseTimeout !== DEFAULTS.responseTimeout ? [` timer response-timeout ${s.responseTimeout}`] : []),
  ...(s.quietMinutes !== DEFAULTS.quietMinutes ? [` timer quiet ${s.quietMinutes}`] : []),
];
export const radiusRetryLines: Lines<RadiusScheme> = (s) => (s.retry !== DEFAULTS.retry ? [` retry ${s.retry}`] : []);
export const radiusUserNameFormatLines: Lines<RadiusScheme> = (s) => (s.userNameFormat !== DEFAULTS.userNameFormat ? [` user-name-format ${s.userNameFormat}`] : []);
export const radiusNasIpLines: Lines<RadiusScheme> = (s) => (s.nasIp ? [` nas-ip ${s.nasIp}`] : []);
export const radiusMessageAuthenticatorLines: Lines<RadiusScheme> = (s) => (s.requireMessageAuthenticator ? [' message-authenticator required'] : []);
