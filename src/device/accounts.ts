// Password-bearing user operations: the one place where plain passwords become hashes. Handlers,
// the offline tool and the forced-change flow use this; the repositories only ever see hashes.
import type { Store } from '../store/store';
import { UserStoreError } from '../store/errors';
import { LocalUser, LocalUsers, ServiceType } from '../store/local-users';
import { AuthType, SshUsers } from '../store/ssh-users';
import { PublicKeys, PublicKeyRecord } from '../store/public-keys';
import { isValidHash, MAX_PASSWORD_BYTES, PasswordHasher } from '../common/password-hash';
import { ParsedPublicKey } from '../common/pubkey';
import { assertUserName, MAX_KEY_NAME } from '../store/names';

export interface NewUser {
  level?: number;
  serviceTypes?: readonly ServiceType[];
  password?: string;
  authType?: AuthType;
  mustChangePassword?: boolean;
}

export type ChangePasswordResult =
  | { ok: true }
  | { ok: false; reason: 'wrong-password' | 'unchanged' | 'invalid' | 'not-found'; message: string };

/** Why a new password is unacceptable, or undefined. Complexity rules belong to password-control. */
export function newPasswordProblem(password: string): string | undefined {
  if (password.length === 0) return 'password must not be empty';
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) return `password longer than ${MAX_PASSWORD_BYTES} bytes`;
  if (/[\x00-\x1f\x7f]/.test(password)) return 'password must not contain control characters';
  return undefined;
}

function checkNewPassword(password: string): void {
  const problem = newPasswordProblem(password);
  if (problem) throw new UserStoreError('invalid', problem);
}

export class Accounts {
  private users: LocalUsers;
  private ssh: SshUsers;
  private keys: PublicKeys;

  constructor(private store: Store, private hasher: PasswordHasher) {
    this.users = new LocalUsers(store);
    this.ssh = new SshUsers(store);
    this.keys = new PublicKeys(store);
  }

  /** Creates a local user (and its SSH user when authType is given) in one transaction. */
  async createUser(name: string, spec: NewUser = {}): Promise<LocalUser> {
    assertUserName(name);
    if (spec.password !== undefined) checkNewPassword(spec.password);
    // Hash before the transaction: a 200 ms KDF must not hold the database's write lock.
    const passwordHash = spec.password !== undefined ? await this.hasher.hash(spec.password) : null;
    return this.store.transaction(async (t) => {
      const user = await this.users.create(
        name,
        { level: spec.level, serviceTypes: spec.serviceTypes, passwordHash, mustChangePassword: spec.mustChangePassword },
        t,
      );
      if (spec.authType) await this.ssh.setAuthType(name, spec.authType, t);
      return user;
    });
  }

  /** `password simple PW` / offline `user passwd`: sets without knowing the old one. */
  async setPassword(name: string, password: string, opts: { mustChange?: boolean } = {}): Promise<LocalUser> {
    checkNewPassword(password);
    const passwordHash = await this.hasher.hash(password);
    return this.users.update(name, { passwordHash, mustChangePassword: opts.mustChange ?? false });
  }

  /** `password hash HASH` from a saved configuration: only well-formed hashes are accepted. */
  async setPasswordHash(name: string, hash: string): Promise<LocalUser> {
    if (!isValidHash(hash)) throw new UserStoreError('invalid', 'not a valid password hash');
    return this.users.update(name, { passwordHash: hash });
  }

  /**
   * The user's own change (forced at first login, or `password` in user view): old must match;
   * success clears the forced-change flag.
   */
  async changePassword(name: string, oldPassword: string, newPassword: string): Promise<ChangePasswordResult> {
    const user = await this.users.get(name);
    if (!(await this.hasher.verify(oldPassword, user?.passwordHash))) {
      return user
        ? { ok: false, reason: 'wrong-password', message: 'old password is wrong' }
        : { ok: false, reason: 'not-found', message: `user ${name} does not exist` };
    }
    const problem = newPasswordProblem(newPassword);
    if (problem) return { ok: false, reason: 'invalid', message: problem };
    if (newPassword === oldPassword) return { ok: false, reason: 'unchanged', message: 'new password must differ from the old one' };
    const passwordHash = await this.hasher.hash(newPassword);
    await this.users.update(name, { passwordHash, mustChangePassword: false });
    return { ok: true };
  }

  /**
   * First start: on an empty user table, creates `admin` (level 3, ssh + terminal, must change the
   * password). False when users exist, also when the offline tool added one while we hashed.
   */
  async createInitialAdmin(password: string): Promise<boolean> {
    if ((await this.users.count()) > 0) return false;
    const passwordHash = await this.hasher.hash(password);
    return this.store.transaction(async (t) => {
      if ((await this.users.count(t)) > 0) return false;
      await this.users.create('admin', { level: 3, serviceTypes: ['ssh', 'terminal'], passwordHash, mustChangePassword: true }, t);
      return true;
    });
  }

  /** Replaces the hash only while it is still `oldHash` (a rehash must not undo a concurrent change). */
  async replacePasswordHash(name: string, oldHash: string, newHash: string): Promise<boolean> {
    return this.store.transaction(async (t) => {
      const now = await this.users.get(name, t);
      if (now?.passwordHash !== oldHash) return false;
      await this.users.update(name, { passwordHash: newHash }, t);
      return true;
    });
  }

  /**
   * Stores a key as NAME (or NAME-2, NAME-3, … when taken) and assigns it to the user, in one transaction.
   * 'exists' when the same key is already assigned to that user.
   */
  async addUserKey(user: string, key: ParsedPublicKey): Promise<PublicKeyRecord> {
    return this.store.transaction(async (t) => {
      if (!(await this.users.get(user, t))) throw new UserStoreError('not-found', `user ${user} does not exist`);
      const assigned = await this.keys.assignedTo(user, t);
      if (assigned.some((k) => k.blob.equals(key.blob))) {
        throw new UserStoreError('exists', `this key is already assigned to ${user}`);
      }
      let keyName = user;
      for (let i = 2; await this.keys.get(keyName, t); i++) {
        const suffix = `-${i}`;
        keyName = user.slice(0, MAX_KEY_NAME - suffix.length) + suffix;
      }
      const record = await this.keys.add(keyName, key.blob, key.comment, {}, t);
      await this.ssh.assignKey(user, keyName, {}, t);
      return record;
    });
  }
}
