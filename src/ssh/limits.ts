// Limits on what one authenticated peer may hold, so that no account (least of all a level-0 one) can
// exhaust the device or shut a level-3 administrator out.
import type { ConnectionState } from './connection-state';

/** A millisecond setting that tests may lower through the environment (never raise). */
function lowered(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? Math.min(v, fallback) : fallback;
}

/** Identification and key exchange must be done this soon after accept (the login grace is longer). */
export const KEX_DEADLINE_MS = lowered('WX3000_KEX_DEADLINE_MS', 10_000);
/** An authenticated connection with no channel open for this long is closed (OpenSSH UnusedConnectionTimeout). */
export const UNUSED_CONNECTION_MS = lowered('WX3000_UNUSED_CONNECTION_MS', 30_000);

/** Authenticated connections in all. */
export const MAX_AUTHENTICATED = 64;
/** Of those, the last few are only for level 3. */
export const LEVEL3_RESERVE = 8;
/** Authenticated connections of one user name. */
export const MAX_PER_USER = 8;
/** Open channels on one connection (OpenSSH MaxSessions). */
export const MAX_CHANNELS = 10;

/** Why this freshly authenticated connection may not stay, or undefined. */
export function loginRefusal(all: Iterable<ConnectionState>, me: ConnectionState): string | undefined {
  let total = 0;
  let mine = 0;
  for (const c of all) {
    if (c === me || !c.authenticated || c.phase === 'Disconnected') continue;
    total++;
    if (c.user === me.user) mine++;
  }
  if (mine >= MAX_PER_USER) return `Too many connections for user ${me.user} (${MAX_PER_USER})`;
  const cap = me.level >= 3 ? MAX_AUTHENTICATED : MAX_AUTHENTICATED - LEVEL3_RESERVE;
  if (total >= cap) return `Too many connections (${total})`;
  return undefined;
}

/**
 * Closes an authenticated connection that has had no channel open for UNUSED_CONNECTION_MS, from
 * login on: holding a connection without using it must cost the holder, not the device.
 */
export class UnusedConnectionTimer {
  private timer?: NodeJS.Timeout;
  private open = 0;

  constructor(private onExpire: () => void) {
    this.arm();
  }

  private arm(): void {
    this.timer = setTimeout(this.onExpire, UNUSED_CONNECTION_MS);
    this.timer.unref();
  }

  channelOpened(): void {
    this.open++;
    clearTimeout(this.timer);
  }

  channelClosed(): void {
    this.open = Math.max(0, this.open - 1);
    if (this.open === 0) this.arm();
  }

  get channels(): number {
    return this.open;
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
