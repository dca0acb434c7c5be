// The daemon's side of the vtys' ACL: which ACL applies (from the daemon's cached settings) and how
// often each rule matched (`display acl` asks over the control socket; counts live in memory, as on
// the device, and start from zero when the daemon does).
import { Acl, parseStored } from '../device/acl';

/** The ACL `acl N inbound` names (parsed once per change: the transport cache keeps it); undefined when none applies. */
export function appliedAcl(stored: string, inbound: number): Acl | undefined {
  if (!inbound) return undefined;
  // Applied but not defined: it restricts nothing (judge treats a missing ACL as no ACL).
  return parseStored(stored).find((a) => a.number === inbound) ?? { number: inbound, matchOrder: 'config', rules: [] };
}

export class AclCounts {
  private counts = new Map<string, number>();

  /** One connection judged by ACL `number`; rule undefined: it matched no rule. */
  count(number: number, rule: number | undefined): void {
    if (rule === undefined) return;
    const key = `${number}:${rule}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** `ACL:RULE` → times matched. */
  all(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}
