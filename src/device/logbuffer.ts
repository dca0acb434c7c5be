// `display logbuffer`: the device's own bounded log ring, kept in the database so every process
// (daemon, CLI sessions) appends to the same buffer and it survives a restart.
import type { Store } from '../store/store';
import { LogRows } from '../store/logbuffer';

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
  private rows: LogRows;

  constructor(store: Store, private size = LOGBUFFER_SIZE) {
    this.rows = new LogRows(store);
  }

  append(record: LogRecord): Promise<void> {
    return this.rows.append(
      {
        ts: record.ts ?? Date.now(),
        severity: Math.min(7, Math.max(0, Math.trunc(record.severity))),
        module: clean(record.module, 16).toUpperCase(),
        digest: clean(record.digest, 32).toUpperCase(),
        text: clean(record.text, 1024),
      },
      this.size,
    );
  }

  /** Oldest first. */
  list(): Promise<StoredLogRecord[]> {
    return this.rows.list();
  }

  async stats(): Promise<LogBufferStats> {
    const { count, firstId } = await this.rows.span();
    return { current: count, overwritten: firstId ? firstId - 1 : 0 };
  }
}
