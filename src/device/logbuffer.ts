// `display logbuffer`: the device's own bounded log ring, kept in the database so every process
// (daemon, CLI sessions) appends to the same buffer and it survives a restart.
import type { Store } from '../store/store';
import { LogRows } from '../store/logbuffer';
import { NOISE_DIGESTS } from '../log/audit';
import { GroupCommit } from '../common/group-commit';

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

/** Fewest ms between two commits: a flood of records costs at most this many fsyncs a second. */
const COMMIT_SPACING_MS = 100;

type Row = Omit<StoredLogRecord, 'id'>;

/** One queue per database: every LogBuffer over the same store commits together. */
const queues = new WeakMap<Store, GroupCommit<Row, void>>();

/** Writes the records still waiting for their group commit (before the database closes). */
export function drainLogBuffer(store: Store): Promise<void> {
  return queues.get(store)?.drain() ?? Promise.resolve();
}

export class LogBuffer {
  private rows: LogRows;
  /** Rows kept of noise (failures, summaries: ../log/audit) and of everything else (logins, logouts, lockouts, configuration). */
  private readonly noiseRows: number;
  private readonly otherRows: number;

  /** The ring holds `size` rows: a quarter for noise, the rest for audit records, so noise never pushes audit out. */
  constructor(
    private store: Store,
    size = LOGBUFFER_SIZE,
    noiseShare = Math.floor(size / 4),
  ) {
    this.rows = new LogRows(store);
    this.noiseRows = noiseShare;
    this.otherRows = size - noiseShare;
  }

  /**
   * Resolves once the record is on disk. Records that arrive while a commit is due or running are
   * written together (group commit): under a flood, at most 1000 / COMMIT_SPACING_MS fsyncs a second.
   */
  append(record: LogRecord): Promise<void> {
    let queue = queues.get(this.store);
    if (!queue) {
      const rings = { noise: [...NOISE_DIGESTS], noiseSize: this.noiseRows, otherSize: this.otherRows };
      const rows = this.rows;
      queue = new GroupCommit<Row, void>(COMMIT_SPACING_MS, async (batch: Row[]) => {
        await rows.appendBatch(batch, rings);
        return batch.map(() => undefined);
      });
      queues.set(this.store, queue);
    }
    return queue.add({
      ts: record.ts ?? Date.now(),
      severity: Math.min(7, Math.max(0, Math.trunc(record.severity))),
      module: clean(record.module, 16).toUpperCase(),
      digest: clean(record.digest, 32).toUpperCase(),
      text: clean(record.text, 1024),
    });
  }

  /** Oldest first; what this process logged is written first, so a display shows it. */
  async list(): Promise<StoredLogRecord[]> {
    await drainLogBuffer(this.store);
    return this.rows.list();
  }

  async stats(): Promise<LogBufferStats> {
    await drainLogBuffer(this.store);
    const { count, lastId } = await this.rows.span();
    return { current: count, overwritten: lastId ? lastId - count : 0 };
  }
}
