// Shared test set-up: a real SQLite database in a fresh temp dir, and a cheap scrypt cost.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Device } from '../../src/device';
import { KdfQueue } from '../../src/common/kdf-queue';
import { PasswordHasher, ScryptCost } from '../../src/common/password-hash';

/** 2^10: a millisecond per hash, so tests exercise the logic, not the CPU. */
export const TEST_COST: ScryptCost = { ln: 10, r: 8, p: 1 };

export function tempDir(prefix = 'wx3000-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Counts KDF runs, to show every failure kind costs exactly one. */
export class CountingQueue extends KdfQueue {
  runs = 0;
  override run<T>(job: () => Promise<T>): Promise<T> {
    this.runs++;
    return super.run(job);
  }
}

export function testDevice(dir = tempDir()): { device: Device; queue: CountingQueue; dir: string } {
  const queue = new CountingQueue(2);
  const device = new Device(path.join(dir, 'var'), { passwords: new PasswordHasher(TEST_COST, queue) });
  return { device, queue, dir };
}

export const ROOT = path.resolve(__dirname, '../../../..');
