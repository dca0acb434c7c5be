// Admission of connections before authentication. OpenSSH's MaxStartups refuses the newcomer when the
// slots are full (randomly, from 10 to 100), so ten stalled sockets shut an administrator out for the
// whole login grace. Here a full pool makes room instead: the newcomer evicts the connection that has
// made no progress for the longest time (no key exchange done, no byte for a while); a source that
// keeps wasting slots is penalised (./penalties); and addresses that logged in recently have slots of
// their own, which nobody else can take.
import { SourcePenalties, PenaltyEvent, PenaltyView } from './penalties';

export interface AdmissionLimits {
  /** Slots anybody may use (OpenSSH MaxStartups 10). */
  slots: number;
  /** Extra slots only addresses that logged in recently may use. */
  reserved: number;
  /** Unauthenticated connections of one address at once. */
  perSource: number;
  /** A connection that sent a byte this recently is mid-handshake, never a victim. */
  quietMs: number;
}

export const DEFAULT_LIMITS: AdmissionLimits = { slots: 10, reserved: 4, perSource: 5, quietMs: 500 };

export type Refusal = 'penalised' | 'per-source' | 'full';

/** One admitted unauthenticated connection. */
export interface Slot {
  readonly address: string;
  readonly pool: 'general' | 'reserved';
  /** A byte came from the client. */
  touch(): void;
  /** Key exchange is done: the connection can no longer be evicted. */
  progressed(): void;
  /** Frees the slot (login, or close); safe to call twice. */
  release(): void;
}

interface Held {
  slot: Slot;
  lastActivity: number;
  progress: boolean;
  evict: () => void;
}

export interface AdmissionStats {
  general: number;
  reserved: number;
  limits: AdmissionLimits;
  refused: Record<Refusal, number>;
  evicted: number;
  penalised: PenaltyView[];
  knownSources: number;
}

/** Addresses that authenticated recently (kept across restarts by the caller). */
export interface KnownSourceSet {
  has(address: string): boolean;
  readonly size: number;
}

export class Admission {
  private held = new Set<Held>();
  private perSource = new Map<string, number>();
  private refusedCount: Record<Refusal, number> = { penalised: 0, 'per-source': 0, full: 0 };
  private evictedCount = 0;
  readonly penalties: SourcePenalties;

  constructor(
    private known: KnownSourceSet,
    readonly limits: AdmissionLimits = DEFAULT_LIMITS,
    private now: () => number = Date.now,
  ) {
    this.penalties = new SourcePenalties(now);
  }

  /**
   * A slot for a new connection from address, or why not. `evict` is how this connection is closed
   * should a later newcomer need its slot; it must release the slot (synchronously).
   */
  admit(address: string, evict: () => void): Slot | { refused: Refusal; detail: string } {
    const known = this.known.has(address);
    const penalty = this.penalties.blocked(address, known);
    if (penalty) return this.refuse('penalised', `${penalty.source} penalised for ${penalty.seconds} s`);
    const mine = this.perSource.get(address) ?? 0;
    if (mine >= this.limits.perSource) return this.refuse('per-source', `${mine} unauthenticated connections from ${address}`);
    let pool: Slot['pool'] | undefined;
    if (this.count('general') < this.limits.slots) pool = 'general';
    else if (known && this.count('reserved') < this.limits.reserved) pool = 'reserved';
    else {
      const victim = this.victim(known);
      if (!victim) return this.refuse('full', `${this.held.size} unauthenticated connections, none idle`);
      pool = victim.slot.pool;
      this.evictedCount++;
      this.penalties.add(victim.slot.address, 'evicted');
      victim.evict();
      victim.slot.release();
    }
    return this.take(address, pool, evict);
  }

  /** The refusal of a penalised source, checked before anything else is spent on it. */
  screen(address: string): { refused: Refusal; detail: string } | undefined {
    const penalty = this.penalties.blocked(address, this.known.has(address));
    return penalty ? this.refuse('penalised', `${penalty.source} penalised for ${penalty.seconds} s`) : undefined;
  }

  /** Counts a penalty event against a source (grace expired, garbage, failures...). */
  penalise(address: string, event: PenaltyEvent, times = 1): void {
    for (let i = 0; i < times; i++) this.penalties.add(address, event);
  }

  stats(): AdmissionStats {
    return {
      general: this.count('general'),
      reserved: this.count('reserved'),
      limits: this.limits,
      refused: { ...this.refusedCount },
      evicted: this.evictedCount,
      penalised: this.penalties.active(),
      knownSources: this.known.size,
    };
  }

  private refuse(refused: Refusal, detail: string): { refused: Refusal; detail: string } {
    this.refusedCount[refused]++;
    return { refused, detail };
  }

  private count(pool: Slot['pool']): number {
    let n = 0;
    for (const h of this.held) if (h.slot.pool === pool) n++;
    return n;
  }

  /**
   * The connection without progress that has been silent longest, and silent for at least quietMs (one
   * mid-handshake is left alone). Anybody may evict from the general pool; a known address also from
   * the reserved one.
   */
  private victim(known: boolean): Held | undefined {
    const quietBefore = this.now() - this.limits.quietMs;
    let best: Held | undefined;
    for (const h of this.held) {
      if (h.progress || h.lastActivity > quietBefore) continue;
      if (h.slot.pool === 'reserved' && !known) continue;
      if (!best || h.lastActivity < best.lastActivity) best = h;
    }
    return best;
  }

  private take(address: string, pool: Slot['pool'], evict: () => void): Slot {
    const held: Held = { lastActivity: this.now(), progress: false, evict, slot: undefined as unknown as Slot };
    let released = false;
    held.slot = {
      address,
      pool,
      touch: () => {
        held.lastActivity = this.now();
      },
      progressed: () => {
        held.progress = true;
      },
      release: () => {
        if (released) return;
        released = true;
        this.held.delete(held);
        const left = (this.perSource.get(address) ?? 1) - 1;
        if (left > 0) this.perSource.set(address, left);
        else this.perSource.delete(address);
      },
    };
    this.held.add(held);
    this.perSource.set(address, (this.perSource.get(address) ?? 0) + 1);
    return held.slot;
  }
}
