// Basic ACLs (2000–2999) that filter management logins by source address, as on Comware:
// `acl number N [match-order {auto|config}]`, `rule [ID] {permit|deny} [source {IP WILDCARD|any}]`,
// applied with `acl N inbound` in `user-interface vty 0 4`. The ACLs are part of the configuration
// (kept as one setting); the daemon judges each connection at accept, before any SSH byte.
import * as net from 'node:net';
import type { SettingsService } from './services';

export const ACL_MIN = 2000;
export const ACL_MAX = 2999;
/** Comware's default rule numbering step. */
export const ACL_STEP = 5;
export const MAX_RULE_ID = 65534;

export type MatchOrder = 'config' | 'auto';

export interface AclRule {
  id: number;
  action: 'permit' | 'deny';
  /** Absent: any source. */
  source?: { ip: string; wildcard: string };
}

export interface Acl {
  number: number;
  matchOrder: MatchOrder;
  rules: AclRule[];
}

export class AclError extends Error {}

const toInt = (ip: string) => ip.split('.').reduce((n, o) => ((n << 8) | Number(o)) >>> 0, 0);

/** `0` is Comware's shorthand for the host wildcard 0.0.0.0. */
export function parseWildcard(w: string): string | undefined {
  if (w === '0') return '0.0.0.0';
  return net.isIPv4(w) ? w : undefined;
}

function matches(rule: AclRule, address: string): boolean {
  if (!rule.source) return true;
  if (!net.isIPv4(address)) return false;
  const care = ~toInt(rule.source.wildcard) >>> 0;
  return ((toInt(address) ^ toInt(rule.source.ip)) & care) === 0;
}

/** Wildcard bits of a rule: fewer is more specific (depth-first order for match-order auto). */
function breadth(rule: AclRule): number {
  if (!rule.source) return 33;
  let w = toInt(rule.source.wildcard);
  let bits = 0;
  for (; w; w >>>= 1) bits += w & 1;
  return bits;
}

/** The rules in the order they are tried. */
export function ruleOrder(acl: Acl): AclRule[] {
  const byId = [...acl.rules].sort((a, b) => a.id - b.id);
  return acl.matchOrder === 'auto' ? byId.sort((a, b) => breadth(a) - breadth(b)) : byId;
}

export type AclVerdict = { permit: true; rule?: AclRule } | { permit: false; rule?: AclRule };

/**
 * The device's answer for a login from address under the ACL applied to the vtys. No ACL applied,
 * or one that does not exist or has no rule: no restriction. Otherwise the first matching rule
 * decides, and an address that matches no rule is denied.
 */
export function judge(acl: Acl | undefined, address: string): AclVerdict {
  if (!acl || acl.rules.length === 0) return { permit: true };
  for (const rule of ruleOrder(acl)) if (matches(rule, address)) return { permit: rule.action === 'permit', rule };
  return { permit: false };
}

function sameContent(a: AclRule, b: AclRule): boolean {
  return a.action === b.action && a.source?.ip === b.source?.ip && a.source?.wildcard === b.source?.wildcard;
}

/** The IP with the wildcard's bits cleared, as the device stores it. */
function normalise(source: AclRule['source']): AclRule['source'] {
  if (!source) return undefined;
  return { ip: intToIp(toInt(source.ip) & (~toInt(source.wildcard) >>> 0)), wildcard: source.wildcard };
}

const intToIp = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');

/** `rule …` in an ACL: a new rule, or (with an existing ID) a changed one. Returns the new ACL. */
export function withRule(acl: Acl, rule: Omit<AclRule, 'id'> & { id?: number }): Acl {
  const r: AclRule = { id: rule.id ?? nextId(acl), action: rule.action, source: normalise(rule.source) };
  if (r.id > MAX_RULE_ID) throw new AclError('% The rule ID is out of range.');
  const others = acl.rules.filter((x) => x.id !== r.id);
  if (others.some((x) => sameContent(x, r))) throw new AclError('% The rule already exists.');
  return { ...acl, rules: [...others, r].sort((a, b) => a.id - b.id) };
}

function nextId(acl: Acl): number {
  if (!acl.rules.length) return 0;
  const max = Math.max(...acl.rules.map((r) => r.id));
  return (Math.floor(max / ACL_STEP) + 1) * ACL_STEP;
}

export function ruleText(r: AclRule): string {
  const src = r.source ? ` source ${r.source.ip} ${r.source.wildcard === '0.0.0.0' ? '0' : r.source.wildcard}` : '';
  return `rule ${r.id} ${r.action}${src}`;
}

/** One ACL's configuration block (`display current-configuration`, `save`). */
export function aclBlock(a: Acl): string[] {
  return [`acl number ${a.number}${a.matchOrder === 'auto' ? ' match-order auto' : ''}`, ...a.rules.map((r) => ` ${ruleText(r)}`)];
}

export function parseStored(text: string): Acl[] {
  if (!text) return [];
  const raw = JSON.parse(text) as Acl[];
  return raw.sort((a, b) => a.number - b.number);
}

/** The ACLs and the vty binding, over the settings store. */
export class Acls {
  constructor(private settings: SettingsService) {}

  async list(): Promise<Acl[]> {
    return parseStored(await this.settings.get('acl.basic'));
  }

  async get(number: number): Promise<Acl | undefined> {
    return (await this.list()).find((a) => a.number === number);
  }

  /** Replaces (or adds) one ACL. */
  async put(acl: Acl): Promise<void> {
    const all = (await this.list()).filter((a) => a.number !== acl.number);
    await this.save([...all, acl]);
  }

  /** `undo acl number N` (true when it existed) or, without a number, `undo acl all`. */
  async remove(number?: number): Promise<boolean> {
    const all = await this.list();
    const left = number === undefined ? [] : all.filter((a) => a.number !== number);
    await this.save(left);
    return left.length !== all.length;
  }

  private save(acls: Acl[]): Promise<void> {
    return this.settings.set('acl.basic', acls.length ? JSON.stringify(acls.sort((a, b) => a.number - b.number)) : '');
  }

  /** `acl N inbound` on the vtys; 0 = none. */
  async inbound(): Promise<number> {
    return this.settings.get('ui.vty.acl-inbound');
  }

  setInbound(number: number): Promise<void> {
    return this.settings.set('ui.vty.acl-inbound', number);
  }

  /** What a login from address meets now: the applied ACL's verdict. */
  async judge(address: string): Promise<AclVerdict & { acl?: number }> {
    const n = await this.inbound();
    if (!n) return { permit: true };
    return { ...judge(await this.get(n), address), acl: n };
  }
}
