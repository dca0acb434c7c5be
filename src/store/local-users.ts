// Local users (`local-user NAME`): level, service types, state, password hash, forced-change flag.
import type { Store, Tx } from './store';
import { UserStoreError } from './errors';
import { assertUserName } from './names';
import { inTx } from './tx';

export const SERVICE_TYPES = ['ssh', 'terminal', 'telnet', 'ftp'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];
export type UserState = 'active' | 'block';

export interface LocalUser {
  name: string;
  /** `$scrypt$…`, or null: no password set, so password login always fails. */
  passwordHash: string | null;
  level: number;
  serviceTypes: ServiceType[];
  state: UserState;
  mustChangePassword: boolean;
  /** ms since the epoch */
  createdAt: number;
  updatedAt: number;
}

export interface LocalUserFields {
  passwordHash?: string | null;
  level?: number;
  serviceTypes?: readonly ServiceType[];
  state?: UserState;
  mustChangePassword?: boolean;
}

interface Row {
  name: string;
  password_hash: string | null;
  level: number;
  service_types: string;
  state: UserState;
  must_change_password: number;
  created_at: number;
  updated_at: number;
}

export function isServiceType(s: string): s is ServiceType {
  return (SERVICE_TYPES as readonly string[]).includes(s);
}

/** Canonical order, no duplicates: the stored text and `display` output never depend on input order. */
export function normaliseServiceTypes(types: readonly string[]): ServiceType[] {
  for (const t of types) if (!isServiceType(t)) throw new UserStoreError('invalid', `unknown service type ${t}`);
  return SERVICE_TYPES.filter((t) => types.includes(t));
}

function checkLevel(level: number): void {
  if (!Number.isInteger(level) || level < 0 || level > 3) throw new UserStoreError('invalid', 'level must be 0 to 3');
}

export function localUserFromRow(r: Row): LocalUser {
  return {
    name: r.name,
    passwordHash: r.password_hash,
    level: r.level,
    serviceTypes: r.service_types ? normaliseServiceTypes(r.service_types.split(',')) : [],
    state: r.state,
    mustChangePassword: r.must_change_password === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export class LocalUsers {
  constructor(private store: Store) {}

  async get(name: string, tx?: Tx): Promise<LocalUser | undefined> {
    const row = await (tx ?? this.store).get<Row>('SELECT * FROM local_users WHERE name = ?', [name]);
    return row && localUserFromRow(row);
  }

  /** All users, ordered by name (binary collation: Comware names are case-sensitive). */
  async list(tx?: Tx): Promise<LocalUser[]> {
    return (await (tx ?? this.store).all<Row>('SELECT * FROM local_users ORDER BY name')).map(localUserFromRow);
  }

  async count(tx?: Tx): Promise<number> {
    const row = await (tx ?? this.store).get<{ n: number }>('SELECT count(*) AS n FROM local_users');
    return row?.n ?? 0;
  }

  /** Creates a user; 'exists' when the name is taken. Defaults: level 0, no service types, active. */
  async create(name: string, fields: LocalUserFields = {}, tx?: Tx): Promise<LocalUser> {
    assertUserName(name);
    if (fields.level !== undefined) checkLevel(fields.level);
    const types = normaliseServiceTypes(fields.serviceTypes ?? []);
    return inTx(this.store, tx, async (t) => {
      if (await this.get(name, t)) throw new UserStoreError('exists', `user ${name} already exists`);
      const now = Date.now();
      await t.run(
        `INSERT INTO local_users (name, password_hash, level, service_types, state, must_change_password, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          name,
          fields.passwordHash ?? null,
          fields.level ?? 0,
          types.join(','),
          fields.state ?? 'active',
          fields.mustChangePassword ? 1 : 0,
          now,
          now,
        ],
      );
      return (await this.get(name, t))!;
    });
  }

  /** `local-user NAME`: the user, created with defaults when absent. */
  async ensure(name: string, tx?: Tx): Promise<{ user: LocalUser; created: boolean }> {
    return inTx(this.store, tx, async (t) => {
      const user = await this.get(name, t);
      if (user) return { user, created: false };
      return { user: await this.create(name, {}, t), created: true };
    });
  }

  /** Changes the given fields; 'not-found' when the user does not exist. */
  async update(name: string, fields: LocalUserFields, tx?: Tx): Promise<LocalUser> {
    if (fields.level !== undefined) checkLevel(fields.level);
    const sets: string[] = [];
    const params: unknown[] = [];
    const add = (col: string, v: unknown) => {
      sets.push(`${col} = ?`);
      params.push(v);
    };
    if (fields.passwordHash !== undefined) add('password_hash', fields.passwordHash);
    if (fields.level !== undefined) add('level', fields.level);
    if (fields.serviceTypes !== undefined) add('service_types', normaliseServiceTypes(fields.serviceTypes).join(','));
    if (fields.state !== undefined) {
      if (fields.state !== 'active' && fields.state !== 'block') throw new UserStoreError('invalid', 'state must be active or block');
      add('state', fields.state);
    }
    if (fields.mustChangePassword !== undefined) add('must_change_password', fields.mustChangePassword ? 1 : 0);
    add('updated_at', Date.now());
    return inTx(this.store, tx, async (t) => {
      const res = await t.run(`UPDATE local_users SET ${sets.join(', ')} WHERE name = ?`, [...params, name]);
      if (res.changes === 0) throw new UserStoreError('not-found', `user ${name} does not exist`);
      return (await this.get(name, t))!;
    });
  }

  /** `service-type ssh terminal`: adds to the existing types (Comware commands accumulate). */
  async addServiceTypes(name: string, types: readonly string[], tx?: Tx): Promise<LocalUser> {
    const extra = normaliseServiceTypes(types);
    return inTx(this.store, tx, async (t) => {
      const user = await this.get(name, t);
      if (!user) throw new UserStoreError('not-found', `user ${name} does not exist`);
      return this.update(name, { serviceTypes: [...user.serviceTypes, ...extra] }, t);
    });
  }

  async removeServiceTypes(name: string, types: readonly string[], tx?: Tx): Promise<LocalUser> {
    const gone = normaliseServiceTypes(types);
    return inTx(this.store, tx, async (t) => {
      const user = await this.get(name, t);
      if (!user) throw new UserStoreError('not-found', `user ${name} does not exist`);
      return this.update(name, { serviceTypes: user.serviceTypes.filter((s) => !gone.includes(s)) }, t);
    });
  }

  /** True when a user was deleted. */
  async delete(name: string, tx?: Tx): Promise<boolean> {
    const res = await inTx(this.store, tx, (t) => t.run('DELETE FROM local_users WHERE name = ?', [name]));
    return res.changes > 0;
  }
}
