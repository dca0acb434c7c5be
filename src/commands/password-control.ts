// password-control (§10): the lockout policy, its displays and the blacklist reset.
import { CommandError } from '../cli';
import { changed, Lines } from '../config';
import { SETTING_DEFAULTS } from '../device/settings';
import { ALERT_BEFORE_EXPIRE_DAYS } from '../device/password-policy';
import type { Ctx } from './services';

type Exceed = 'lock' | 'lock-time' | 'unlock';

/** Changing the policy re-evaluates existing blacklist entries in the same transaction. */
export async function passwordControlLoginAttempt(ctx: Ctx): Promise<void> {
  const policy = await ctx.services.device.lockPolicy();
  policy.attempts = ctx.undo ? SETTING_DEFAULTS['password-control.login-attempt'] : Number(ctx.args.n);
  policy.exceed = SETTING_DEFAULTS['password-control.exceed'] as Exceed;
  policy.lockMinutes = SETTING_DEFAULTS['password-control.lock-time'];
  if (!ctx.undo && ctx.keywords.has('exceed')) {
    policy.exceed = ctx.keywords.has('lock-time') ? 'lock-time' : ctx.keywords.has('unlock') ? 'unlock' : 'lock';
    if (policy.exceed === 'lock-time') policy.lockMinutes = Number(ctx.args.min);
  }
  await ctx.services.device.setLockPolicy(policy);
}

export async function passwordControlEnable(ctx: Ctx): Promise<void> {
  const policy = await ctx.services.device.lockPolicy();
  await ctx.services.device.setLockPolicy({ ...policy, enabled: !ctx.undo });
}

export const passwordControlEnableLines: Lines<void> = (_, { settings: s }) =>
  changed(s, 'password-control.enable') ? [' undo password-control enable'] : [];

/** One line for the three settings the command sets together. */
export const passwordControlLoginAttemptLines: Lines<void> = (_, { settings: s }) => {
  if (!changed(s, 'password-control.login-attempt') && !changed(s, 'password-control.exceed') && !changed(s, 'password-control.lock-time')) return [];
  const exceed = s['password-control.exceed'] === 'lock-time' ? `lock-time ${s['password-control.lock-time']}` : s['password-control.exceed'];
  return [` password-control login-attempt ${s['password-control.login-attempt']} exceed ${exceed}`];
};

function actionText(exceed: string, minutes: number): string {
  if (exceed === 'lock') return 'Lock';
  if (exceed === 'unlock') return 'Unlock';
  return `Lock user for ${minutes} minutes`;
}

const onOff = (on: boolean, detail: string) => (on ? `Enabled (${detail})` : 'Disabled');

/**
 * The V7 layout. The rows of features without a command here show what the device does: no minimum
 * interval between updates, no idle-account expiry, no login with an aged password (it must be changed
 * at that login), no complexity checks, and the early notice a fixed number of days before expiry.
 */
export async function displayPasswordControl(ctx: Ctx): Promise<void> {
  const device = ctx.services.device;
  const p = await device.lockPolicy();
  const s = await (await device.settings()).all();
  const row = (label: string, value: string) => ` ${label.padEnd(38)}${value}`;
  const types = s['password-control.composition.type-number'];
  const perType = s['password-control.composition.type-length'];
  ctx.io.print(
    [
      ' Global password control configurations:',
      row('Password control:', p.enabled ? 'Enabled' : 'Disabled'),
      row('Password aging:', onOff(s['password-control.aging.enable'], `${s['password-control.aging']} days`)),
      row('Password length:', onOff(s['password-control.length.enable'], `${s['password-control.length']} characters`)),
      row('Password composition:', onOff(s['password-control.composition.enable'], `${types} types, ${perType} characters per type`)),
      row('Password history:', onOff(s['password-control.history.enable'], `max history records:${s['password-control.history']}`)),
      row('Early notice on password expiration:', `${ALERT_BEFORE_EXPIRE_DAYS} days`),
      row('Maximum login attempts:', String(p.attempts)),
      row('Action for exceeding login attempts:', actionText(p.exceed, p.lockMinutes)),
      row('Minimum interval between two updates:', '0 hours'),
      row('User account idle time:', '0 days'),
      row('Logins with aged password:', '0 times in 30 days'),
      row('Password complexity:', 'Disabled (username checking)'),
      row('', 'Disabled (repeated characters checking)'),
    ].join('\n'),
  );
}

export async function displayPasswordControlBlacklist(ctx: Ctx): Promise<void> {
  const filter = ctx.args.name === undefined ? {} : { user: String(ctx.args.name) };
  const entries = await (await ctx.services.device.blacklist()).list(filter);
  const out = [` Blacklist items matched: ${entries.length}.`];
  let last: string | undefined;
  for (const e of entries) {
    if (e.user !== last) out.push(` Username: ${e.user}`);
    last = e.user;
    out.push(`    IP: ${e.address.padEnd(16)}Login failures: ${String(e.failures).padEnd(7)}Lock flag: ${e.locked ? 'lock' : 'unlock'}`);
  }
  ctx.io.print(out.join('\n'));
}

export async function resetPasswordControlBlacklist(ctx: Ctx): Promise<void> {
  const user = ctx.args.name === undefined ? undefined : String(ctx.args.name);
  const question = user ? 'Are you sure to delete the specified user in blacklist?' : 'Are you sure to delete all the users in blacklist?';
  if (!(await ctx.io.confirm(question))) return;
  const n = await (await ctx.services.device.blacklist()).reset(user === undefined ? {} : { user });
  if (user !== undefined && n === 0) throw new CommandError(`% The user ${user} is not in the blacklist.`);
}
