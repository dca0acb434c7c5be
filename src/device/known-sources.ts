// Addresses that logged in recently: admission keeps slots for them. Kept in a small file so they
// survive a restart (an attack often comes with one), capped, and written at most once an hour per
// address so that logins cost no flash writes.
import * as fs from 'node:fs';
import { writeFileAtomic } from '../common/atomic-file';

/** How many addresses are remembered (the most recent win). */
export const KNOWN_SOURCES_MAX = 64;
/** An address not seen for this long is forgotten. */
export const KNOWN_SOURCES_TTL_MS = 30 * 24 * 3600 * 1000;
/** A login from an address already remembered rewrites the file only if its stamp is this old. */
const REFRESH_MS = 3600 * 1000;

export class KnownSources {
  /** address → last login (ms); insertion order is the order of last login. */
  private seen = new Map<string, number>();

  constructor(
    private file: string,
    private now: () => number = Date.now,
  ) {
    this.load();
  }

  private load(): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(this.file, 'utf8'));
    } catch {
      return; // none yet, or unreadable: start empty, as on a new device
    }
    if (!Array.isArray(parsed)) return;
    const cutoff = this.now() - KNOWN_SOURCES_TTL_MS;
    const rows = parsed
      .filter((r): r is { address: string; at: number } => typeof r?.address === 'string' && Number.isFinite(r?.at) && r.at > cutoff)
      .sort((a, b) => a.at - b.at)
      .slice(-KNOWN_SOURCES_MAX);
    for (const r of rows) this.seen.set(r.address.slice(0, 64), r.at);
  }

  has(address: string): boolean {
    const at = this.seen.get(address);
    return at !== undefined && at > this.now() - KNOWN_SOURCES_TTL_MS;
  }

  get size(): number {
    return this.seen.size;
  }

  /** A login succeeded from address. Returns true when the file was written. */
  remember(address: string): boolean {
    const now = this.now();
    const before = this.seen.get(address);
    if (before !== undefined && now - before < REFRESH_MS) return false;
    this.seen.delete(address);
    this.seen.set(address, now);
    for (const oldest of this.seen.keys()) {
      if (this.seen.size <= KNOWN_SOURCES_MAX) break;
      this.seen.delete(oldest);
    }
    const rows = [...this.seen].map(([a, at]) => ({ address: a, at }));
    writeFileAtomic(this.file, JSON.stringify(rows) + '\n', 0o600);
    return true;
  }
}
