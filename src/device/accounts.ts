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
import type { PasswordPolicy } from './password-policy';

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

/** Why a new password is unacceptable whatever the policy, or undefined. The rest is PasswordPolicy's. */
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

  /** `changed` is told the user whose password changed, once it is committed. */
  constructor(
    private store: Store,
    private hasher: PasswordHasher,
    private policy: PasswordPolicy,
    private changed: (name: string) => void = () => undefined,
  ) {
    this.users = new LocalUsers(store);
    this.ssh = new SshUsers(store);
    this.keys = new PublicKeys(store);
  }

  /** Basic rules, then password-control: a refused password throws 'invalid' with the reason. */
  private async checkPolicy(name: string, password: string): Promise<void> {
    checkNewPassword(password);
    const refusal = await this.policy.refusal({ user: name }, password);
    if (refusal) throw new UserStoreError('invalid', refusal);
  }

  /** Creates a local user (and its SSH user when authType is given) in one transaction. */
  async createUser(name: string, spec: NewUser = {}): Promise<LocalUser> {
    assertUserName(name);
    if (spec.password !== undefined) await this.checkPolicy(name, spec.password);
    // Hash before the transaction: a 200 ms KDF must not hold the database's write lock.
    const passwordHash = spec.password !== undefined ? await this.hasher.hash(spec.password) : null;
    return this.store.transaction(async (t) => {
      const user = await this.users.create(
        name,
        { level: spec.level, serviceTypes: spec.serviceTypes, passwordHash, mustChangePassword: spec.mustChangePassword },
        t,
      );
      if (spec.authType) await this.ssh.setAuthType(name, spec.authType, t);
      if (passwordHash) await this.policy.record({ user: name }, passwordHash, t);
      return user;
    });
  }

  /** `password simple PW` / offline `user passwd`: sets without knowing the old one. */
  async setPassword(name: string, password: string, opts: { mustChange?: boolean } = {}): Promise<LocalUser> {
    if (!(await this.users.get(name))) throw new UserStoreError('not-found', `user ${name} does not exist`);
    await this.checkPolicy(name, password);
    const passwordHash = await this.hasher.hash(password);
    const user = await this.store.transaction(async (t) => {
      const u = await this.users.update(name, { passwordHash, mustChangePassword: opts.mustChange ?? false }, t);
      await this.policy.record({ user: name }, passwordHash, t);
      return u;
    });
    this.changed(name);
    return user;
  }

  /** `password hash HASH` from a saved configuration: only well-formed hashes are accepted. */
  async setPasswordHash(name: string, hash: string): Promise<LocalUser> {
    if (!isValidHash(hash)) throw new UserStoreError('invalid', 'not a valid password hash');
    const { user, before } = await this.store.transaction(async (t) => {
      const before = (await this.users.get(name, t))?.passwordHash;
      const u = await this.users.update(name, { passwordHash: hash }, t);
      await this.policy.adopt({ user: name }, hash, t);
      return { user: u, before };
    });
    if (before !== hash) this.changed(name);
    return user;
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
    const refusal = await this.policy.refusal({ user: name }, newPassword);
    if (refusal) return { ok: false, reason: 'invalid', message: refusal };
    const passwordHash = await this.hasher.hash(newPassword);
    await this.store.transaction(async (t) => {
      await this.users.update(name, { passwordHash, mustChangePassword: false }, t);
      await this.policy.record({ user: name }, passwordHash, t);
    });
    this.changed(name);
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
      await this.policy.record({ user: 'admin' }, passwordHash, t);
      return true;
    });
  }

  /** Replaces the hash only while it is still `oldHash` (a rehash must not undo a concurrent change). */
  async replacePasswordHash(name: string, oldHash: string, newHash: string): Promise<boolean> {
    return this.store.transaction(async (t) => {
      const now = await this.users.get(name, t);
      if (now?.passwordHash !== oldHash) return false;
      await this.users.update(name, { passwordHash: newHash }, t);
      await this.policy.rehashed({ user: name }, oldHash, newHash, t);
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
