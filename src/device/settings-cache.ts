// The daemon's copy of the settings: read once, kept until a configuration change is announced
// (every configuration command reports itself over the control socket before its prompt returns).
import { Memo } from '../common/memo';
import type { LockPolicy } from '../store/blacklist';
import type { Device } from './index';
import { lockPolicyOf, type AllSettings } from './settings';

export class SettingsCache {
  private memo: Memo<AllSettings>;

  constructor(device: Device) {
    this.memo = new Memo(() => device.settings().then((s) => s.all()));
  }

  /** The settings as of the last change announced; the database is read only after a change. */
  all(): Promise<AllSettings> {
    return this.memo.get();
  }

  async lockPolicy(): Promise<LockPolicy> {
    return lockPolicyOf(await this.all());
  }

  /** A change was committed: the next reader reads the database again. */
  invalidate(): void {
    this.memo.invalidate();
  }
}
