// Peer public keys (`public-key peer NAME`): stored as SSH blobs, shown as Comware key code or OpenSSH lines.
import type { Store, Tx } from './store';
import { UserStoreError } from './errors';
import { assertKeyName } from './names';
import { inTx } from './tx';
import { blobAlgorithm, blobToKeyObject, fingerprint, KeyFormatError } from '../common/pubkey';

export interface PublicKeyRecord {
  name: string;
  algorithm: string;
  blob: Buffer;
  comment: string;
  /** `SHA256:…` as ssh-keygen prints it */
  fingerprint: string;
  createdAt: number;
}

interface Row {
  name: string;
  algorithm: string;
  blob: Buffer;
  comment: string;
  fingerprint: string;
  created_at: number;
}

export function publicKeyFromRow(r: Row): PublicKeyRecord {
  return {
    name: r.name,
    algorithm: r.algorithm,
    blob: r.blob,
    comment: r.comment,
    fingerprint: r.fingerprint,
    createdAt: r.created_at,
  };
}

export class PublicKeys {
  constructor(private store: Store) {}

  async get(name: string, tx?: Tx): Promise<PublicKeyRecord | undefined> {
    const row = await (tx ?? this.store).get<Row>('SELECT * FROM public_keys WHERE name = ?', [name]);
    return row && publicKeyFromRow(row);
  }

  async list(tx?: Tx): Promise<PublicKeyRecord[]> {
    return (await (tx ?? this.store).all<Row>('SELECT * FROM public_keys ORDER BY name')).map(publicKeyFromRow);
  }

  /** Keys assigned to an SSH user, in name order. */
  async assignedTo(user: string, tx?: Tx): Promise<PublicKeyRecord[]> {
    const rows = await (tx ?? this.store).all<Row>(
      `SELECT k.* FROM public_keys k JOIN ssh_user_keys a ON a.key_name = k.name WHERE a.user = ? ORDER BY k.name`,
      [user],
    );
    return rows.map(publicKeyFromRow);
  }

  /** Users a key is assigned to. */
  async usersOf(name: string, tx?: Tx): Promise<string[]> {
    const rows = await (tx ?? this.store).all<{ user: string }>(
      'SELECT user FROM ssh_user_keys WHERE key_name = ? ORDER BY user',
      [name],
    );
    return rows.map((r) => r.user);
  }

  /**
   * Stores a key under name ('exists' when taken; `replace` overwrites, keeping assignments).
   * The blob is validated here so nothing unusable reaches the database.
   */
  async add(name: string, blob: Buffer, comment = '', opts: { replace?: boolean } = {}, tx?: Tx): Promise<PublicKeyRecord> {
    assertKeyName(name);
    let algorithm: string;
    try {
      algorithm = blobAlgorithm(blob);
      blobToKeyObject(blob);
    } catch (err) {
      throw new UserStoreError('invalid', err instanceof KeyFormatError ? err.message : 'invalid public key');
    }
    const fp = fingerprint(blob);
    return inTx(this.store, tx, async (t) => {
      const existing = await this.get(name, t);
      if (existing && !opts.replace) throw new UserStoreError('exists', `public key ${name} already exists`);
      if (existing) {
        await t.run('UPDATE public_keys SET algorithm = ?, blob = ?, comment = ?, fingerprint = ? WHERE name = ?', [
          algorithm,
          blob,
          comment,
          fp,
          name,
        ]);
      } else {
        await t.run(
          'INSERT INTO public_keys (name, algorithm, blob, comment, fingerprint, created_at) VALUES (?, ?, ?, ?, ?, ?)',
          [name, algorithm, blob, comment, fp, Date.now()],
        );
      }
      return (await this.get(name, t))!;
    });
  }

  /** `undo public-key peer NAME`: 'in-use' while assigned to a user; false when absent. */
  async delete(name: string, tx?: Tx): Promise<boolean> {
    return inTx(this.store, tx, async (t) => {
      const users = await this.usersOf(name, t);
      if (users.length) throw new UserStoreError('in-use', `public key ${name} is assigned to ${users.join(', ')}`);
      return (await t.run('DELETE FROM public_keys WHERE name = ?', [name])).changes > 0;
    });
  }
}
