import type { Push, SessionInfo } from '../common/control-protocol';
import type { ConnectionState } from './connection-state';
import type { EchoAhead } from './echo-ahead';

/** `user-interface vty 0 4`: five SSH logins at once, as on the WX3000. */
export const VTY_COUNT = 5;
/** NETCONF sessions at once (they take no vty; each may hold a message of up to 4 MiB). */
export const NETCONF_MAX = 8;

/** The daemon's record of one bound CLI (a vty login, or the local console when it registers). */
export interface LiveSession extends Omit<SessionInfo, 'idleSeconds' | 'self'> {
  lastInput: number;
  /** terminal monitor and logging: records up to this severity are pushed live; undefined: none. */
  monitorSeverity?: number;
  /** The CLI process, once bound. */
  pid?: number;
  push(msg: Push): void;
  /** A shell's echo ahead (src/ssh/echo-ahead.ts), which the CLI offers and stops over the control socket. */
  echoAhead?: EchoAhead;
  /** Ends the session (free user-interface, idle timeout, shutdown, account gone); `notice` is shown first. */
  end(reason: string, notice?: string): void;
}

/** The record of a login on `ui` made over the connection `state` (SSH shell or exec, NETCONF). */
export function liveSession(ui: string, state: ConnectionState, type: string, end: (reason: string, notice?: string) => void): LiveSession {
  const now = Date.now();
  return {
    ui,
    user: state.user,
    address: state.address,
    port: state.port,
    level: state.level,
    loginAt: now,
    lastInput: now,
    type,
    cipher: state.cipher,
    kex: state.kex,
    state: 'Established',
    retries: state.auth.failures,
    push: () => undefined,
    end,
  };
}

export class UserInterfaces {
  private vtys: (LiveSession | undefined)[] = new Array(VTY_COUNT).fill(undefined);
  private consoles = new Set<LiveSession>();
  private netconf = new Set<LiveSession>();
  private netconfSeq = 0;
  /** The NETCONF session holding the running configuration's lock (released when it ends). */
  configLock?: LiveSession;

  /**
   * Reserves the lowest free vty; undefined when all are in use. Below level 3 a login never takes the
   * last free vty: an administrator always finds one to log in on (and `free user-interface` the rest),
   * unless administrators hold them all.
   */
  reserve(level: number, make: (ui: string) => LiveSession): LiveSession | undefined {
    const n = this.vtys.findIndex((s) => s === undefined);
    if (n < 0) return undefined;
    if (level < 3 && this.vtys.filter((s) => s === undefined).length === 1) return undefined;
    const session = make(`vty ${n}`);
    this.vtys[n] = session;
    return session;
  }

  addConsole(session: LiveSession): void {
    this.consoles.add(session);
  }

  /** A NETCONF session as `netconf ID` (ID is its NETCONF session-id); undefined when too many. */
  addNetconf(make: (ui: string, id: number) => LiveSession): LiveSession | undefined {
    if (this.netconf.size >= NETCONF_MAX) return undefined;
    const id = ++this.netconfSeq;
    const session = make(`netconf ${id}`, id);
    this.netconf.add(session);
    return session;
  }

  release(session: LiveSession): void {
    const n = this.vtys.indexOf(session);
    if (n >= 0) this.vtys[n] = undefined;
    this.consoles.delete(session);
    this.netconf.delete(session);
    if (this.configLock === session) this.configLock = undefined;
  }

  all(): LiveSession[] {
    return [...this.consoles, ...this.vtys.filter((s): s is LiveSession => s !== undefined), ...this.netconf];
  }

  byUi(ui: string): LiveSession | undefined {
    return this.all().find((s) => s.ui === ui);
  }

  byPid(pid: number): LiveSession | undefined {
    return this.all().find((s) => s.pid === pid);
  }

  info(asker?: LiveSession): SessionInfo[] {
    const now = Date.now();
    return this.all().map((s) => ({
      ui: s.ui,
      user: s.user,
      address: s.address,
      port: s.port,
      level: s.level,
      loginAt: s.loginAt,
      idleSeconds: Math.floor((now - s.lastInput) / 1000),
      type: s.type,
      cipher: s.cipher,
      kex: s.kex,
      state: s.state,
      retries: s.retries,
      outgoing: s.outgoing,
      self: s === asker,
    }));
  }
}
