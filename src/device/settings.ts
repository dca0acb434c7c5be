import type { ExceedAction, LockPolicy } from '../store/blacklist';
import type { Store, Tx } from '../store/store';
import { SettingRows } from '../store/settings';

/**
 * Device settings with their factory defaults. Only values that differ from the default are stored,
 * so `display current-configuration` can show exactly the non-default lines.
 */
export const SETTING_DEFAULTS = {
  sysname: 'WX3000',
  'ssh.server.enable': true,
  'ssh.server.authentication-retries': 3,
  'ssh.server.timeout': 60,
  'ssh.server.rekey-interval': 0,
  /** Algorithm list overrides (comma lists); empty = the built-in policy. */
  'ssh.server.kex': '',
  'ssh.server.hostkey': '',
  'ssh.server.cipher': '',
  'ssh.server.mac': '',
  /** `sftp server enable` (also what OpenSSH's scp uses), `sftp server idle-timeout` minutes. */
  'sftp.server.enable': false,
  'sftp.server.idle-timeout': 10,
  /** `ssh client first-time enable` (comware-aaa-files.md §5, proposed default: on): a first connection may trust an unknown server. */
  'ssh.client.first-time': true,
  /** `ssh client authentication server HOST assign publickey NAME`: JSON { HOST: NAME }; '' = none. */
  'ssh.client.servers': '',
  /** `netconf ssh server enable` / `port`: NETCONF over SSH, off by default (comware-aaa-files.md §6.1). */
  'netconf.ssh.enable': false,
  'netconf.ssh.port': 830,
  'password-control.enable': true,
  'password-control.login-attempt': 3,
  /** 'lock' | 'lock-time' | 'unlock' */
  'password-control.exceed': 'lock-time',
  'password-control.lock-time': 1,
  /** password-control { aging | composition | history | length } enable: each feature's switch. */
  'password-control.aging.enable': true,
  'password-control.composition.enable': true,
  'password-control.history.enable': true,
  'password-control.length.enable': true,
  /** Days a password lives (1–365). */
  'password-control.aging': 90,
  /** Minimum length (4–32). */
  'password-control.length': 10,
  /** Character types a password must contain (1–4), and characters of each (1–63). */
  'password-control.composition.type-number': 1,
  'password-control.composition.type-length': 1,
  /** Old passwords a new one may not repeat (2–15). */
  'password-control.history': 4,
  /** password-control super …: 0 = the global value. */
  'password-control.super.aging': 0,
  'password-control.super.length': 0,
  'password-control.super.composition.type-number': 0,
  'password-control.super.composition.type-length': 0,
  /** `super password level N`: the password hash, '' = not set (level 1–3; level 0 never needs one). */
  'super-password.1': '',
  'super-password.2': '',
  'super-password.3': '',
  /** info-center loghost ADDR [ port N ]: the syslog collector from configuration ('' = none). */
  'info-center.loghost': '',
  'info-center.loghost.port': 514,
  'header.login': '',
  'header.motd': '',
  'header.shell': '',
  /** user-interface vty 0 4 */
  'ui.vty.idle-timeout': 600,
  'ui.vty.screen-length': 24,
  'ui.vty.history-size': 10,
  'ui.vty.privilege-level': 0,
  'ui.vty.authentication-mode': 'scheme',
  'ui.vty.protocol-inbound': 'all',
  /** `acl N inbound` (0 = none) */
  'ui.vty.acl-inbound': 0,
  /** The basic ACLs 2000–2999 (./acl), JSON; '' = none. */
  'acl.basic': '',
  /** user-interface aux 0 (the console) */
  'ui.aux.idle-timeout': 600,
  'ui.aux.screen-length': 24,
  'ui.aux.history-size': 10,
  'ui.aux.privilege-level': 3,
  'ui.aux.authentication-mode': 'none',
  /** `domain default enable NAME` */
  'aaa.domain-default': 'system',
} as const;

export type SettingKey = keyof typeof SETTING_DEFAULTS;
export type SettingValue<K extends SettingKey> = (typeof SETTING_DEFAULTS)[K] extends boolean
  ? boolean
  : (typeof SETTING_DEFAULTS)[K] extends number
    ? number
    : string;

export type AllSettings = { [K in SettingKey]: SettingValue<K> };

/** The lockout policy of the password-control settings. */
export function lockPolicyOf(s: AllSettings): LockPolicy {
  return {
    enabled: s['password-control.enable'],
    attempts: s['password-control.login-attempt'],
    exceed: s['password-control.exceed'] as ExceedAction,
    lockMinutes: s['password-control.lock-time'],
  };
}

export class Settings {
  private rows: SettingRows;

  constructor(store: Store) {
    this.rows = new SettingRows(store);
  }

  async get<K extends SettingKey>(key: K): Promise<SettingValue<K>> {
    const value = await this.rows.get(key);
    return (value === undefined ? SETTING_DEFAULTS[key] : value) as SettingValue<K>;
  }

  /** All settings, defaults filled in. */
  async all(): Promise<AllSettings> {
    const out: Record<string, unknown> = { ...SETTING_DEFAULTS };
    for (const [key, value] of await this.rows.all()) if (key in SETTING_DEFAULTS) out[key] = value;
    return out as AllSettings;
  }

  /** Durable when the promise resolves. Setting the default value removes the row. */
  set<K extends SettingKey>(key: K, value: SettingValue<K>, tx?: Tx): Promise<void> {
    return value === SETTING_DEFAULTS[key] ? this.rows.remove(key, tx) : this.rows.put(key, value, tx);
  }

  reset<K extends SettingKey>(key: K, tx?: Tx): Promise<void> {
    return this.set(key, SETTING_DEFAULTS[key] as SettingValue<K>, tx);
  }
}
