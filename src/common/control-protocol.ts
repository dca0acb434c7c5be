// The control socket between the daemon and the CLI processes: one JSON object per line, both ways.
// CLI → daemon: requests with an id, answered once. Daemon → CLI: answers, and pushes (bind, message).

/** One live login as `display users` and `display ssh server session` show it. */
export interface SessionInfo {
  /** `vty 0`..`vty 4`, or `aux 0` for the console. */
  ui: string;
  user: string;
  address: string;
  port: number;
  level: number;
  loginAt: number;
  idleSeconds: number;
  /** `SSH` for vty logins, empty for the console. */
  type: string;
  cipher: string;
  state: string;
  retries: number;
  /** The session that asked. */
  self: boolean;
}

/** `script`: the lines of `command` one after another, outputs as a JSON array (NETCONF's CLI operation). */
export type SessionMode = 'shell' | 'line' | 'exec' | 'script';

export interface BindInfo {
  mode: SessionMode;
  user: string;
  level: number;
  ui: string;
  term: string;
  cols: number;
  rows: number;
  peer: string;
  mustChangePassword: boolean;
  /** The command line of an exec request. */
  command?: string;
  /** What the first prompt needs, read by the daemon so an idle CLI never opens the database. */
  sysname: string;
  screenLength: number;
  historySize: number;
  /** `header motd` and `header shell`: shown after login, before the first prompt (not for exec). */
  banner: string;
}

export type Push =
  | { op: 'bind'; bind: BindInfo }
  | { op: 'message'; from: string; text: string }
  /** The device was renamed from elsewhere (NETCONF): every prompt follows. */
  | { op: 'sysname'; name: string };

export type Request =
  | { op: 'hello'; pid: number; console?: boolean }
  | { op: 'users' }
  | { op: 'free'; ui: string }
  | { op: 'send'; target: string; text: string }
  /** An audit record (configuration change) for the daemon's log: console, file, syslog, log buffer. */
  | { op: 'log'; severity: number; module: string; digest: string; text: string }
  /** Who holds the running configuration's lock, if not the asker: its user interface, else null. */
  | { op: 'config-lock' }
  /** `netconf ssh server …` changed: the daemon (re)opens or closes the NETCONF port. */
  | { op: 'netconf-service' };

export type Answer = { id: number; ok: true; result?: unknown } | { id: number; ok: false; error: string };

/** Splits a byte stream into JSON lines; bounded so a confused peer cannot grow memory. */
export class LineDecoder {
  private buf = '';
  constructor(private onMessage: (msg: unknown) => void, private max = 1 << 20) {}
  push(chunk: Buffer | string): void {
    this.buf += chunk.toString();
    if (this.buf.length > this.max) throw new Error('control message too long');
    let nl: number;
    while ((nl = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, nl);
      this.buf = this.buf.slice(nl + 1);
      if (line.trim()) this.onMessage(JSON.parse(line));
    }
  }
}
