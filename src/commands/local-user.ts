// `local-user NAME` (§7): creates when absent and enters the view; `undo local-user NAME`; the
// attribute commands of the local-user view.
import { CommandError } from '../cli';
import type { Lines, LocalUser } from '../config';
import type { Ctx } from './services';

/** The user the local-user view was entered for. */
export function viewUser(ctx: Ctx): string {
  return ctx.view.vars.name;
}

export async function localUser(ctx: Ctx): Promise<void> {
  const { created } = await (await ctx.services.device.userAdmin()).ensure(String(ctx.args.name));
  if (created) ctx.io.print('New local user added.');
}

export const localUserLines: Lines<LocalUser> = (u) => [`local-user ${u.name}`];

/** The account changed: the daemon applies it to the user's live sessions (ends them, or re-levels them). */
async function followAccount(ctx: Ctx, name: string): Promise<void> {
  if (ctx.services.sessions?.connected) await ctx.services.sessions.accountChanged(name);
}

export async function undoLocalUser(ctx: Ctx): Promise<void> {
  const name = String(ctx.args.name);
  if (!(await (await ctx.services.device.userAdmin()).remove(name))) {
    throw new CommandError(`% The local user ${name} does not exist.`);
  }
  await followAccount(ctx, name);
}

const SERVICE_WORDS = ['ssh', 'terminal', 'telnet', 'ftp'] as const;

/** `service-type ssh terminal [level N]` adds types (V3 `level` alias); undo removes the named ones. */
export async function serviceType(ctx: Ctx): Promise<void> {
  const admin = await ctx.services.device.userAdmin();
  const types = SERVICE_WORDS.filter((t) => ctx.keywords.has(t));
  if (ctx.undo) {
    await admin.removeServiceTypes(viewUser(ctx), types);
    await followAccount(ctx, viewUser(ctx));
    return;
  }
  await admin.addServiceTypes(viewUser(ctx), types);
  if (typeof ctx.args.lvl === 'number') {
    await admin.setLevel(viewUser(ctx), ctx.args.lvl);
    await followAccount(ctx, viewUser(ctx));
  }
}

export const serviceTypeLines: Lines<LocalUser> = (u) => (u.serviceTypes.length ? [` service-type ${u.serviceTypes.join(' ')}`] : []);

/** `authorization-attribute level N`, its V3 alias `level N`; undo → level 0. */
export async function authorizationLevel(ctx: Ctx): Promise<void> {
  const level = ctx.undo ? 0 : Number(ctx.args.lvl);
  await (await ctx.services.device.userAdmin()).setLevel(viewUser(ctx), level);
  await followAccount(ctx, viewUser(ctx));
}

export const authorizationLevelLines: Lines<LocalUser> = (u) => (u.level !== 0 ? [` authorization-attribute level ${u.level}`] : []);

export async function userState(ctx: Ctx): Promise<void> {
  const state = ctx.keywords.has('block') ? 'block' : 'active';
  await (await ctx.services.device.userAdmin()).setState(viewUser(ctx), state);
  await followAccount(ctx, viewUser(ctx));
}

export const userStateLines: Lines<LocalUser> = (u) => (u.state !== 'active' ? [` state ${u.state}`] : []);
