// The logbuffer table: a ring of rows trimmed on every insert. Cleaning and clamping the record
// is the device's business (src/device/logbuffer.ts); this is only the SQL.
import type { Store } from './store';

export interface LogRow {
  id: number;
  ts: number;
  severity: number;
  module: string;
  digest: string;
  text: string;
}

export class LogRows {
  constructor(private store: Store) {}

  /** One transaction: the insert, then the rows that fell out of a ring of `size`. */
  append(row: Omit<LogRow, 'id'>, size: number): Promise<void> {
    return this.store.transaction(async (t) => {
      const res = await t.run('INSERT INTO logbuffer (ts, severity, module, digest, text) VALUES (?, ?, ?, ?, ?)', [
        row.ts,
        row.severity,
        row.module,
        row.digest,
        row.text,
      ]);
      await t.run('DELETE FROM logbuffer WHERE id <= ?', [res.lastID - size]);
    });
  }

  /**
   * One transaction for a batch: the inserts, then the rows that fell out of the two rings (rows
   * whose digest is in `noise`, and the others), each counted apart.
   */
  appendBatch(rows: Omit<LogRow, 'id'>[], rings: { noise: readonly string[]; noiseSize: number; otherSize: number }): Promise<void> {
    return this.store.transaction(async (t) => {
      for (const row of rows) {
        await t.run('INSERT INTO logbuffer (ts, severity, module, digest, text) VALUES (?, ?, ?, ?, ?)', [
          row.ts,
          row.severity,
          row.module,
          row.digest,
          row.text,
        ]);
      }
      const marks = rings.noise.map(() => '?').join(',') || "''";
      for (const [not, size] of [['NOT ', rings.otherSize], ['', rings.noiseSize]] as const) {
        await t.run(
          `DELETE FROM logbuffer WHERE id IN (SELECT id FROM logbuffer WHERE digest ${not}IN (${marks}) ORDER BY id DESC LIMIT -1 OFFSET ?)`,
          [...rings.noise, size],
        );
      }
    });
  }

  /** Oldest first. */
  list(): Promise<LogRow[]> {
    return this.store.all<LogRow>('SELECT id, ts, severity, module, digest, text FROM logbuffer ORDER BY id');
  }

  /** Rows held, and the first and last ids still held (null when empty). */
  async span(): Promise<{ count: number; firstId: number | null; lastId: number | null }> {
    const row = await this.store.get<{ n: number; first: number | null; last: number | null }>(
      'SELECT count(*) AS n, min(id) AS first, max(id) AS last FROM logbuffer',
    );
    return { count: row?.n ?? 0, firstId: row?.first ?? null, lastId: row?.last ?? null };
  }
}
