// Basic ACLs and `acl N inbound` on the vtys (issue 16): `acl number`, `rule`, `undo rule`,
// `undo acl`, `display acl`. A change that would shut out the address this session came from is
// confirmed first; like every ACL change it applies to new connections only.
import { CommandError } from '../cli';
import { Acl, aclBlock, ACL_STEP, AclError, judge, MatchOrder, parseWildcard, ruleOrder, ruleText, withRule } from '../device/acl';
import { changed, Lines } from '../config';
import type { Ctx } from './services';
import type { UiKind } from './user-interface';

function viewAcl(ctx: Ctx): number {
  return Number(ctx.view.vars.num);
}

/** This session's source address, from the daemon (none on the console). */
async function ownAddress(ctx: Ctx): Promise<string | undefined> {
  const sessions = ctx.services.sessions;
  if (!sessions?.connected) return undefined;
  return (await sessions.users()).find((s) => s.self && s.type === 'SSH')?.address;
}

/**
 * Runs change() unless it would deny the session's own address where it is permitted now, and the
 * user declines. before/after: the ACL applied to the vtys without and with the change.
 */
async function guarded(ctx: Ctx, before: Acl | undefined, after: Acl | undefined, change: () => Promise<void>): Promise<void> {
  const address = await ownAddress(ctx);
  if (address && judge(before, address).permit && !judge(after, address).permit) {
    ctx.io.print(`Warning: This change will deny new logins from your address ${address}; current logins are not affected.`);
    if (!(await ctx.io.confirm('Continue?'))) return;
  }
  await change();
}

/** The ACL the vtys apply now (undefined: none, or none defined under that number). */
async function applied(ctx: Ctx): Promise<{ number: number; acl: Acl | undefined }> {
  const acls = await ctx.services.device.acls();
  const number = await acls.inbound();
  return { number, acl: number ? await acls.get(number) : undefined };
}

export async function aclNumber(ctx: Ctx): Promise<void> {
  const acls = await ctx.services.device.acls();
  const number = Number(ctx.args.num);
  const order: MatchOrder | undefined = ctx.keywords.has('auto') ? 'auto' : ctx.keywords.has('config') ? 'config' : undefined;
  const acl = await acls.get(number);
  if (!acl) return acls.put({ number, matchOrder: order ?? 'config', rules: [] });
  if (order && order !== acl.matchOrder) {
    if (acl.rules.length) throw new CommandError('% The match order cannot be changed while the ACL has rules.');
    await acls.put({ ...acl, matchOrder: order });
  }
}

export async function undoAcl(ctx: Ctx): Promise<void> {
  const acls = await ctx.services.device.acls();
  const number = ctx.keywords.has('all') ? undefined : Number(ctx.args.num);
  if (number !== undefined && !(await acls.get(number))) throw new CommandError(`% The ACL ${number} does not exist.`);
  const now = await applied(ctx);
  const after = number === undefined || number === now.number ? undefined : now.acl;
  await guarded(ctx, now.acl, after, async () => void (await acls.remove(number)));
}

export async function aclRule(ctx: Ctx): Promise<void> {
  const acls = await ctx.services.device.acls();
  const number = viewAcl(ctx);
  const acl = (await acls.get(number)) ?? { number, matchOrder: 'config' as MatchOrder, rules: [] };
  let source: { ip: string; wildcard: string } | undefined;
  if (ctx.args.ip !== undefined) {
    const wildcard = parseWildcard(String(ctx.args.wildcard));
    if (!wildcard) throw new CommandError('% Wrong parameter found: the wildcard must be 0 or X.X.X.X.');
    source = { ip: String(ctx.args.ip), wildcard };
  }
  const id = ctx.args.id === undefined ? undefined : Number(ctx.args.id);
  if (id !== undefined && acl.matchOrder === 'auto' && acl.rules.some((r) => r.id === id)) {
    throw new CommandError('% The rules of an ACL in auto match order cannot be modified.');
  }
  let next: Acl;
  try {
    next = withRule(acl, { id, action: ctx.keywords.has('permit') ? 'permit' : 'deny', source });
  } catch (err) {
    if (err instanceof AclError) throw new CommandError(err.message);
    throw err;
  }
  const now = await applied(ctx);
  const isApplied = now.number === number;
  await guarded(ctx, isApplied ? now.acl : undefined, isApplied ? next : undefined, () => acls.put(next));
}

export async function undoAclRule(ctx: Ctx): Promise<void> {
  const acls = await ctx.services.device.acls();
  const number = viewAcl(ctx);
  const acl = await acls.get(number);
  const id = Number(ctx.args.id);
  if (!acl?.rules.some((r) => r.id === id)) throw new CommandError(`% The rule ${id} does not exist.`);
  const next = { ...acl, rules: acl.rules.filter((r) => r.id !== id) };
  const now = await applied(ctx);
  const isApplied = now.number === number;
  await guarded(ctx, isApplied ? now.acl : undefined, isApplied ? next : undefined, () => acls.put(next));
}

/** `acl N inbound` / `undo acl inbound` in `user-interface vty`. */
export async function uiAclInbound(ctx: Ctx): Promise<void> {
  const acls = await ctx.services.device.acls();
  const now = await applied(ctx);
  if (ctx.undo) return acls.setInbound(0);
  const number = Number(ctx.args.num);
  await guarded(ctx, now.acl, await acls.get(number), () => acls.setInbound(number));
}

function describe(acl: Acl, counts: Record<string, number>): string[] {
  const n = acl.rules.length;
  const order = acl.matchOrder === 'auto' ? ' match-order is auto,' : '';
  return [
    `Basic ACL  ${acl.number}, named -none-, ${n} rule${n === 1 ? '' : 's'},${order}`,
    `ACL's step is ${ACL_STEP}`,
    ...ruleOrder(acl).map((r) => {
      const times = counts[`${acl.number}:${r.id}`];
      return ` ${ruleText(r)}${times ? ` (${times} time${times === 1 ? '' : 's'} matched)` : ''}`;
    }),
  ];
}

export async function displayAcl(ctx: Ctx): Promise<void> {
  const all = await (await ctx.services.device.acls()).list();
  const wanted = ctx.keywords.has('all') ? all : all.filter((a) => a.number === Number(ctx.args.num));
  if (!wanted.length && !ctx.keywords.has('all')) throw new CommandError(`% The ACL ${Number(ctx.args.num)} does not exist.`);
  const counts = (await ctx.services.sessions?.aclCounts()) ?? {};
  ctx.io.print(wanted.map((a) => describe(a, counts).join('\n')).join('\n\n'));
}

/** `acl number N [match-order auto]`: the line that enters an ACL's block. */
export const aclNumberLines: Lines<Acl> = (a) => [aclBlock(a)[0]];

/** The ACL's rules, in rule-ID order. */
export const aclRuleLines: Lines<Acl> = (a) => aclBlock(a).slice(1);

/** The vtys' `acl N inbound`. */
export const uiAclInboundLines: Lines<UiKind> = (k, { settings: s }) =>
  k === 'vty' && changed(s, 'ui.vty.acl-inbound') ? [` acl ${s['ui.vty.acl-inbound']} inbound`] : [];
