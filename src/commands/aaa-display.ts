// `display domain`, `display radius scheme`, `display radius statistics`, `reset radius statistics`.
import { CommandError } from '../cli';
import { displayDomainText, displayRadiusSchemeText, displayRadiusStatisticsText } from '../device/aaa-render';
import type { Ctx } from './services';

export async function displayDomain(ctx: Ctx): Promise<void> {
  const aaa = await ctx.services.device.aaa();
  let domains = await aaa.domains();
  if (typeof ctx.args.dname === 'string') {
    const d = await aaa.domain(ctx.args.dname);
    if (!d) throw new CommandError('% The ISP domain does not exist.');
    domains = [d];
  }
  ctx.io.print(displayDomainText(domains, await aaa.defaultDomain()).join('\n'));
}

export async function displayRadiusScheme(ctx: Ctx): Promise<void> {
  const aaa = await ctx.services.device.aaa();
  const all = await aaa.schemes();
  const wanted = typeof ctx.args.rname === 'string' ? ctx.args.rname.toLowerCase() : undefined;
  const picked = all.map((scheme, i) => ({ scheme, index: i })).filter((e) => wanted === undefined || e.scheme.name.toLowerCase() === wanted);
  if (!picked.length) throw new CommandError('% The RADIUS scheme does not exist.');
  const entries = [];
  for (const e of picked) entries.push({ ...e, blocked: new Set((await aaa.blockedServers(e.scheme.name)).keys()) });
  ctx.io.print(displayRadiusSchemeText(entries).join('\n'));
}

export async function displayRadiusStatistics(ctx: Ctx): Promise<void> {
  const aaa = await ctx.services.device.aaa();
  const stats = await aaa.statistics();
  const rows = (await aaa.schemes()).map((s) => ({ scheme: s.name, counters: stats.get(s.name.toLowerCase()) }));
  ctx.io.print(displayRadiusStatisticsText(rows).join('\n'));
}

export async function resetRadiusStatistics(ctx: Ctx): Promise<void> {
  await (await ctx.services.device.aaa()).resetStatistics();
}
