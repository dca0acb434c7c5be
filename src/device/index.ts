import { dataPaths, DataPaths, ensureDataDir } from '../common/paths';
import type { Store } from '../store/store';
import type { LockPolicy } from '../store/blacklist';
import type { PasswordHasher, ScryptCost } from '../common/password-hash';
import type { Accounts } from './accounts';
import type { BlacklistService, LoginFacts, LogBufferService, PeerKeyService, SettingsService, SshUserService, UserDirectory } from './services';
import type { HostKeyFiles } from './host-keys';
import type { SuperPasswords } from './super-passwords';
import type { UserAdmin } from './user-admin';
import type { Acls } from './acl';
import type { PasswordPolicy } from './password-policy';
import type { AaaService } from './aaa';
import type { SshClientServers } from './ssh-client';

/*
 * Services are loaded on first use. Every CLI process holds a Device, and an idle session (or one
 * that only ran `display version`) should not pay for sqlite3, node:crypto and the repositories:
 * they add megabytes per process, and five sessions plus a spare multiply it.
 */
const load = {
  store: () => require('../store/store') as typeof import('../store/store'),
  localUsers: () => require('../store/local-users') as typeof import('../store/local-users'),
  sshUsers: () => require('../store/ssh-users') as typeof import('../store/ssh-users'),
  publicKeys: () => require('../store/public-keys') as typeof import('../store/public-keys'),
  blacklist: () => require('../store/blacklist') as typeof import('../store/blacklist'),
  password: () => require('../common/password-hash') as typeof import('../common/password-hash'),
  accounts: () => require('./accounts') as typeof import('./accounts'),
  settings: () => require('./settings') as typeof import('./settings'),
  logbuffer: () => require('./logbuffer') as typeof import('./logbuffer'),
  hostKeys: () => require('./host-keys') as typeof import('./host-keys'),
  superPasswords: () => require('./super-passwords') as typeof import('./super-passwords'),
  userAdmin: () => require('./user-admin') as typeof import('./user-admin'),
  passwordPolicy: () => require('./password-policy') as typeof import('./password-policy'),
  firstBoot: () => require('./first-boot') as typeof import('./first-boot'),
  contents: () => require('../store/contents') as typeof import('../store/contents'),
  loginFacts: () => require('../store/login-facts') as typeof import('../store/login-facts'),
  acl: () => require('./acl') as typeof import('./acl'),
  aaa: () => require('./aaa') as typeof import('./aaa'),
  deviceKey: () => require('./device-key') as typeof import('./device-key'),
  sshClient: () => require('./ssh-client') as typeof import('./ssh-client'),
};

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
  private hasher?: PasswordHasher;
  private storePromise?: Promise<Store>;
  private loginQuery?: Promise<import('../store/login-facts').LoginFactsQuery>;

  constructor(
    dataDir: string,
    private opts: DeviceOptions = {},
  ) {
    this.paths = dataPaths(dataDir);
    this.hasher = opts.passwords;
  }

  /** One hasher per process, so its KDF queue bounds all password work of the process. */
  get passwords(): PasswordHasher {
    if (!this.hasher) {
      const { DEFAULT_COST, PasswordHasher } = load.password();
      this.hasher = new PasswordHasher(this.opts.passwordCost ?? DEFAULT_COST);
    }
    return this.hasher;
  }

  /** Opens the database now (the daemon does, so a broken one stops it before it listens). */
  async open(): Promise<void> {
    await this.store();
  }

  private store(): Promise<Store> {
    if (!this.storePromise) {
      ensureDataDir(this.paths.dir);
      this.storePromise = load.store().Store.open(this.paths.database, { onMigrate: this.opts.onMigrate });
    }
    return this.storePromise;
  }

  async settings(): Promise<SettingsService> {
    return new (load.settings().Settings)(await this.store());
  }

  /** Local users (`local-user`), read-only. */
  async users(): Promise<UserDirectory> {
    return new (load.localUsers().LocalUsers)(await this.store());
  }

  /** SSH users (`ssh user`): authentication type, service type, key assignments. */
  async sshUsers(): Promise<SshUserService> {
    return new (load.sshUsers().SshUsers)(await this.store());
  }

  /** Peer public keys (`public-key peer`). */
  async keys(): Promise<PeerKeyService> {
    return new (load.publicKeys().PublicKeys)(await this.store());
  }

  /** password-control blacklist. */
  async blacklist(): Promise<BlacklistService> {
    return new (load.blacklist().Blacklist)(await this.store());
  }

  /** Operations that take plain passwords (create, set, change) and multi-table user changes. */
  async accounts(): Promise<Accounts> {
    const policy = await this.passwordPolicy();
    // The one-time password is worthless once admin has another: its file goes, whichever path changed it.
    const changed = (name: string) => {
      if (name === 'admin') load.firstBoot().forgetInitialPassword(this.paths);
    };
    return new (load.accounts().Accounts)(await this.store(), this.passwords, policy, changed);
  }

  /** password-control's rules for new passwords, their history and their age. */
  async passwordPolicy(): Promise<PasswordPolicy> {
    return new (load.passwordPolicy().PasswordPolicy)(await this.store(), await this.settings(), this.passwords);
  }

  /** The lockout policy from the password-control settings. */
  async lockPolicy(): Promise<LockPolicy> {
    return load.settings().lockPolicyOf(await (await this.settings()).all());
  }

  /** What authenticating `name` from `address` needs: one read, its statement compiled once per process. */
  async loginFacts(name: string, address: string): Promise<LoginFacts> {
    this.loginQuery ??= this.store().then((s) => new (load.loginFacts().LoginFactsQuery)(s));
    return (await this.loginQuery).get(name, address);
  }

  /** password-control login-attempt / enable: the policy and the re-evaluated blacklist in one transaction. */
  async setLockPolicy(policy: LockPolicy): Promise<void> {
    const store = await this.store();
    const settings = new (load.settings().Settings)(store);
    const blacklist = new (load.blacklist().Blacklist)(store);
    await store.transaction(async (t) => {
      await settings.set('password-control.enable', policy.enabled, t);
      await settings.set('password-control.login-attempt', policy.attempts, t);
      await settings.set('password-control.exceed', policy.exceed, t);
      await settings.set('password-control.lock-time', policy.lockMinutes, t);
      await blacklist.reevaluate(policy, Date.now(), t);
    });
  }

  /** Basic ACLs and the one applied to the vtys. */
  async acls(): Promise<Acls> {
    return new (load.acl().Acls)(await this.settings());
  }

  /** `display logbuffer` and the records every process appends to it. */
  async logBuffer(): Promise<LogBufferService> {
    return new (load.logbuffer().LogBuffer)(await this.store());
  }

  /** Guarded local-user changes (the last manager stays). */
  async userAdmin(): Promise<UserAdmin> {
    return new (load.userAdmin().UserAdmin)(await this.store());
  }

  /** The device's own key pairs (the daemon's host keys). */
  get hostKeys(): HostKeyFiles {
    return new (load.hostKeys().HostKeyFiles)(this.paths);
  }

  /** The SSH client's trust in servers: `ssh client first-time`, server key assignments. */
  async sshClientServers(): Promise<SshClientServers> {
    return new (load.sshClient().SshClientServers)(await this.settings(), await this.keys());
  }

  /** `super password` hashes; also the CLI's superPassword hook. */
  get superPasswords(): SuperPasswords {
    return new (load.superPasswords().SuperPasswords)(() => this.settings(), () => this.passwordPolicy(), this.passwords);
  }

  /** The `super` check over those hashes, loaded when first asked: an idle session holds neither them nor node:crypto. */
  superPasswordCheck(): Pick<SuperPasswords, 'isSet' | 'verify'> {
    return {
      isSet: (level) => this.superPasswords.isSet(level),
      verify: (level, password) => this.superPasswords.verify(level, password),
    };
  }

  /** ISP domains, RADIUS schemes, their keys (under the device key) and the servers' state. */
  async aaa(): Promise<AaaService> {
    const { DeviceKey } = load.deviceKey();
    return new (load.aaa().Aaa)(await this.store(), new DeviceKey(this.paths.deviceKey));
  }

  /** Drops the running configuration, as a restart does before it reads the startup file. */
  async clearConfiguration(): Promise<void> {
    const store = await this.store();
    await store.transaction((t) => load.contents().clearConfiguration(t));
  }

  async close(): Promise<void> {
    if (this.storePromise) {
      const store = await this.storePromise.catch(() => undefined);
      this.storePromise = undefined;
      this.loginQuery = undefined;
      if (store) await load.logbuffer().drainLogBuffer(store);
      await store?.close();
    }
  }
}
