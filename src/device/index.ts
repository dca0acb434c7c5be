import { dataPaths, DataPaths, ensureDataDir } from '../common/paths';
import { Store } from '../users/store';
import { LocalUsers } from '../users/local-users';
import { SshUsers } from '../users/ssh-users';
import { PublicKeys } from '../users/public-keys';
import { Blacklist, ExceedAction, LockPolicy } from '../users/blacklist';
import { DEFAULT_COST, PasswordHasher, ScryptCost } from '../auth/password';
import { Accounts } from './accounts';
import { Settings } from './settings';
import { LogBuffer } from './logbuffer';
import { HostKeyFiles } from './host-keys';
import { SuperPasswords } from './super-passwords';
import { UserAdmin } from './user-admin';
import { StartupConfig } from './startup-config';

export interface DeviceOptions {
  /** scrypt cost for new hashes; tests lower it, the device keeps the default. */
  passwordCost?: ScryptCost;
  /** A ready hasher (tests that count KDF runs); overrides passwordCost. */
  passwords?: PasswordHasher;
  /** Told when opening the database upgraded its schema (the daemon logs it). */
  onMigrate?: (from: number, to: number) => void;
}

/**
 * The device as handlers and the daemon see it: narrow services over one database connection,
 * opened when a service is first used (a CLI session that only runs `display version` never opens it).
 */
export class Device {
  readonly paths: DataPaths;
  /** One hasher per process, so its KDF queue bounds all password work of the process. */
  readonly passwords: PasswordHasher;
  private storePromise?: Promise<Store>;
  private onMigrate?: (from: number, to: number) => void;

  constructor(dataDir: string, opts: DeviceOptions = {}) {
    this.paths = dataPaths(dataDir);
    this.onMigrate = opts.onMigrate;
    this.passwords = opts.passwords ?? new PasswordHasher(opts.passwordCost ?? DEFAULT_COST);
  }

  store(): Promise<Store> {
    if (!this.storePromise) {
      ensureDataDir(this.paths.dir);
      this.storePromise = Store.open(this.paths.database, { onMigrate: this.onMigrate });
    }
    return this.storePromise;
  }

  async settings(): Promise<Settings> {
    return new Settings(await this.store());
  }

  /** Local users (`local-user`): storage only, hashes in and out. */
  async users(): Promise<LocalUsers> {
    return new LocalUsers(await this.store());
  }

  /** SSH users (`ssh user`): authentication type, service type, key assignments. */
  async sshUsers(): Promise<SshUsers> {
    return new SshUsers(await this.store());
  }

  /** Peer public keys (`public-key peer`). */
  async keys(): Promise<PublicKeys> {
    return new PublicKeys(await this.store());
  }

  /** password-control blacklist. */
  async blacklist(): Promise<Blacklist> {
    return new Blacklist(await this.store());
  }

  /** Operations that take plain passwords (create, set, change) and multi-table user changes. */
  async accounts(): Promise<Accounts> {
    return new Accounts(await this.store(), this.passwords);
  }

  /** The lockout policy from the password-control settings. */
  async lockPolicy(): Promise<LockPolicy> {
    const s = await (await this.settings()).all();
    return {
      enabled: s['password-control.enable'],
      attempts: s['password-control.login-attempt'],
      exceed: s['password-control.exceed'] as ExceedAction,
      lockMinutes: s['password-control.lock-time'],
    };
  }

  /** password-control login-attempt / enable: the policy and the re-evaluated blacklist in one transaction. */
  async setLockPolicy(policy: LockPolicy): Promise<void> {
    const store = await this.store();
    const settings = new Settings(store);
    const blacklist = new Blacklist(store);
    await store.transaction(async (t) => {
      await settings.set('password-control.enable', policy.enabled, t);
      await settings.set('password-control.login-attempt', policy.attempts, t);
      await settings.set('password-control.exceed', policy.exceed, t);
      await settings.set('password-control.lock-time', policy.lockMinutes, t);
      await blacklist.reevaluate(policy, Date.now(), t);
    });
  }

  /** `ssh server authentication-retries`: failures (other than `none`) before the daemon disconnects. */
  async authenticationRetries(): Promise<number> {
    return (await this.settings()).get('ssh.server.authentication-retries');
  }

  /** `display logbuffer` and the records every process appends to it. */
  async logBuffer(): Promise<LogBuffer> {
    return new LogBuffer(await this.store());
  }

  /** Guarded local-user changes (the last manager stays). */
  async userAdmin(): Promise<UserAdmin> {
    return new UserAdmin(await this.store());
  }

  /** The device's own key pairs (the daemon's host keys). */
  get hostKeys(): HostKeyFiles {
    return new HostKeyFiles(this.paths);
  }

  /** `super password` hashes; also the CLI's superPassword hook. */
  get superPasswords(): SuperPasswords {
    return new SuperPasswords(() => this.settings(), this.passwords);
  }

  /** `startup.cfg` in the data directory. */
  get startupConfig(): StartupConfig {
    return new StartupConfig(this.paths.startupConfig);
  }

  /** No user, key or setting yet: a configuration file may be loaded into this database. */
  async isEmpty(): Promise<boolean> {
    const store = await this.store();
    const row = await store.get<{ n: number }>(
      'SELECT (SELECT count(*) FROM local_users) + (SELECT count(*) FROM settings) + (SELECT count(*) FROM public_keys) + (SELECT count(*) FROM ssh_users) AS n',
    );
    return (row?.n ?? 0) === 0;
  }

  async close(): Promise<void> {
    if (this.storePromise) {
      const store = await this.storePromise.catch(() => undefined);
      this.storePromise = undefined;
      await store?.close();
    }
  }
}
