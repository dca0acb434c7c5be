// A NetconfSession over an in-memory device (tables as plain rows), driven the way a transport
// drives it: bytes in, framed bytes out.
import { NetconfSession } from '../../src/netconf';
import type { NetconfHost, Row, TableService } from '../../src/netconf';
import { frame } from '../../src/netconf/framing';

export const BASE = 'urn:ietf:params:xml:ns:netconf:base:1.0';
export const HP_CONFIG = 'http://www.hp.com/netconf/config:1.0';
export const HP_DATA = 'http://www.hp.com/netconf/data:1.0';

/** A table of rows keyed by `key` (or one row when key is undefined), defaults per field. */
export function memoryTable(key: string | undefined, rows: Row[], defaults: Row = {}): TableService & { rows: Row[] } {
  const find = (k: Row) => rows.find((r) => !key || r[key] === k[key]);
  const t = {
    rows,
    async read(config: boolean) {
      return rows.map((r) => (config ? Object.fromEntries(Object.entries(r).filter(([f, v]) => f === key || defaults[f] !== v)) : { ...r }));
    },
    async create(row: Row) {
      if (row.Name === 'forbidden') throw new Error('user name forbidden is reserved');
      rows.push({ ...defaults, ...row });
    },
    async update(k: Row, fields: Row, reset: string[]) {
      const r = find(k)!;
      if (fields.Level === '2' && r.Name === 'last') throw new Error('The last level-3 user with the SSH service cannot be deleted, blocked or lowered.');
      Object.assign(r, fields);
      for (const f of reset) r[f] = defaults[f];
    },
    async remove(k: Row) {
      if (key) rows.splice(rows.indexOf(find(k)!), 1);
      else Object.assign(rows[0], defaults);
    },
    async snapshot() {
      return rows.map((r) => ({ ...r }));
    },
    async restore(s: unknown) {
      rows.splice(0, rows.length, ...(s as Row[]));
    },
  };
  return t;
}

export class Peer {
  out = Buffer.alloc(0);
  closed?: string;
  readonly session: NetconfSession;
  readonly audits: string[] = [];
  readonly cliRuns: Array<{ view: string; lines: string[] }> = [];
  framing: 'eom' | 'chunked' = 'eom';

  constructor(readonly host: NetconfHost & { audits?: string[] }, maxMessage?: number) {
    this.session = new NetconfSession({
      host,
      write: (d) => (this.out = Buffer.concat([this.out, d])),
      close: (reason) => (this.closed = reason),
      maxMessage,
    });
    this.session.start();
  }

  async hello(caps = ['urn:ietf:params:netconf:base:1.0', 'urn:ietf:params:netconf:base:1.1']): Promise<void> {
    const c = caps.map((x) => `<capability>${x}</capability>`).join('');
    await this.session.feed(frame(`<hello xmlns="${BASE}"><capabilities>${c}</capabilities></hello>`, 'eom'));
    if (caps.includes('urn:ietf:params:netconf:base:1.1')) this.framing = 'chunked';
    this.out = Buffer.alloc(0);
  }

  /** Sends one message (framed as negotiated) and returns what came back, unframed. */
  async send(xml: string): Promise<string> {
    this.out = Buffer.alloc(0);
    await this.session.feed(frame(xml, this.framing));
    return unframe(this.out, this.framing);
  }

  rpc(body: string, id = '101'): Promise<string> {
    return this.send(`<rpc message-id="${id}" xmlns="${BASE}">${body}</rpc>`);
  }
}

/** The messages in `data`, one per line. */
export function unframe(data: Buffer, framing: 'eom' | 'chunked'): string {
  if (framing === 'eom') return data.toString('utf8').split(']]>]]>').filter(Boolean).join('\n');
  const msgs: string[] = [];
  let cur: Buffer[] = [];
  let i = 0;
  while (i < data.length) {
    const nl = data.indexOf(0x0a, i + 1);
    const header = data.subarray(i, nl + 1).toString('latin1');
    i = nl + 1;
    if (header === '\n##\n') {
      msgs.push(Buffer.concat(cur).toString('utf8'));
      cur = [];
      continue;
    }
    const len = Number(header.slice(2, -1));
    cur.push(data.subarray(i, i + len));
    i += len;
  }
  return msgs.join('\n');
}

export interface TestHost extends NetconfHost {
  tablesMem: Record<string, ReturnType<typeof memoryTable>>;
  audits: string[];
  cliRuns: Array<{ view: string; lines: string[] }>;
  lockRef: { holder?: number };
  killed: number[];
}

/** A host with Device/Base and a local-user table; `lockRef` may be shared between hosts. */
export function memoryHost(opts: { id?: number; level?: number; lockRef?: { holder?: number } } = {}): TestHost {
  const lockRef = opts.lockRef ?? {};
  const id = opts.id ?? 1;
  const tablesMem = {
    deviceBase: memoryTable(undefined, [{ HostName: 'WX3000', LocalTime: '2026-01-01T00:00:00', Uptime: '5' }], { HostName: 'WX3000' }),
    localUsers: memoryTable('Name', [{ Name: 'admin', Level: '3', ServiceType: 'ssh', State: 'active' }], { Level: '0', ServiceType: '', State: 'active' }),
    sshServer: memoryTable(undefined, [{ Enable: 'true', AuthenticationRetries: '3', Timeout: '60', RekeyInterval: '0' }], {
      Enable: 'true',
      AuthenticationRetries: '3',
      Timeout: '60',
      RekeyInterval: '0',
    }),
    userInterfaces: memoryTable('Type', [{ Type: 'AUX' }, { Type: 'VTY' }]),
  };
  const host: TestHost = {
    sessionId: id,
    user: 'admin',
    level: opts.level ?? 3,
    tables: tablesMem,
    tablesMem,
    audits: [],
    cliRuns: [],
    killed: [],
    lockRef,
    lockHolder: () => lockRef.holder,
    lock() {
      if (lockRef.holder !== undefined) return lockRef.holder;
      lockRef.holder = id;
      return undefined;
    },
    unlock() {
      if (lockRef.holder !== id) return false;
      lockRef.holder = undefined;
      return true;
    },
    async sessions() {
      return [{ id, user: 'admin', line: '127.0.0.1:5000', since: 0, lockHeld: lockRef.holder === id }];
    },
    kill(target) {
      if (target !== 7) return false;
      host.killed.push(target);
      return true;
    },
    async cli(view, lines) {
      host.cliRuns.push({ view, lines });
      if (lines[0] === 'save force') return 'Validating file. Please wait....\nConfiguration is saved to device successfully.\n';
      return `output of ${lines.join('; ')} ]]> end\n`;
    },
    audit: (text) => void host.audits.push(text),
  };
  return host;
}
