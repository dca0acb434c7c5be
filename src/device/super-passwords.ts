// `super password level N`: one hash per level, kept in the settings table so it is saved and
// loaded with the rest of the configuration. This is the CLI's `superPassword` hook.
import { isValidHash, PasswordHasher } from '../common/password-hash';
import { UserStoreError } from '../store/errors';
import type { SettingsService } from './services';
import type { PasswordPolicy } from './password-policy';

export const SUPER_LEVELS = [1, 2, 3] as const;
type SuperKey = 'super-password.1' | 'super-password.2' | 'super-password.3';

function keyOf(level: number): SuperKey | undefined {
  return level === 1 || level === 2 || level === 3 ? (`super-password.${level}` as SuperKey) : undefined;
}

export class SuperPasswords {
  constructor(
    private settings: () => Promise<SettingsService>,
    private policy: () => Promise<PasswordPolicy>,
    private hasher: PasswordHasher,
  ) {}

  async hash(level: number): Promise<string> {
    const key = keyOf(level);
    return key ? (await this.settings()).get(key) : '';
  }

  async isSet(level: number): Promise<boolean> {
    return (await this.hash(level)) !== '';
  }

  async verify(level: number, password: string): Promise<boolean> {
    // Unset levels still cost one KDF run, like the login path.
    return this.hasher.verify(password, (await this.hash(level)) || null);
  }

  /** `super password … simple PW`: password-control super length/composition first. */
  async set(level: number, password: string): Promise<void> {
    if (!keyOf(level)) throw new UserStoreError('invalid', 'level must be 1 to 3');
    const policy = await this.policy();
    const refusal = await policy.refusal({ superLevel: level }, password);
    if (refusal) throw new UserStoreError('invalid', refusal);
    const hash = await this.hasher.hash(password);
    await this.setHash(level, hash);
    await policy.record({ superLevel: level }, hash);
  }

  /** `super password … hash HASH` (a saved configuration) or '' to remove; a known hash keeps its age. */
  async setHash(level: number, hash: string): Promise<void> {
    const key = keyOf(level);
    if (!key) throw new UserStoreError('invalid', 'level must be 1 to 3');
    if (hash !== '' && !isValidHash(hash)) throw new UserStoreError('invalid', 'not a valid password hash');
    await (await this.settings()).set(key, hash);
    if (hash !== '') await (await this.policy()).adopt({ superLevel: level }, hash);
  }

  /** password-control super aging: the level's password is older than its aging time. */
  async expired(level: number): Promise<boolean> {
    return (await this.policy()).expired({ superLevel: level }, (await this.hash(level)) || null);
  }
}
