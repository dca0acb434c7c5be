// `display logbuffer`: the device's own bounded log ring, kept in the database so every process
// (daemon, CLI sessions) appends to the same buffer and it survives a restart.
import type { Store } from '../store/store';

/** Comware's default `Allowed max buffer size`; older rows are overwritten. */
export const LOGBUFFER_SIZE = 1024;

export interface LogRecord {
  /** Comware severity 0 (emergencies) – 7 (debugging). */
  severity: number;
  /** e.g. SHELL, SSH */
  module: string;
  /** Short event name, at most 32 characters (e.g. LOGIN, CMD). */
  digest: string;
  text: string;
  /** ms since the epoch; now when absent. */
  ts?: number;
}

export interface StoredLogRecord extends Required<LogRecord> {
  id: number;
}

export interface LogBufferStats {
  current: number;
  /** Records pushed out of the ring since the buffer began. */
  overwritten: number;
}

function clean(s: string, max: number): string {
  // Log text comes from users (names, command lines): no control bytes may reach a terminal.
  return s.replace(/[\x00-\x1f\x7f]/g, ' ').slice(0, max);
}

export class LogBuffer {
  constructor(private store: Store, private size = LOGBUFFER_SIZE) {}

  /** One transaction: the insert and the trim of the ring. */
  append(record: LogRecord): Promise<void> {
    return this.store.transaction(async (t) => {
      const res = await t.run('INSERT INTO logbuffer (ts, severity, module, digest, text) VALUES (?, ?, ?, ?, ?)', [
        record.ts ?? Date.now(),
        Math.min(7, Math.max(0, Math.trunc(record.severity))),
        clean(record.module, 16).toUpperCase(),
        clean(record.digest, 32).toUpperCase(),
        clean(record.text, 1024),
      ]);
      await t.run('DELETE FROM logbuffer WHERE id <= ?', [res.lastID - this.size]);
    });
  }

  /** Oldest first. */
  async list(): Promise<StoredLogRecord[]> {
    return this.store.all<StoredLogRecord>('SELECT id, ts, severity, module, digest, text FROM logbuffer ORDER BY id');
  }

  async stats(): Promise<LogBufferStats> {
    const row = await this.store.get<{ n: number; first: number | null }>('SELECT count(*) AS n, min(id) AS first FROM logbuffer');
    const n = row?.n ?? 0;
    return { current: n, overwritten: row?.first ? row.first - 1 : 0 };
  }
}
