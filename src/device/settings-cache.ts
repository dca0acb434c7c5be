// The daemon's copy of the settings: read once, kept until a configuration change is announced
// (every configuration command reports itself over the control socket before its prompt returns).
import type { LockPolicy } from '../store/blacklist';
import type { Device } from './index';
import { lockPolicyOf, type AllSettings } from './settings';

export class SettingsCache {
  private current?: Promise<AllSettings>;

  constructor(private device: Device) {}

  /** The settings as of the last change announced; the database is read only after a change. */
  all(): Promise<AllSettings> {
    if (!this.current) {
      const reading = this.device.settings().then((s) => s.all());
      // A failed read is not kept: the next caller tries again.
      reading.catch(() => {
        if (this.current === reading) this.current = undefined;
      });
      this.current = reading;
    }
    return this.current;
  }

  async lockPolicy(): Promise<LockPolicy> {
    return lockPolicyOf(await this.all());
  }

  /** A change was committed: the next reader reads the database again. */
  invalidate(): void {
    this.current = undefined;
  }
}
