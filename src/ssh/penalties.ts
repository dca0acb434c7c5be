// Per-source penalties, after OpenSSH's PerSourcePenalties: a source that wastes the daemon's slots
// (stalls, garbage, repeated failures) is refused at accept for a while, which costs the daemon one
// accept and one close. Penalties add up per address and, at a quarter weight, per /24 (IPv4) or /64
// (IPv6), so an attacker gains nothing by spreading over the addresses of one network.
import * as net from 'node:net';

export type PenaltyEvent = 'grace' | 'kex-deadline' | 'garbage' | 'evicted' | 'authfail';

/** Seconds each event adds (OpenSSH: grace-exceeded 20, authfail 5, noauth 1). */
export const PENALTY_SECONDS: Record<PenaltyEvent, number> = {
  grace: 20,
  'kex-deadline': 10,
  garbage: 10,
  evicted: 5,
  authfail: 1,
};

/** A source is refused only once it has earned this much (a stray failure costs nothing)... */
export const PENALTY_MIN_SECONDS = 15;
/** ...and for at most this long after its last offence. */
export const PENALTY_MAX_SECONDS = 600;
/** A network's share of each penalty of one of its addresses. */
const PREFIX_WEIGHT = 0.25;
/** Bounds memory: a flood from many addresses cannot grow the table without limit. */
export const MAX_PENALTY_ENTRIES = 4096;

interface Entry {
  until: number;
  /** Reached PENALTY_MIN_SECONDS: refused until `until`. */
  active: boolean;
}

/** `a.b.c.0/24` for IPv4, the first four groups `/64` for IPv6. */
export function sourcePrefix(address: string): string {
  if (net.isIPv4(address)) return address.split('.').slice(0, 3).join('.') + '.0/24';
  if (!net.isIPv6(address)) return address;
  const [head, tail = ''] = address.split('::');
  const h = head ? head.split(':') : [];
  const t = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return groups.slice(0, 4).map((g) => (parseInt(g, 16) || 0).toString(16)).join(':') + '::/64';
}

export interface PenaltyView {
  source: string;
  seconds: number;
}

export class SourcePenalties {
  private entries = new Map<string, Entry>();

  constructor(private now: () => number = Date.now) {}

  /** Adds an event's penalty to the address and, weighted, to its network. */
  add(address: string, event: PenaltyEvent): void {
    const seconds = PENALTY_SECONDS[event];
    this.bump(address, seconds);
    this.bump(sourcePrefix(address), seconds * PREFIX_WEIGHT);
  }

  private bump(key: string, seconds: number): void {
    const now = this.now();
    const e = this.entries.get(key) ?? { until: 0, active: false };
    if (e.until <= now) e.active = false;
    e.until = Math.min(Math.max(e.until, now) + seconds * 1000, now + PENALTY_MAX_SECONDS * 1000);
    if (e.until - now >= PENALTY_MIN_SECONDS * 1000) e.active = true;
    this.entries.delete(key); // re-insert: the map's order is the order of last offence
    this.entries.set(key, e);
    if (this.entries.size > MAX_PENALTY_ENTRIES) this.prune();
  }

  /**
   * The penalty that refuses this address now, if any. An address that logged in recently is judged
   * by its own record only: an attacker next door must not shut out a known administrator.
   */
  blocked(address: string, known: boolean): PenaltyView | undefined {
    const keys = known ? [address] : [address, sourcePrefix(address)];
    const now = this.now();
    for (const key of keys) {
      const e = this.entries.get(key);
      if (e?.active && e.until > now) return { source: key, seconds: Math.ceil((e.until - now) / 1000) };
    }
    return undefined;
  }

  /** Sources refused now, longest penalty first. */
  active(): PenaltyView[] {
    const now = this.now();
    return [...this.entries]
      .filter(([, e]) => e.active && e.until > now)
      .map(([source, e]) => ({ source, seconds: Math.ceil((e.until - now) / 1000) }))
      .sort((a, b) => b.seconds - a.seconds);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Expired entries first; then the least recent offenders (the map keeps the order of last offence). */
  private prune(): void {
    const now = this.now();
    for (const [k, e] of this.entries) if (e.until <= now) this.entries.delete(k);
    for (const k of this.entries.keys()) {
      if (this.entries.size <= MAX_PENALTY_ENTRIES) break;
      this.entries.delete(k);
    }
  }
}
