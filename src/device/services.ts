// What handlers, auth and the tools see of the device: narrow services that take and return domain
// values. The store's repositories implement them, but nobody above src/device names the store, a
// transaction or a repository class.
import type { LocalUser } from '../store/local-users';
import type { AuthType, SshServiceType, SshUser } from '../store/ssh-users';
import type { PublicKeyRecord } from '../store/public-keys';
import type { BlacklistEntry, FailureOutcome, LockPolicy } from '../store/blacklist';
import type { SettingKey, SettingValue } from './settings';
import type { LogBufferStats, LogRecord, StoredLogRecord } from './logbuffer';

export type { LocalUser, AuthType, SshServiceType, SshUser, PublicKeyRecord, BlacklistEntry, LockPolicy };
export type { LoginFacts } from '../store/login-facts';
export { UserStoreError } from '../store/errors';
export { userNameProblem } from '../store/names';
export { parseAuthType } from '../store/ssh-users';

/** `local-user` records, read-only: changes go through Accounts (passwords) and UserAdmin (guarded). */
export interface UserDirectory {
  get(name: string): Promise<LocalUser | undefined>;
  list(): Promise<LocalUser[]>;
  count(): Promise<number>;
}

/** `ssh user NAME …` */
export interface SshUserService {
  get(name: string): Promise<SshUser | undefined>;
  list(): Promise<SshUser[]>;
  setAuthType(name: string, authType: AuthType | null): Promise<SshUser>;
  setServiceType(name: string, serviceType: SshServiceType): Promise<SshUser>;
  assignKey(name: string, keyName: string, opts?: { replace?: boolean }): Promise<SshUser>;
  /** All of the user's keys when keyName is absent; the number unassigned. */
  unassignKey(name: string, keyName?: string): Promise<number>;
  delete(name: string): Promise<boolean>;
}

/** `public-key peer NAME` */
export interface PeerKeyService {
  get(name: string): Promise<PublicKeyRecord | undefined>;
  list(): Promise<PublicKeyRecord[]>;
  assignedTo(user: string): Promise<PublicKeyRecord[]>;
  add(name: string, blob: Buffer, comment?: string, opts?: { replace?: boolean }): Promise<PublicKeyRecord>;
  delete(name: string): Promise<boolean>;
}

/** The password-control blacklist. */
export interface BlacklistService {
  get(user: string, address: string, now?: number): Promise<BlacklistEntry | undefined>;
  list(filter?: { user?: string; address?: string }, now?: number): Promise<BlacklistEntry[]>;
  isLocked(user: string, address: string, now?: number): Promise<boolean>;
  recordFailure(user: string, address: string, policy: LockPolicy, now?: number): Promise<FailureOutcome>;
  /** A name that is no user: one count per address, never a lock. */
  recordUnknownUserFailure(address: string, policy: LockPolicy, now?: number): Promise<FailureOutcome>;
  /** True when an entry was cleared. */
  recordSuccess(user: string, address: string): Promise<boolean>;
  reset(filter?: { user?: string; address?: string }): Promise<number>;
}

/** Device settings with their defaults filled in. */
export interface SettingsService {
  get<K extends SettingKey>(key: K): Promise<SettingValue<K>>;
  all(): Promise<{ [K in SettingKey]: SettingValue<K> }>;
  /** Durable when the promise resolves. */
  set<K extends SettingKey>(key: K, value: SettingValue<K>): Promise<void>;
  reset<K extends SettingKey>(key: K): Promise<void>;
}

/** `display logbuffer` and the records every process appends to it. */
export interface LogBufferService {
  append(record: LogRecord): Promise<void>;
  list(): Promise<StoredLogRecord[]>;
  stats(): Promise<LogBufferStats>;
}
