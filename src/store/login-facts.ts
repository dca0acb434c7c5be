// Everything one authentication request needs about a user, in one statement compiled once: the
// local user, the `ssh user` entry, the assigned keys and the blacklist entry of the source address.
// Unknown names run the same statement, so the database adds no timing difference.
import { blacklistFromRow, type BlacklistEntry } from './blacklist';
import { localUserFromRow, type LocalUser } from './local-users';
import { publicKeyFromRow, type PublicKeyRecord } from './public-keys';
import type { AuthType, SshServiceType } from './ssh-users';
import type { Prepared, Store } from './store';

export interface LoginFacts {
  user?: LocalUser;
  ssh?: { authType: AuthType | null; serviceType: SshServiceType };
  /** Keys assigned to the user, by name. */
  keys: PublicKeyRecord[];
  blacklist?: BlacklistEntry;
}

// One row per assigned key (or one row without a key); the user's columns repeat.
const SQL = `
SELECT u.name, u.password_hash, u.level, u.service_types, u.state, u.must_change_password, u.created_at, u.updated_at,
       s.name AS s_name, s.auth_type, s.service_type,
       b.user AS b_user, b.address AS b_address, b.failures AS b_failures, b.locked AS b_locked,
       b.lock_until AS b_lock_until, b.updated_at AS b_updated_at,
       k.name AS k_name, k.algorithm AS k_algorithm, k.blob AS k_blob, k.comment AS k_comment,
       k.fingerprint AS k_fingerprint, k.created_at AS k_created_at
FROM (SELECT ?1 AS name, ?2 AS address) q
LEFT JOIN local_users u ON u.name = q.name
LEFT JOIN ssh_users s ON s.name = q.name
LEFT JOIN blacklist b ON b.user = q.name AND b.address = q.address
LEFT JOIN ssh_user_keys a ON a.user = q.name
LEFT JOIN public_keys k ON k.name = a.key_name
ORDER BY k.name`;

interface Row {
  name: string | null;
  password_hash: string | null;
  level: number;
  service_types: string;
  state: LocalUser['state'];
  must_change_password: number;
  created_at: number;
  updated_at: number;
  s_name: string | null;
  auth_type: AuthType | null;
  service_type: SshServiceType;
  b_user: string | null;
  b_address: string;
  b_failures: number;
  b_locked: number;
  b_lock_until: number | null;
  b_updated_at: number;
  k_name: string | null;
  k_algorithm: string;
  k_blob: Buffer;
  k_comment: string;
  k_fingerprint: string;
  k_created_at: number;
}

export class LoginFactsQuery {
  private stmt: Prepared;

  constructor(store: Store) {
    this.stmt = store.prepare(SQL);
  }

  async get(name: string, address: string, now = Date.now()): Promise<LoginFacts> {
    const rows = await this.stmt.all<Row>([name, address]);
    const r = rows[0];
    const facts: LoginFacts = { keys: [] };
    if (!r) return facts;
    if (r.name !== null) facts.user = localUserFromRow({ ...r, name: r.name });
    if (r.s_name !== null) facts.ssh = { authType: r.auth_type, serviceType: r.service_type };
    if (r.b_user !== null) {
      facts.blacklist = blacklistFromRow(
        { user: r.b_user, address: r.b_address, failures: r.b_failures, locked: r.b_locked, lock_until: r.b_lock_until, updated_at: r.b_updated_at },
        now,
      );
    }
    for (const k of rows) {
      if (k.k_name === null) continue;
      facts.keys.push(
        publicKeyFromRow({ name: k.k_name, algorithm: k.k_algorithm, blob: k.k_blob, comment: k.k_comment, fingerprint: k.k_fingerprint, created_at: k.k_created_at }),
      );
    }
    return facts;
  }
}
