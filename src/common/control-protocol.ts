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
  /** Key exchange method of an SSH session (none for the console). */
  kex?: string;
  state: string;
  retries: number;
  /** The session's own outgoing connection (`ssh2 HOST port N`, `sftp HOST port N`), if any. */
  outgoing?: string;
  /** The session that asked. */
  self: boolean;
}

/** The daemon's admission state (`display ssh server status`). */
export interface AdmissionInfo {
  slots: { used: number; limit: number };
  reserved: { used: number; limit: number };
  perSource: number;
  kexDeadlineSeconds: number;
  authenticated: { open: number; limit: number; perUser: number };
  knownSources: number;
  refused: Record<string, number>;
  evicted: number;
  /** Sources refused now, longest penalty first. */
  penalised: { source: string; seconds: number }[];
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
  /** Older than password-control aging: changed before the first prompt, as at a first login. */
  passwordExpired?: boolean;
  /** The password expires in this many days (password-control's early notice). */
  passwordDaysLeft?: number;
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
  /** A log record for a session with terminal monitor and logging on. */
  | { op: 'log'; record: { ts: number; severity: number; module: string; digest: string; text: string } }
  /** The account's level changed: the session takes it, and shows why. */
  | { op: 'level'; level: number; text: string }
  /** The device was renamed from elsewhere (NETCONF): every prompt follows. */
  | { op: 'sysname'; name: string };

export type Request =
  | { op: 'hello'; pid: number; console?: boolean }
  | { op: 'users' }
  | { op: 'admission' }
  /** `display acl`: times each rule matched, keyed `ACL:RULE`. */
  | { op: 'acl-counts' }
  | { op: 'free'; ui: string }
  | { op: 'send'; target: string; text: string }
  /** info-center loghost changed: the daemon sends its log to the configured collector from now on. */
  | { op: 'loghost' }
  /** terminal monitor / logging: log records up to this severity reach the session live; null: none. */
  | { op: 'monitor'; severity: number | null }
  /** A local user was deleted, blocked or re-levelled: the daemon applies it to that user's live sessions. */
  | { op: 'account'; user: string }
  /** An audit record (configuration change) for the daemon's log: console, file, syslog, log buffer. */
  | { op: 'log'; severity: number; module: string; digest: string; text: string }
  /** Level 3 only: restart the management plane from the startup configuration. */
  | { op: 'reboot' }
  /** Level 3 only: minutes from now, or null to cancel. Answers the due time (ms) or null. */
  | { op: 'schedule-reboot'; minutes: number | null }
  /** When the scheduled reboot is due (ms), or null. */
  | { op: 'reboot-schedule' }
  /** Who holds the running configuration's lock, if not the asker: its user interface, else null. */
  | { op: 'config-lock' }
  /** `netconf ssh server …` changed: the daemon (re)opens or closes the NETCONF port. */
  | { op: 'netconf-service' }
  /** The session opened (text) or closed (null) an outgoing connection: `display users` shows it. */
  | { op: 'outgoing'; text: string | null }
  /** `ssh2 … identity-key TYPE`: the daemon signs the publickey login payload (base64) with the device's key; answers base64. */
  | { op: 'sign'; key: 'rsa' | 'ecdsa' | 'ed25519'; data: string; hash?: string }
  /** Echo ahead (src/common/echo-ahead.ts): the daemon may echo `room` characters. Never answered. */
  | { op: 'echo-offer'; consumed: number; written: number; room: number }
  /** Echo ahead ends before the CLI writes; answers how many pty bytes the CLI must read first. */
  | { op: 'echo-stop' };

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
