// Password history rows: every password a user (or a super level) was given, as its hash and the time
// it was set, newest last. Trimmed per subject; never part of the configuration.
import type { Store, Tx } from './store';
import { inTx } from './tx';

export interface HistoryRecord {
  hash: string;
  /** ms since the epoch */
  setAt: number;
}

/** password-control history allows 15 records, plus the current password. */
export const HISTORY_KEEP = 16;

export class PasswordHistoryRows {
  constructor(private store: Store) {}

  /** The newest `n` records, newest first. */
  recent(subject: string, n: number, tx?: Tx): Promise<HistoryRecord[]> {
    return (tx ?? this.store).all<HistoryRecord>(
      'SELECT hash, set_at AS setAt FROM password_history WHERE subject = ? ORDER BY id DESC LIMIT ?',
      [subject, n],
    );
  }

  /** When `hash` was last set for the subject, if it is on record. */
  async setAt(subject: string, hash: string, tx?: Tx): Promise<number | undefined> {
    const row = await (tx ?? this.store).get<{ setAt: number }>(
      'SELECT set_at AS setAt FROM password_history WHERE subject = ? AND hash = ? ORDER BY id DESC LIMIT 1',
      [subject, hash],
    );
    return row?.setAt;
  }

  add(subject: string, hash: string, setAt: number, tx?: Tx): Promise<void> {
    return inTx(this.store, tx, async (t) => {
      await t.run('INSERT INTO password_history (subject, hash, set_at) VALUES (?, ?, ?)', [subject, hash, setAt]);
      await t.run(
        `DELETE FROM password_history WHERE subject = ? AND id NOT IN
           (SELECT id FROM password_history WHERE subject = ? ORDER BY id DESC LIMIT ?)`,
        [subject, subject, HISTORY_KEEP],
      );
    });
  }

  replaceHash(subject: string, oldHash: string, newHash: string, tx?: Tx): Promise<void> {
    return inTx(this.store, tx, async (t) => {
      await t.run('UPDATE password_history SET hash = ? WHERE subject = ? AND hash = ?', [newHash, subject, oldHash]);
    });
  }

  forget(subject: string, tx?: Tx): Promise<void> {
    return inTx(this.store, tx, async (t) => {
      await t.run('DELETE FROM password_history WHERE subject = ?', [subject]);
    });
  }
}
