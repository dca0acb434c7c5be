// Connection noise (refusals, evictions, stalls, garbage, failed logins before authentication) is
// counted and written as one line per source per window, so that a flood costs a few log lines, not
// one per attempt, and cannot rotate the log files by itself.
import type { Logger } from '../log/logger';
import { sourcePrefix } from './penalties';

export const SUMMARY_WINDOW_MS = 10_000;
/** Addresses listed one by one per window; then networks; then one line for the rest. */
const MAX_SOURCES_PER_WINDOW = 32;

export class NoiseSummary {
  private counts = new Map<string, Map<string, number>>();
  private timer?: NodeJS.Timeout;
  private totals = new Map<string, number>();

  constructor(
    private log: Logger,
    private windowMs = SUMMARY_WINDOW_MS,
  ) {}

  /** One event (e.g. `refused-penalised`, `evicted`, `grace`) from source. */
  count(source: string, event: string): void {
    let perSource = this.counts.get(source);
    if (!perSource) {
      // Bounded like the log itself: past the limit, addresses are summed per network, then all together.
      let key = source;
      if (this.counts.size >= MAX_SOURCES_PER_WINDOW) key = sourcePrefix(source);
      if (this.counts.size >= 2 * MAX_SOURCES_PER_WINDOW && !this.counts.has(key)) key = '(other sources)';
      perSource = this.counts.get(key) ?? new Map();
      this.counts.set(key, perSource);
    }
    perSource.set(event, (perSource.get(event) ?? 0) + 1);
    this.totals.set(event, (this.totals.get(event) ?? 0) + 1);
    // Only armed while something is pending: an idle daemon writes nothing.
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.windowMs);
      this.timer.unref();
    }
  }

  /** Counts since the daemon started, by event. */
  total(): Record<string, number> {
    return Object.fromEntries(this.totals);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const seconds = Math.round(this.windowMs / 1000);
    for (const [source, events] of this.counts) {
      const fields = Object.fromEntries([...events].sort((a, b) => b[1] - a[1]));
      this.log.warn('connection noise', { module: 'SSH', digest: 'CONN_NOISE', source, seconds, ...fields });
    }
    this.counts.clear();
  }
}
