// The password-control blacklist: consecutive login failures per (user, source address) and the lock
// they lead to. Kept in the database so a daemon restart does not unlock anyone.
import type { Store, Tx } from './store';
import { inTx } from './tx';
import { GroupCommit } from '../common/group-commit';

export type ExceedAction = 'lock' | 'lock-time' | 'unlock';

export interface LockPolicy {
  /** password-control enable: off means failures are neither counted nor locked. */
  enabled: boolean;
  /** login-attempt N */
  attempts: number;
  exceed: ExceedAction;
  /** minutes, for lock-time */
  lockMinutes: number;
}

export interface BlacklistEntry {
  user: string;
  address: string;
  failures: number;
  /** Locked now (a lock-time lock that has run out reads as unlocked). */
  locked: boolean;
  /** ms since the epoch; null for `lock` (until an administrator resets it) or when unlocked. */
  lockUntil: number | null;
  updatedAt: number;
}

interface Row {
  user: string;
  address: string;
  failures: number;
  locked: number;
  lock_until: number | null;
  updated_at: number;
}

/**
 * Rows beyond this are evicted: unlocked and expired rows first, oldest first, and only then the
 * oldest lock, so a full table still records (and locks) the newest offender: it cannot be filled
 * until locking stops.
 */
export const MAX_BLACKLIST_ROWS = 4096;

/** The row of an address's failures with user names that do not exist: one per address, never locked. */
export const UNKNOWN_USERS = '';

function lockedAt(r: Row, now: number): boolean {
  return r.locked === 1 && (r.lock_until === null || r.lock_until > now);
}

export function blacklistFromRow(r: Row, now: number): BlacklistEntry {
  const locked = lockedAt(r, now);
  return {
    user: r.user,
    address: r.address,
    failures: r.failures,
    locked,
    lockUntil: locked ? r.lock_until : null,
    updatedAt: r.updated_at,
  };
}

export interface FailureOutcome {
  failures: number;
  /** This failure locked the pair. */
  lockedNow: boolean;
  lockUntil: number | null;
}

/** Fewest ms between two commits of queued failures. */
const COMMIT_SPACING_MS = 50;

/** One queue per database: every Blacklist over the same store commits together. */
const queues = new WeakMap<Store, GroupCommit<(t: Tx) => Promise<FailureOutcome>, FailureOutcome>>();

export class Blacklist {
  constructor(
    private store: Store,
    private maxRows = MAX_BLACKLIST_ROWS,
  ) {}

  async get(user: string, address: string, now = Date.now(), tx?: Tx): Promise<BlacklistEntry | undefined> {
    const row = await (tx ?? this.store).get<Row>('SELECT * FROM blacklist WHERE user = ? AND address = ?', [user, address]);
    return row && blacklistFromRow(row, now);
  }

  /** `display password-control blacklist [user-name NAME | ip A]`, by user then address. */
  async list(filter: { user?: string; address?: string } = {}, now = Date.now()): Promise<BlacklistEntry[]> {
    const where: string[] = [];
    const params: string[] = [];
    if (filter.user !== undefined) (where.push('user = ?'), params.push(filter.user));
    if (filter.address !== undefined) (where.push('address = ?'), params.push(filter.address));
    where.push('user <> ?');
    params.push(UNKNOWN_USERS);
    const rows = await this.store.all<Row>(
      `SELECT * FROM blacklist WHERE ${where.join(' AND ')} ORDER BY user, address`,
      params,
    );
    return rows.map((r) => blacklistFromRow(r, now));
  }

  async isLocked(user: string, address: string, now = Date.now()): Promise<boolean> {
    return (await this.get(user, address, now))?.locked ?? false;
  }

  /**
   * A failed login with a name that is no user: counted on the address's one UNKNOWN_USERS row, which
   * locks nothing. Made-up names cost no row each, yet every failure costs the same write.
   */
  recordUnknownUserFailure(address: string, policy: LockPolicy, now = Date.now()): Promise<FailureOutcome> {
    return this.recordFailure(UNKNOWN_USERS, address, { ...policy, exceed: 'unlock' }, now);
  }

