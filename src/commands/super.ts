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
    }
  }
  ctx.session.setLevel(target);
  ctx.io.print(levelNotice(target));
}
