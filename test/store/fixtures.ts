// Shared test set-up: a real SQLite database in a fresh temp dir, and a cheap scrypt cost.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Device } from '../../src/device';
import { ensureDataDir } from '../../src/common/paths';
import { Store } from '../../src/store/store';
import { LocalUsers } from '../../src/store/local-users';
import { SshUsers } from '../../src/store/ssh-users';
import { PublicKeys } from '../../src/store/public-keys';
import { Blacklist } from '../../src/store/blacklist';
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

/**
 * The store under a device, over a second connection as the offline tool would open it: store tests
 * and set-ups that reach below the device services (raw rows, repositories) go through this.
 */
export function openStore(device: Device): Promise<Store> {
  ensureDataDir(device.paths.dir);
  return Store.open(device.paths.database);
}

/** The repositories over one store connection, each built when asked for. */
export function repositories(store: Promise<Store>) {
  return {
    store: () => store,
    users: async () => new LocalUsers(await store),
    sshUsers: async () => new SshUsers(await store),
    keys: async () => new PublicKeys(await store),
    blacklist: async () => new Blacklist(await store),
  };
}

/** Runs fn over a second connection to the device's store and closes it. */
export async function withStore<T>(device: Device, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(device);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