  /**
   * Counts one failed login and locks the pair when the policy says so. Without a transaction of the
   * caller's, failures that arrive while one is being written are written together (group commit,
   * at most 1000 / COMMIT_SPACING_MS commits a second): a flood of failures costs a few fsyncs a
   * second, not one each. Each caller still gets its own outcome once it is on disk.
   */
  recordFailure(user: string, address: string, policy: LockPolicy, now = Date.now(), tx?: Tx): Promise<FailureOutcome> {
    if (tx) return this.failureIn(tx, user, address, policy, now);
    let queue = queues.get(this.store);
    if (!queue) {
      const store = this.store;
      queue = new GroupCommit(COMMIT_SPACING_MS, (jobs: ((t: Tx) => Promise<FailureOutcome>)[]) =>
        store.transaction(async (t) => {
          const out: FailureOutcome[] = [];
          for (const job of jobs) out.push(await job(t));
          return out;
        }),
      );
      queues.set(store, queue);
    }
    return queue.add((t) => this.failureIn(t, user, address, policy, now));
  }

  private async failureIn(t: Tx, user: string, address: string, policy: LockPolicy, now: number): Promise<FailureOutcome> {
    const row = await t.get<Row>('SELECT * FROM blacklist WHERE user = ? AND address = ?', [user, address]);
    // A lock-time lock that ran out starts a fresh count, or one more failure would lock again at once.
    const expired = row !== undefined && row.locked === 1 && !lockedAt(row, now);
    const before = row && !expired ? row.failures : 0;
    const wasLocked = row !== undefined && lockedAt(row, now);
    const failures = before + 1;
    let locked = wasLocked;
    let lockUntil = wasLocked ? row!.lock_until : null;
    if (!wasLocked && policy.exceed !== 'unlock' && failures >= policy.attempts) {
      locked = true;
      lockUntil = policy.exceed === 'lock' ? null : now + policy.lockMinutes * 60_000;
    }
    await t.run(
      `INSERT INTO blacklist (user, address, failures, locked, lock_until, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (user, address) DO UPDATE SET failures = excluded.failures, locked = excluded.locked,
         lock_until = excluded.lock_until, updated_at = excluded.updated_at`,
      [user, address, failures, locked ? 1 : 0, lockUntil, now],
    );
    if (!row) await this.prune(t, now);
    return { failures, lockedNow: locked && !wasLocked, lockUntil };
  }

  /** A successful login clears the pair's entry. True when there was one. */
  async recordSuccess(user: string, address: string, tx?: Tx): Promise<boolean> {
    const res = await inTx(this.store, tx, (t) =>
      t.run('DELETE FROM blacklist WHERE user = ? AND address = ?', [user, address]),
    );
    return res.changes > 0;
  }

  /** `reset password-control blacklist [user-name NAME]`: number of entries removed. */
  async reset(filter: { user?: string; address?: string } = {}, tx?: Tx): Promise<number> {
    const where: string[] = [];
    const params: string[] = [];
    if (filter.user !== undefined) (where.push('user = ?'), params.push(filter.user));
    if (filter.address !== undefined) (where.push('address = ?'), params.push(filter.address));
    const res = await inTx(this.store, tx, (t) =>
      t.run(`DELETE FROM blacklist ${where.length ? 'WHERE ' + where.join(' AND ') : ''}`, params),
    );
    return res.changes;
  }

  /** Changing login-attempt or the exceed action re-evaluates existing entries at once. */
  async reevaluate(policy: LockPolicy, now = Date.now(), tx?: Tx): Promise<void> {
    return inTx(this.store, tx, async (t) => {
      if (!policy.enabled || policy.exceed === 'unlock') {
        await t.run('UPDATE blacklist SET locked = 0, lock_until = NULL, updated_at = ? WHERE locked = 1', [now]);
        return;
      }
      await t.run('UPDATE blacklist SET locked = 0, lock_until = NULL, updated_at = ? WHERE locked = 1 AND failures < ?', [
        now,
        policy.attempts,
      ]);
      const until = policy.exceed === 'lock' ? null : now + policy.lockMinutes * 60_000;
      await t.run('UPDATE blacklist SET locked = 1, lock_until = ?, updated_at = ? WHERE locked = 0 AND failures >= ? AND user <> ?', [
        until,
        now,
        policy.attempts,
        UNKNOWN_USERS,
      ]);
    });
  }

  private async prune(t: Tx, now: number): Promise<void> {
    const row = await t.get<{ n: number }>('SELECT count(*) AS n FROM blacklist');
    const excess = (row?.n ?? 0) - this.maxRows;
    if (excess <= 0) return;
    await t.run(
      `DELETE FROM blacklist WHERE rowid IN (SELECT rowid FROM blacklist
         ORDER BY (locked = 1 AND (lock_until IS NULL OR lock_until > ?)), updated_at LIMIT ?)`,
      [now, excess],
    );
  }
}
