// Local-user changes the CLI makes, each in one transaction, guarded so the device can never lose
// its last way in: the last active level-3 user with the ssh service cannot be deleted, blocked,
// lowered or lose the ssh service.
import type { Store, Tx } from '../store/store';
import { UserStoreError } from '../store/errors';
import { LocalUser, LocalUsers, UserState } from '../store/local-users';
import { SshUsers } from '../store/ssh-users';
import { Blacklist } from '../store/blacklist';

export const LAST_MANAGER = 'The last level-3 user with the SSH service cannot be deleted, blocked or lowered.';

function isManager(u: LocalUser | undefined): boolean {
  return u !== undefined && u.level === 3 && u.state === 'active' && u.serviceTypes.includes('ssh');
}

export class UserAdmin {
  private users: LocalUsers;
  private ssh: SshUsers;
  private blacklist: Blacklist;

  constructor(private store: Store) {
    this.users = new LocalUsers(store);
    this.ssh = new SshUsers(store);
    this.blacklist = new Blacklist(store);
  }

  /** Throws when `name` is the last manager and would stop being one. */
  private async guard(t: Tx, name: string, after: LocalUser | undefined): Promise<void> {
    const before = await this.users.get(name, t);
    if (!isManager(before) || isManager(after)) return;
    const others = (await this.users.list(t)).filter((u) => u.name !== name && isManager(u));
    if (others.length === 0) throw new UserStoreError('in-use', LAST_MANAGER);
  }

  private change(name: string, apply: (u: LocalUser) => Partial<LocalUser>): Promise<LocalUser> {
    return this.store.transaction(async (t) => {
      const user = await this.users.get(name, t);
      if (!user) throw new UserStoreError('not-found', `user ${name} does not exist`);
      const fields = apply(user);
      await this.guard(t, name, { ...user, ...fields });
      return this.users.update(name, fields, t);
    });
  }

  ensure(name: string): Promise<{ user: LocalUser; created: boolean }> {
    return this.users.ensure(name);
  }

  /**
   * The one way a user is deleted (CLI `undo local-user`, offline `user del`): the local user, its SSH
   * user (and key assignments) and its blacklist entries; keys stay. False when absent. `force`
   * lets the offline tool remove the last manager: whoever has the filesystem can add one back.
   */
  remove(name: string, opts: { force?: boolean } = {}): Promise<boolean> {
    return this.store.transaction(async (t) => {
      if (!opts.force) await this.guard(t, name, undefined);
      const local = await this.users.delete(name, t);
      const ssh = await this.ssh.delete(name, t);
      await this.blacklist.reset({ user: name }, t);
      return local || ssh;
    });
  }

  setLevel(name: string, level: number): Promise<LocalUser> {
    return this.change(name, () => ({ level }));
  }

  setState(name: string, state: UserState): Promise<LocalUser> {
    return this.change(name, () => ({ state }));
  }

  addServiceTypes(name: string, types: readonly LocalUser['serviceTypes'][number][]): Promise<LocalUser> {
    return this.change(name, (u) => ({ serviceTypes: [...u.serviceTypes, ...types] }));
  }

  removeServiceTypes(name: string, types: readonly string[]): Promise<LocalUser> {
    return this.change(name, (u) => ({ serviceTypes: u.serviceTypes.filter((s) => !types.includes(s)) }));
  }
}
