// `super [LEVEL]` (§4). Switching down is free; switching up asks for the super password of the
// target level, checked by the host's hook. Without a password: the console switches, VTYs cannot.
import { CommandError } from '../cli';
import type { Ctx } from './services';

const TRIES = 3;

export function levelNotice(level: number): string {
  return [
    `User privilege level is ${level}, and only those commands can be used `,
    'whose level is equal or less than this.',
    'Privilege note: 0-VISIT, 1-MONITOR, 2-SYSTEM, 3-MANAGE',
  ].join('\n');
}

function isConsole(ui: string): boolean {
  return /^(aux|console)\b/.test(ui);
}

/**
 * password-control super aging: an expired super password is replaced before the level changes, as an
 * expired login password is at login; the new one must pass the super password policy.
 */
async function renewIfExpired(ctx: Ctx, level: number): Promise<void> {
  const supers = ctx.services.device.superPasswords;
  if (!(await supers.expired(level))) return;
  ctx.io.print('The super password has expired. For security reasons, you need to change it.');
  const next = await ctx.io.ask(' New password:', { echo: false });
  if (next !== (await ctx.io.ask(' Confirm:', { echo: false }))) {
    throw new CommandError('% The two passwords do not match; the privilege level is unchanged.');
  }
  try {
    await supers.set(level, next);
  } catch (err) {
    if (err instanceof Error && err.name === 'UserStoreError') throw new CommandError(`% ${sentence(err.message)}; the privilege level is unchanged.`);
    throw err;
  }
}

/** `the password must …` → `The password must …` */
function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

export async function superLevel(ctx: Ctx): Promise<void> {
  const target = typeof ctx.args.level === 'number' ? ctx.args.level : 3;
  if (target > ctx.session.level) {
    const check = ctx.services.superPassword;
    const isSet = check ? await check.isSet(target) : false;
    if (!isSet) {
      if (!isConsole(ctx.session.userInterface)) throw new CommandError('% Password is not set.');
    } else {
      ctx.io.print('Please input the password to change the privilege level, press CTRL_C to abort.');
      let ok = false;
      for (let i = 0; i < TRIES && !ok; i++) {
        ok = await check!.verify(target, await ctx.io.ask(' Password:', { echo: false }));
      }
      if (!ok) throw new CommandError('% Password is not correct.');
      await renewIfExpired(ctx, target);
    }
  }
  ctx.session.setLevel(target);
  ctx.io.print(levelNotice(target));
}
