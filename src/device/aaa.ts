// ISP domains and RADIUS schemes (comware-aaa-files.md §1–2) as the CLI and the authenticator see
// them: checked changes, one transaction each; keys only ever stored encrypted.
import type { Store, Tx } from '../store/store';
import { AaaRecords, AaaTable, RadiusCounters } from '../store/aaa-records';
import { UserStoreError } from '../store/errors';
import { Settings } from './settings';
import { DeviceKey } from './device-key';
import {
  IspDomain,
  MAX_DOMAINS,
  MAX_SCHEMES,
  newDomain,
  newScheme,
  RadiusScheme,
  ServerRole,
  SYSTEM,
} from './aaa-types';

const DOMAIN_NAME = /^[^/\\|":*?<>@\s]{1,24}$/;
const SCHEME_NAME = /^[^\s]{1,32}$/;

const DEFAULT_DOMAIN_IN_USE = 'The default ISP domain cannot be deleted';

function invalid(message: string): UserStoreError {
  return new UserStoreError('invalid', message);
}

/**
 * Named documents of one table with a predefined `system` entry that exists even before it is
 * stored: domains and schemes share this shape.
 */
class Collection<T extends { name: string }> {
  constructor(
    private records: AaaRecords,
    private table: AaaTable,
    private make: (name: string) => T,
    private limits: { pattern: RegExp; max: number; what: string },
  ) {}

  /** `system` first, then the others in creation order. */
  async list(tx?: Tx): Promise<T[]> {
    const rows = (await this.records.list(this.table, tx)).map((r) => JSON.parse(r.body) as T);
    const system = rows.find((d) => d.name.toLowerCase() === SYSTEM) ?? this.make(SYSTEM);
    return [system, ...rows.filter((d) => d !== system)];
  }

  async get(name: string, tx?: Tx): Promise<T | undefined> {
    const body = await this.records.get(this.table, name, tx);
    if (body) return JSON.parse(body) as T;
    return name.toLowerCase() === SYSTEM ? this.make(SYSTEM) : undefined;
  }

  async ensure(name: string, t: Tx): Promise<{ created: boolean }> {
    if (!this.limits.pattern.test(name)) throw invalid(`The ${this.limits.what} name is invalid`);
    if (await this.get(name, t)) return { created: false };
    if ((await this.list(t)).length >= this.limits.max) throw invalid(`At most ${this.limits.max} ${this.limits.what}s can be configured`);
    await this.records.put(this.table, name, JSON.stringify(this.make(name)), t);
    return { created: true };
  }

  async change(name: string, t: Tx, apply: (doc: T) => Promise<void> | void): Promise<void> {
    const doc = await this.get(name, t);
    if (!doc) throw new UserStoreError('not-found', `The ${this.limits.what} does not exist`);
    await apply(doc);
    await this.records.put(this.table, doc.name, JSON.stringify(doc), t);
  }
}

/** What the CLI and the authenticator see: domain values in, domain values out. */
export interface AaaService {
  domains(): Promise<IspDomain[]>;
  domain(name: string): Promise<IspDomain | undefined>;
  ensureDomain(name: string): Promise<{ created: boolean }>;
  removeDomain(name: string): Promise<void>;
  updateDomain(name: string, change: (d: IspDomain) => void): Promise<void>;
  defaultDomain(): Promise<string>;
  setDefaultDomain(name: string | undefined): Promise<void>;
  schemes(): Promise<RadiusScheme[]>;
  scheme(name: string): Promise<RadiusScheme | undefined>;
  ensureScheme(name: string): Promise<{ created: boolean }>;
  removeScheme(name: string): Promise<void>;
  updateScheme(name: string, change: (s: RadiusScheme) => void): Promise<void>;
  setKey(name: string, which: 'authentication' | 'accounting', key: { simple: string } | { cipher: string } | undefined): Promise<void>;
  secret(s: RadiusScheme, which: 'authentication' | 'accounting'): Buffer | undefined;
  blockedServers(scheme: string, now?: number): Promise<Map<string, number>>;
  setServerBlocked(scheme: string, role: ServerRole, until: number | null): Promise<void>;
  count(scheme: string, add: Partial<RadiusCounters>): Promise<void>;
  statistics(): Promise<Map<string, RadiusCounters>>;
  resetStatistics(): Promise<void>;
}

export class Aaa implements AaaService {
  private records: AaaRecords;
  private settings: Settings;
  private domainDocs: Collection<IspDomain>;
  private schemeDocs: Collection<RadiusScheme>;

  constructor(private store: Store, private deviceKey: DeviceKey) {
    this.records = new AaaRecords(store);
    this.settings = new Settings(store);
    this.domainDocs = new Collection(this.records, 'isp_domains', newDomain, { pattern: DOMAIN_NAME, max: MAX_DOMAINS, what: 'ISP domain' });
    this.schemeDocs = new Collection(this.records, 'radius_schemes', newScheme, { pattern: SCHEME_NAME, max: MAX_SCHEMES, what: 'RADIUS scheme' });
  }

  // ---- domains ----

  domains(): Promise<IspDomain[]> {
    return this.domainDocs.list();
  }

  domain(name: string): Promise<IspDomain | undefined> {
    return this.domainDocs.get(name);
  }

  /** `domain NAME`: creates it when absent. */
  ensureDomain(name: string): Promise<{ created: boolean }> {
    return this.store.transaction((t) => this.domainDocs.ensure(name, t));
  }

  removeDomain(name: string): Promise<void> {
    return this.store.transaction(async (t) => {
      const d = await this.domainDocs.get(name, t);
      if (!d) throw new UserStoreError('not-found', 'The ISP domain does not exist');
      const dflt = await this.settings.get('aaa.domain-default');
      if (d.name.toLowerCase() === SYSTEM || d.name.toLowerCase() === dflt.toLowerCase()) throw new UserStoreError('in-use', DEFAULT_DOMAIN_IN_USE);
      await this.records.remove('isp_domains', d.name, t);
    });
  }

  /** Applies a change to the domain; every scheme its methods name must exist. */
  updateDomain(name: string, change: (d: IspDomain) => void): Promise<void> {
    return this.store.transaction((t) =>
      this.domainDocs.change(name, t, async (d) => {
        change(d);
        for (const m of Object.values(d.methods)) {
          if (m?.kind === 'radius' && !(await this.schemeDocs.get(m.scheme, t))) throw new UserStoreError('not-found', `The RADIUS scheme ${m.scheme} does not exist`);
        }
      }),
    );
  }

  defaultDomain(): Promise<string> {
    return this.settings.get('aaa.domain-default');
  }

  /** `domain default enable NAME` (the domain must exist); undefined: back to `system`. */
  setDefaultDomain(name: string | undefined): Promise<void> {
    return this.store.transaction(async (t) => {
      let value = SYSTEM;
      if (name !== undefined) {
        const d = await this.domainDocs.get(name, t);
        if (!d) throw new UserStoreError('not-found', 'The ISP domain does not exist');
        value = d.name;
      }
      await this.settings.set('aaa.domain-default', value, t);
    });
  }

  // ---- RADIUS schemes ----

  schemes(): Promise<RadiusScheme[]> {
    return this.schemeDocs.list();
  }

  scheme(name: string): Promise<RadiusScheme | undefined> {
    return this.schemeDocs.get(name);
  }

  ensureScheme(name: string): Promise<{ created: boolean }> {
    return this.store.transaction((t) => this.schemeDocs.ensure(name, t));
  }

  removeScheme(name: string): Promise<void> {
    return this.store.transaction(async (t) => {
      const s = await this.schemeDocs.get(name, t);
      if (!s) throw new UserStoreError('not-found', 'The RADIUS scheme does not exist');
      if (s.name.toLowerCase() === SYSTEM) throw new UserStoreError('in-use', 'The system RADIUS scheme cannot be deleted');
      for (const d of await this.domainDocs.list(t)) {
        const uses = Object.values(d.methods).some((m) => m?.kind === 'radius' && m.scheme.toLowerCase() === s.name.toLowerCase());
        if (uses) throw new UserStoreError('in-use', `The RADIUS scheme is used by ISP domain ${d.name}`);
      }
      await this.records.remove('radius_schemes', s.name, t);
    });
  }

  updateScheme(name: string, change: (s: RadiusScheme) => void): Promise<void> {
    return this.store.transaction((t) =>
      this.schemeDocs.change(name, t, (s) => {
        change(s);
        if (s.retry * s.responseTimeout > 75) throw invalid('The retry times multiplied by the response timeout must not exceed 75');
      }),
    );
  }

  /** `key … simple KEY` encrypts; `key … cipher TEXT` must decrypt on this device. */
  setKey(name: string, which: 'authentication' | 'accounting', key: { simple: string } | { cipher: string } | undefined): Promise<void> {
    let text: string | undefined;
    if (key && 'simple' in key) text = this.deviceKey.encrypt(key.simple);
    else if (key) {
      try {
        this.deviceKey.decrypt(key.cipher);
      } catch {
        throw invalid('The cipher key cannot be decrypted on this device');
      }
      text = key.cipher;
    }
    return this.updateScheme(name, (s) => {
      if (text === undefined) delete s.keys[which];
      else s.keys[which] = text;
    });
  }

  /** The plain shared secret, for the RADIUS client only. */
  secret(s: RadiusScheme, which: 'authentication' | 'accounting'): Buffer | undefined {
    const text = s.keys[which];
    return text === undefined ? undefined : Buffer.from(this.deviceKey.decrypt(text), 'utf8');
  }

  // ---- the daemon's view of the servers ----

  blockedServers(scheme: string, now = Date.now()): Promise<Map<string, number>> {
    return this.records.blocked(scheme, now);
  }

  setServerBlocked(scheme: string, role: ServerRole, until: number | null): Promise<void> {
    return this.records.setBlocked(scheme, role, until);
  }

  count(scheme: string, add: Partial<RadiusCounters>): Promise<void> {
    return this.records.count(scheme, add);
  }

  statistics(): Promise<Map<string, RadiusCounters>> {
    return this.records.statistics();
  }

  resetStatistics(): Promise<void> {
    return this.records.resetStatistics();
  }
}
