// The only module that touches sqlite3: a promise API, one connection per process, serialised writes.
import sqlite3 from 'sqlite3';
import { MIGRATIONS } from './schema';

export type Row = Record<string, unknown>;
export type Params = unknown[] | Record<string, unknown>;

export interface Tx {
  run(sql: string, params?: Params): Promise<{ changes: number; lastID: number }>;
  get<T = Row>(sql: string, params?: Params): Promise<T | undefined>;
  all<T = Row>(sql: string, params?: Params): Promise<T[]>;
}

/** A statement compiled once and run many times (the login path). */
export interface Prepared {
  all<T = Row>(params: Params): Promise<T[]>;
}

export class Store implements Tx {
  private queue: Promise<unknown> = Promise.resolve();
  private statements: sqlite3.Statement[] = [];

  private constructor(private db: sqlite3.Database, readonly file: string) {}

  /** Opens (creating if needed) and migrates the database: WAL, synchronous=FULL, busy timeout. */
  static async open(file: string, opts: { onMigrate?: (from: number, to: number) => void } = {}): Promise<Store> {
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const d = new sqlite3.Database(file, (err) => (err ? reject(err) : resolve(d)));
    });
    const store = new Store(db, file);
    try {
      db.configure('busyTimeout', 10000);
      await store.exec('PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;');
      await store.migrate(opts.onMigrate);
    } catch (err) {
      await store.close();
      throw err;
    }
    return store;
  }

  private exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.db.exec(sql, (err) => (err ? reject(err) : resolve())));
  }

  run(sql: string, params: Params = []): Promise<{ changes: number; lastID: number }> {
    return new Promise((resolve, reject) =>
      this.db.run(sql, params, function (this: sqlite3.RunResult, err: Error | null) {
        if (err) reject(err);
        else resolve({ changes: this.changes, lastID: this.lastID });
      }),
    );
  }

  get<T = Row>(sql: string, params: Params = []): Promise<T | undefined> {
    return new Promise((resolve, reject) =>
      this.db.get(sql, params, (err, row) => (err ? reject(err) : resolve(row as T | undefined))),
    );
  }

  all<T = Row>(sql: string, params: Params = []): Promise<T[]> {
    return new Promise((resolve, reject) =>
      this.db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[]))),
    );
  }

  prepare(sql: string): Prepared {
    const stmt = this.db.prepare(sql);
    this.statements.push(stmt);
    return {
      all: <T>(params: Params) =>
        new Promise<T[]>((resolve, reject) => stmt.all(params, (err: Error | null, rows: unknown[]) => (err ? reject(err) : resolve(rows as T[])))),
    };
  }

  /**
   * Runs fn inside BEGIN IMMEDIATE … COMMIT. Transactions of this process queue behind each other
   * (one connection cannot nest them); other processes wait on the busy timeout.
   * The promise resolves only after COMMIT returned, i.e. the change is on disk (synchronous=FULL).
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      await this.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this);
        await this.exec('COMMIT');
        return result;
      } catch (err) {
        await this.exec('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async migrate(onMigrate?: (from: number, to: number) => void): Promise<void> {
    await this.transaction(async (tx) => {
      const row = await tx.get<{ user_version: number }>('PRAGMA user_version');
      const from = row?.user_version ?? 0;
      if (from > MIGRATIONS.length) {
        throw new Error(`database schema ${from} is newer than this software (${MIGRATIONS.length})`);
      }
      for (let v = from; v < MIGRATIONS.length; v++) {
        for (const stmt of MIGRATIONS[v]) await tx.run(stmt);
      }
      if (from < MIGRATIONS.length) {
        await tx.run(`PRAGMA user_version = ${MIGRATIONS.length}`);
        onMigrate?.(from, MIGRATIONS.length);
      }
    });
  }

  async integrityCheck(): Promise<string> {
    const row = await this.get<{ integrity_check: string }>('PRAGMA integrity_check');
    return row?.integrity_check ?? 'unknown';
  }

  async close(): Promise<void> {
    // Open statements would keep the database from closing.
    for (const stmt of this.statements.splice(0)) await new Promise<void>((resolve) => stmt.finalize(() => resolve()));
    return new Promise((resolve, reject) => this.db.close((err) => (err ? reject(err) : resolve())));
  }
}
