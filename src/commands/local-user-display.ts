// `display local-user [user-name NAME]` in the V5 layout (§7).
import { CommandError } from '../cli';
import type { Ctx } from './services';

const field = (label: string, value: string): string => ` ${(label + ':').padEnd(26)}${value}`;

export async function displayLocalUser(ctx: Ctx): Promise<void> {
  const all = await (await ctx.services.device.users()).list();
  const wanted = ctx.args.name === undefined ? all : all.filter((u) => u.name === ctx.args.name);
  if (ctx.args.name !== undefined && wanted.length === 0) throw new CommandError(`% The local user ${String(ctx.args.name)} does not exist.`);
  const live = (await ctx.services.sessions?.users().catch(() => [])) ?? [];
  const out: string[] = [];
  for (const u of wanted) {
    const online = live.filter((s) => s.user === u.name).length;
    out.push(
      `The contents of local user ${u.name}:`,
      field('State', u.state === 'active' ? 'Active' : 'Block'),
      field('ServiceType', u.serviceTypes.length ? u.serviceTypes.join('/') : '-'),
      `${field('Access-limit', 'Disabled').padEnd(45)}Current AccessNum: ${online}`,
      field('User-group', 'system'),
      ' Bind attributes:',
      ' Authorization attributes:',
      `  ${'User Privilege:'.padEnd(25)}${u.level}`,
    );
  }
  out.push(`Total ${wanted.length} local user(s) matched.`);
  ctx.io.print(out.join('\n'));
}
