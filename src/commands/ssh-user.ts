// `ssh user NAME …` (§8): authentication type, service type and assigned peer keys of one SSH user.
import { CommandError } from '../cli';
import type { Lines } from '../config';
import type { Ctx } from './services';

const AUTH_WORDS: Record<string, 'password' | 'publickey' | 'password-publickey' | 'all'> = {
  password: 'password',
  publickey: 'publickey',
  rsa: 'publickey',
  'password-publickey': 'password-publickey',
  all: 'all',
  any: 'all',
};

export async function sshUserAuthType(ctx: Ctx): Promise<void> {
  const word = Object.keys(AUTH_WORDS).find((w) => ctx.keywords.has(w));
  await (await ctx.services.device.sshUsers()).setAuthType(String(ctx.args.name), ctx.undo || !word ? null : AUTH_WORDS[word]);
}

/** Keys add up (V7 allows several per user); undo without a key removes them all. */
export async function sshUserAssignKey(ctx: Ctx): Promise<void> {
  const ssh = await ctx.services.device.sshUsers();
  const name = String(ctx.args.name);
  const key = ctx.args.key === undefined ? undefined : String(ctx.args.key);
  if (!ctx.undo) {
    await ssh.assignKey(name, key!);
    return;
  }
  if ((await ssh.unassignKey(name, key)) === 0 && key !== undefined) {
    throw new CommandError(`% Public key ${key} is not assigned to ${name}.`);
  }
}

export async function sshUserServiceType(ctx: Ctx): Promise<void> {
  const type = (['stelnet', 'sftp', 'scp', 'all'] as const).find((t) => ctx.keywords.has(t)) ?? 'stelnet';
  await (await ctx.services.device.sshUsers()).setServiceType(String(ctx.args.name), ctx.undo ? 'stelnet' : type);
}

export async function undoSshUser(ctx: Ctx): Promise<void> {
  const name = String(ctx.args.name);
  if (!(await (await ctx.services.device.sshUsers()).delete(name))) throw new CommandError(`% SSH user ${name} does not exist.`);
}

/** User by user: authentication type, service type, then the assigned keys. */
export const sshUserLines: Lines<void> = (_, { sshUsers }) =>
  sshUsers.flatMap((u) => [
    ...(u.authType ? [` ssh user ${u.name} authentication-type ${u.authType}`] : []),
    ...(u.serviceType !== 'stelnet' ? [` ssh user ${u.name} service-type ${u.serviceType}`] : []),
    ...u.keys.map((k) => ` ssh user ${u.name} assign publickey ${k}`),
  ]);
