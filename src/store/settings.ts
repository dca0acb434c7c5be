// The settings table: one row per setting that differs from its default, the value as JSON.
// Defaults and types are the device's business (src/device/settings.ts); this is only the SQL.
import type { Store, Tx } from './store';
import { inTx } from './tx';

export class SettingRows {
  constructor(private store: Store) {}

  /** The stored value, or undefined when the setting is at its default. */
  async get(key: string): Promise<unknown> {
    const row = await this.store.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]);
    return row ? JSON.parse(row.value) : undefined;
  }

  async all(): Promise<Map<string, unknown>> {
    const rows = await this.store.all<{ key: string; value: string }>('SELECT key, value FROM settings');
    return new Map(rows.map((r) => [r.key, JSON.parse(r.value)]));
  }

  put(key: string, value: unknown, tx?: Tx): Promise<void> {
    return inTx(this.store, tx, async (t) => {
      await t.run('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)', [key, JSON.stringify(value)]);
    });
  }

  remove(key: string, tx?: Tx): Promise<void> {
    return inTx(this.store, tx, async (t) => {
      await t.run('DELETE FROM settings WHERE key = ?', [key]);
    });
  }
}
