// password-control (§10) for passwords: length, composition, history and aging. The one owner of
// these rules: Accounts (local users: CLI, offline tool, forced change, NETCONF) and SuperPasswords
// ask it before they store a password, and record every new hash here. The history is hashes only, in
// the store (not configuration), so it survives restarts and configuration loads.
import type { PasswordHasher } from '../common/password-hash';
import type { Store, Tx } from '../store/store';
import { PasswordHistoryRows } from '../store/password-history';
import type { SettingsService } from './services';
import type { SettingKey, SettingValue } from './settings';

/** Whose password: a local user's, or the super password of a level. */
export type Secret = { user: string } | { superLevel: number };

export interface PasswordRules {
  /** `password-control enable`: without it nothing below applies. */
  enabled: boolean;
  /** Minimum length; 0 when the length feature is off. */
  minLength: number;
  /** Character types a password must contain, and characters of each; 0 when composition is off. */
  types: number;
  typeLength: number;
  /** Old passwords a new one may not repeat; 0 when off (super passwords have no history). */
  history: number;
  /** Days a password lives; 0 when aging is off. */
  agingDays: number;
}

type AllSettings = { [K in SettingKey]: SettingValue<K> };

const DAY_MS = 24 * 3600 * 1000;
/** Early notice on password expiration: logins this many days before are told. */
export const ALERT_BEFORE_EXPIRE_DAYS = 7;
/** With password control on and the length feature off, Comware still wants 4 characters, 4 different. */
const BASE_LENGTH = 4;

export function subjectOf(secret: Secret): string {
  return 'user' in secret ? secret.user : `:super${secret.superLevel}`;
}

/** The rules in force for a kind of password, from the settings. */
export function rulesFrom(s: AllSettings, kind: 'user' | 'super'): PasswordRules {
  const superOr = (value: number, global: number) => (kind === 'super' && value > 0 ? value : global);
  return {
    enabled: s['password-control.enable'],
    minLength: s['password-control.length.enable'] ? superOr(s['password-control.super.length'], s['password-control.length']) : 0,
    types: s['password-control.composition.enable']
      ? superOr(s['password-control.super.composition.type-number'], s['password-control.composition.type-number'])
      : 0,
    typeLength: superOr(s['password-control.super.composition.type-length'], s['password-control.composition.type-length']),
    history: kind === 'user' && s['password-control.history.enable'] ? s['password-control.history'] : 0,
    agingDays: s['password-control.aging.enable'] ? superOr(s['password-control.super.aging'], s['password-control.aging']) : 0,
  };
}

const TYPES: readonly RegExp[] = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/];

/** Length and composition: why `password` does not satisfy `rules`, or undefined. */
export function shapeProblem(rules: PasswordRules, password: string): string | undefined {
  if (!rules.enabled) return undefined;
  const chars = [...password];
  if (rules.minLength > 0 && chars.length < rules.minLength) {
    return `the password must contain at least ${rules.minLength} characters`;
  }
  if (rules.minLength === 0 && (chars.length < BASE_LENGTH || new Set(chars).size < BASE_LENGTH)) {
    return `the password must contain at least ${BASE_LENGTH} different characters`;
  }
  if (rules.types > 0) {
    const met = TYPES.filter((re) => chars.filter((c) => re.test(c)).length >= rules.typeLength).length;
    if (met < rules.types) {
      return (
        `the password must contain at least ${rules.types} of the character types uppercase letters, lowercase letters, ` +
        `digits and special characters, with at least ${rules.typeLength} characters of each`
      );
    }
  }
  return undefined;
}

export class PasswordPolicy {
  private rows: PasswordHistoryRows;

  constructor(store: Store, private settings: SettingsService, private hasher: PasswordHasher) {
    this.rows = new PasswordHistoryRows(store);
  }

  async rules(kind: 'user' | 'super'): Promise<PasswordRules> {
    return rulesFrom(await this.settings.all(), kind);
  }

  /** Why `password` may not become the secret's password, or undefined. History costs one KDF run per record. */
  async refusal(secret: Secret, password: string): Promise<string | undefined> {
    const rules = await this.rules('user' in secret ? 'user' : 'super');
    const shape = shapeProblem(rules, password);
    if (shape || !rules.enabled || rules.history === 0) return shape;
    // The current password and the `history` before it.
    for (const old of await this.rows.recent(subjectOf(secret), rules.history + 1)) {
      if (await this.hasher.verify(password, old.hash)) {
        return `the new password must differ from the current one and the ${rules.history} before it`;
      }
    }
    return undefined;
  }

  /** A new hash was stored for the secret (in the caller's transaction): its age starts now. */
  record(secret: Secret, hash: string, tx?: Tx): Promise<void> {
    return this.rows.add(subjectOf(secret), hash, Date.now(), tx);
  }

  /** A hash from a configuration: keeps the age it has when it is on record, else starts it now. */
  async adopt(secret: Secret, hash: string, tx?: Tx): Promise<void> {
    if ((await this.rows.setAt(subjectOf(secret), hash, tx)) === undefined) await this.record(secret, hash, tx);
  }

  /** The same password under new KDF parameters: same record, same age. */
  rehashed(secret: Secret, oldHash: string, newHash: string, tx?: Tx): Promise<void> {
    return this.rows.replaceHash(subjectOf(secret), oldHash, newHash, tx);
  }

  forget(secret: Secret, tx?: Tx): Promise<void> {
    return this.rows.forget(subjectOf(secret), tx);
  }

  /** Days until the secret's current hash passes the aging time (0 or less: expired); undefined when it never does. */
  async daysLeft(secret: Secret, hash: string | null, now = Date.now()): Promise<number | undefined> {
    if (!hash) return undefined;
    const rules = await this.rules('user' in secret ? 'user' : 'super');
    if (!rules.enabled || rules.agingDays === 0) return undefined;
    const setAt = await this.rows.setAt(subjectOf(secret), hash);
    return setAt === undefined ? undefined : Math.ceil((setAt + rules.agingDays * DAY_MS - now) / DAY_MS);
  }

  /** Whether the secret's current hash is older than the aging time (password-control aging). */
  async expired(secret: Secret, hash: string | null, now = Date.now()): Promise<boolean> {
    const left = await this.daysLeft(secret, hash, now);
    return left !== undefined && left <= 0;
  }
}
