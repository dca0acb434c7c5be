// `super password level N`: one hash per level, kept in the settings table so it is saved and
// loaded with the rest of the configuration. This is the CLI's `superPassword` hook.
import { isValidHash, PasswordHasher } from '../common/password-hash';
import { UserStoreError } from '../store/errors';
import type { SettingsService } from './services';

export const SUPER_LEVELS = [1, 2, 3] as const;
type SuperKey = 'super-password.1' | 'super-password.2' | 'super-password.3';

function keyOf(level: number): SuperKey | undefined {
  return level === 1 || level === 2 || level === 3 ? (`super-password.${level}` as SuperKey) : undefined;
}

export class SuperPasswords {
  constructor(private settings: () => Promise<SettingsService>, private hasher: PasswordHasher) {}

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

  async set(level: number, password: string): Promise<void> {
    await this.setHash(level, await this.hasher.hash(password));
  }

  async setHash(level: number, hash: string): Promise<void> {
    const key = keyOf(level);
    if (!key) throw new UserStoreError('invalid', 'level must be 1 to 3');
    if (hash !== '' && !isValidHash(hash)) throw new UserStoreError('invalid', 'not a valid password hash');
    await (await this.settings()).set(key, hash);
  }
}
