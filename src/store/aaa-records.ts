// Rows of the AAA tables: ISP domains and RADIUS schemes (JSON documents the device service checks),
// the quiet timer of each RADIUS server and the per-scheme counters.
import type { Store, Tx } from './store';
import { inTx } from './tx';

export type AaaTable = 'isp_domains' | 'radius_schemes';

export const RADIUS_COUNTERS = [
  'requests',
  'retransmissions',
  'accepts',
  'rejects',
  'timeouts',
  'bad_replies',
  'accounting_requests',
  'accounting_responses',
] as const;
export type RadiusCounter = (typeof RADIUS_COUNTERS)[number];
export type RadiusCounters = Record<RadiusCounter, number>;

export class AaaRecords {
  constructor(private store: Store) {}

  /** Documents in creation order. */
  async list(table: AaaTable, tx?: Tx): Promise<{ name: string; body: string }[]> {
    return (tx ?? this.store).all<{ name: string; body: string }>(`SELECT name, body FROM ${table} ORDER BY rowid`);
  }

  async get(table: AaaTable, name: string, tx?: Tx): Promise<string | undefined> {
    return (await (tx ?? this.store).get<{ body: string }>(`SELECT body FROM ${table} WHERE name = ?`, [name]))?.body;
  }

  /** Creates or replaces; a replaced document keeps its place in the order. */
  put(table: AaaTable, name: string, body: string, tx?: Tx): Promise<void> {
    return inTx(this.store, tx, async (t) => {
      await t.run(`INSERT INTO ${table} (name, body) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET body = excluded.body`, [name, body]);
    });
  }

  remove(table: AaaTable, name: string, tx?: Tx): Promise<boolean> {
    return inTx(this.store, tx, async (t) => {
      const r = await t.run(`DELETE FROM ${table} WHERE name = ?`, [name]);
      if (table === 'radius_schemes') {
        await t.run('DELETE FROM radius_server_state WHERE scheme = ?', [name]);
        await t.run('DELETE FROM radius_statistics WHERE scheme = ?', [name]);
      }
      return r.changes > 0;
    });
  }

  /** Servers of the scheme in their quiet time: role -> blocked until (epoch ms). */
  async blocked(scheme: string, now: number): Promise<Map<string, number>> {
    const rows = await this.store.all<{ role: string; blocked_until: number }>(
      'SELECT role, blocked_until FROM radius_server_state WHERE scheme = ? AND blocked_until > ?',
      [scheme, now],
    );
    return new Map(rows.map((r) => [r.role, r.blocked_until]));
  }

  /** until null: the server answered, it is active again. */
  setBlocked(scheme: string, role: string, until: number | null): Promise<void> {
    return this.store.transaction(async (t) => {
      if (until === null) await t.run('DELETE FROM radius_server_state WHERE scheme = ? AND role = ?', [scheme, role]);
      else await t.run('INSERT OR REPLACE INTO radius_server_state (scheme, role, blocked_until) VALUES (?, ?, ?)', [scheme, role, until]);
    });
  }

  /** Adds to the counters of a scheme in one write. */
  count(scheme: string, add: Partial<RadiusCounters>): Promise<void> {
    const cols = RADIUS_COUNTERS.filter((c) => (add[c] ?? 0) !== 0);
    if (!cols.length) return Promise.resolve();
    return this.store.transaction(async (t) => {
      await t.run('INSERT OR IGNORE INTO radius_statistics (scheme) VALUES (?)', [scheme]);
      await t.run(`UPDATE radius_statistics SET ${cols.map((c) => `${c} = ${c} + ?`).join(', ')} WHERE scheme = ?`, [...cols.map((c) => add[c]), scheme]);
    });
  }

  async statistics(): Promise<Map<string, RadiusCounters>> {
    const rows = await this.store.all<{ scheme: string } & RadiusCounters>('SELECT * FROM radius_statistics');
    return new Map(rows.map((r) => [r.scheme.toLowerCase(), Object.fromEntries(RADIUS_COUNTERS.map((c) => [c, r[c]])) as RadiusCounters]));
  }

  async resetStatistics(): Promise<void> {
    await this.store.transaction((t) => t.run('DELETE FROM radius_statistics'));
  }
}
