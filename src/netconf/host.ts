// What a NETCONF session is handed by its transport: the device's tables, the configuration lock,
// the other sessions and the CLI. src/netconf knows nothing else of the device (as src/cli).

/** One row of a table: field name → text as it appears in XML. */
export type Row = Record<string, string>;

/** The device services behind one table of the data model. */
export interface TableService {
  /** All rows; `config` → only configuration that differs from the factory default (get-config). */
  read(config: boolean): Promise<Row[]>;
  /** Keyed tables: a new row. */
  create?(row: Row): Promise<void>;
  /** Sets `fields` and puts the `reset` fields back to their defaults. */
  update(key: Row, fields: Row, reset: string[]): Promise<void>;
  /** Keyed tables: deletes the row; single rows: back to the defaults. */
  remove(key: Row): Promise<void>;
  /** Everything needed to undo changes (rollback-on-error), secrets included; never leaves the daemon. */
  snapshot(): Promise<unknown>;
  restore(snapshot: unknown): Promise<void>;
}

export interface SessionRow {
  id: number;
  user: string;
  /** Where from: `ADDRESS:PORT`. */
  line: string;
  since: number;
  lockHeld: boolean;
}

export interface NetconfHost {
  readonly sessionId: number;
  readonly user: string;
  readonly level: number;
  tables: Readonly<Record<string, TableService>>;
  /** The running configuration's lock: undefined when free, else the holder's session id. */
  lockHolder(): number | undefined;
  /** Takes the lock; the holder's id when someone (this session included) already has it. */
  lock(): number | undefined;
  /** Releases the lock if this session holds it. */
  unlock(): boolean;
  sessions(): Promise<SessionRow[]>;
  /** Ends another NETCONF session; false when there is none with that id. */
  kill(id: number): boolean;
  /** Runs CLI lines (user view, or system view for `configuration`) as this user; the output text. */
  cli(view: 'user' | 'system', lines: string[]): Promise<string>;
  /** A configuration change made over NETCONF, for the audit log. */
  audit(text: string): void;
}
