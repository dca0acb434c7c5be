import { dataPaths, DataPaths, ensureDataDir } from '../common/paths';
import { Store } from '../users/store';
import { Settings } from './settings';

/**
 * The device as handlers and the daemon see it: narrow services over one database connection,
 * opened when a service is first used (a CLI session that only runs `display version` never opens it).
 */
export class Device {
  readonly paths: DataPaths;
  private storePromise?: Promise<Store>;

  constructor(dataDir: string) {
    this.paths = dataPaths(dataDir);
  }

  store(): Promise<Store> {
    if (!this.storePromise) {
      ensureDataDir(this.paths.dir);
      this.storePromise = Store.open(this.paths.database);
    }
    return this.storePromise;
  }

  async settings(): Promise<Settings> {
    return new Settings(await this.store());
  }

  async close(): Promise<void> {
    if (this.storePromise) {
      const store = await this.storePromise.catch(() => undefined);
      this.storePromise = undefined;
      await store?.close();
    }
  }
}
