// Passwords of local users (§7): set in the local-user view (`password simple|hash`, or asked twice
// without echo), or changed by the users themselves from user view. Plain text is hashed at once.
import { CommandError } from '../cli';
import type { Lines, LocalUser } from '../config';
import { viewUser } from './local-user';
import type { Ctx } from './services';

export async function luserPasswordSimple(ctx: Ctx): Promise<void> {
  await (await ctx.services.device.accounts()).setPassword(viewUser(ctx), String(ctx.args.pw));
}

export async function luserPasswordHash(ctx: Ctx): Promise<void> {
  await (await ctx.services.device.accounts()).setPasswordHash(viewUser(ctx), String(ctx.args.hash));
}

/** However the password was set, the configuration keeps only its hash. */
export const luserPasswordLines: Lines<LocalUser> = (u) => (u.passwordHash ? [` password hash ${u.passwordHash}`] : []);

/** `password` alone: typed twice, never echoed. */
export async function luserPasswordAsk(ctx: Ctx): Promise<void> {
  const first = await ctx.io.ask('Password:', { echo: false });
  const again = await ctx.io.ask('Confirm  :', { echo: false });
  if (first !== again) throw new CommandError('% The two passwords do not match; the password is unchanged.');
  await (await ctx.services.device.accounts()).setPassword(viewUser(ctx), first);
}

/** `password` in user view: the logged-in user's own password (old one required). */
export async function ownPassword(ctx: Ctx): Promise<void> {
  const user = ctx.session.userName;
  if (!user) throw new CommandError('% No local user is logged in on this user interface.');
  const oldPassword = await ctx.io.ask('Old password:', { echo: false });
  const newPassword = await ctx.io.ask('New password:', { echo: false });
  const confirm = await ctx.io.ask('Confirm:', { echo: false });
  if (newPassword !== confirm) throw new CommandError('% The two passwords do not match; the password is unchanged.');
  const res = await (await ctx.services.device.accounts()).changePassword(user, oldPassword, newPassword);
  if (!res.ok) {
    // Wrong old password and unknown user read alike.
    throw new CommandError(res.reason === 'not-found' || res.reason === 'wrong-password' ? '% The old password is wrong; the password is unchanged.' : `% ${res.message.charAt(0).toUpperCase()}${res.message.slice(1)}; the password is unchanged.`);
  }
  ctx.io.print('The password has been changed.');
}
