// SSH users (`ssh user NAME ...`): authentication type, SFTP/Stelnet service, assigned public keys.
import type { Store, Tx } from './store';
import { UserStoreError } from './errors';
import { assertUserName } from './names';
import { inTx } from './tx';

export const AUTH_TYPES = ['password', 'publickey', 'password-publickey', 'all'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];
export const SSH_SERVICE_TYPES = ['stelnet', 'sftp', 'scp', 'all'] as const;
export type SshServiceType = (typeof SSH_SERVICE_TYPES)[number];

export interface SshUser {
  name: string;
  /** null: no `authentication-type` configured (password, plus publickey when a key is assigned). */
  authType: AuthType | null;
  serviceType: SshServiceType;
  /** Assigned peer key names, sorted. */
  keys: string[];
  createdAt: number;
  updatedAt: number;
}

interface Row {
  name: string;
  auth_type: AuthType | null;
  service_type: SshServiceType;
  created_at: number;
  updated_at: number;
}

/** Accepts the Comware synonyms: `rsa` (V3) for publickey, `any` (V5) for all. */
export function parseAuthType(s: string): AuthType | undefined {
  const v = s === 'rsa' ? 'publickey' : s === 'any' ? 'all' : s;
  return (AUTH_TYPES as readonly string[]).includes(v) ? (v as AuthType) : undefined;
}

export class SshUsers {
  constructor(private store: Store) {}

  private async keysOf(t: Tx, name: string): Promise<string[]> {
    const rows = await t.all<{ key_name: string }>('SELECT key_name FROM ssh_user_keys WHERE user = ? ORDER BY key_name', [name]);
    return rows.map((r) => r.key_name);
  }

  async get(name: string, tx?: Tx): Promise<SshUser | undefined> {
    const t = tx ?? this.store;
    const row = await t.get<Row>('SELECT * FROM ssh_users WHERE name = ?', [name]);
    if (!row) return undefined;
    return {
      name: row.name,
      authType: row.auth_type,
      serviceType: row.service_type,
      keys: await this.keysOf(t, name),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  async list(tx?: Tx): Promise<SshUser[]> {
    const t = tx ?? this.store;
    const rows = await t.all<Row>('SELECT * FROM ssh_users ORDER BY name');
    const keys = await t.all<{ user: string; key_name: string }>('SELECT user, key_name FROM ssh_user_keys ORDER BY key_name');
    return rows.map((row) => ({
      name: row.name,
      authType: row.auth_type,
      serviceType: row.service_type,
      keys: keys.filter((k) => k.user === row.name).map((k) => k.key_name),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }));
  }

  /** `ssh user NAME` with an unknown name creates the SSH user. */
  async ensure(name: string, tx?: Tx): Promise<SshUser> {
    assertUserName(name);
    return inTx(this.store, tx, async (t) => {
      const now = Date.now();
      await t.run('INSERT OR IGNORE INTO ssh_users (name, created_at, updated_at) VALUES (?, ?, ?)', [name, now, now]);
      return (await this.get(name, t))!;
    });
  }

  /** null removes the line (back to the default). */
  async setAuthType(name: string, authType: AuthType | null, tx?: Tx): Promise<SshUser> {
    if (authType !== null && !(AUTH_TYPES as readonly string[]).includes(authType)) {
      throw new UserStoreError('invalid', `unknown authentication type ${authType}`);
    }
    return inTx(this.store, tx, async (t) => {
      await this.ensure(name, t);
      await t.run('UPDATE ssh_users SET auth_type = ?, updated_at = ? WHERE name = ?', [authType, Date.now(), name]);
      return (await this.get(name, t))!;
    });
  }

  async setServiceType(name: string, serviceType: SshServiceType, tx?: Tx): Promise<SshUser> {
    if (!(SSH_SERVICE_TYPES as readonly string[]).includes(serviceType)) {
      throw new UserStoreError('invalid', `unknown SSH service type ${serviceType}`);
    }
    return inTx(this.store, tx, async (t) => {
      await this.ensure(name, t);
      await t.run('UPDATE ssh_users SET service_type = ?, updated_at = ? WHERE name = ?', [serviceType, Date.now(), name]);
      return (await this.get(name, t))!;
    });
  }

  /**
   * Assigns an existing peer key. `replace` gives Comware's `assign publickey KEY` (one key per user);
   * without it the key is added (the offline tool's `user key add`). 'not-found' when the key is unknown.
   */
  async assignKey(name: string, keyName: string, opts: { replace?: boolean } = {}, tx?: Tx): Promise<SshUser> {
    return inTx(this.store, tx, async (t) => {
      const key = await t.get('SELECT name FROM public_keys WHERE name = ?', [keyName]);
      if (!key) throw new UserStoreError('not-found', `public key ${keyName} does not exist`);
      await this.ensure(name, t);
      if (opts.replace) await t.run('DELETE FROM ssh_user_keys WHERE user = ?', [name]);
      await t.run('INSERT OR IGNORE INTO ssh_user_keys (user, key_name) VALUES (?, ?)', [name, keyName]);
      await t.run('UPDATE ssh_users SET updated_at = ? WHERE name = ?', [Date.now(), name]);
      return (await this.get(name, t))!;
    });
  }

  /** Without keyName: all of the user's keys (`undo ssh user NAME assign publickey`). */
  async unassignKey(name: string, keyName?: string, tx?: Tx): Promise<number> {
    return inTx(this.store, tx, async (t) => {
      const res =
        keyName === undefined
          ? await t.run('DELETE FROM ssh_user_keys WHERE user = ?', [name])
          : await t.run('DELETE FROM ssh_user_keys WHERE user = ? AND key_name = ?', [name, keyName]);
      return res.changes;
    });
  }

  async delete(name: string, tx?: Tx): Promise<boolean> {
    const res = await inTx(this.store, tx, (t) => t.run('DELETE FROM ssh_users WHERE name = ?', [name]));
    return res.changes > 0;
  }
}
