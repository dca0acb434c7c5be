import type { Connection, ServerChannel, Session } from 'ssh2';
import type { BindInfo, SessionMode } from '../common/control-protocol';
import type { Device } from '../device';
import type { Logger } from '../log/logger';
import type { CliPool } from './cli-process';
import type { ConnectionState } from './connection-state';
import { prefetchFileAccess, type SettingsSource, startFileSession } from './file-sessions';
import { parseScpCommand } from './scp-server';
import { liveSession, UserInterfaces } from './user-interfaces';
import { channelToPty } from './backpressure';
import { EchoAhead } from './echo-ahead';
import { MAX_CHANNELS, UnusedConnectionTimer } from './limits';

export const ALL_UIS_BUSY = 'All user interfaces are used, please try later!';
export const SSH_NOT_PERMITTED = '% SSH logins are not permitted: the user interfaces accept telnet only.';
const KILL_GRACE_MS = 2000;

export interface SessionDeps {
  uis: UserInterfaces;
  pool: CliPool;
  device: Device;
  log: Logger;
  settings: SettingsSource;
  /** The `netconf` subsystem, and which connections came in on the NETCONF port (no shells there). */
  netconf?: {
    onNetconfPort(state: ConnectionState): boolean;
    subsystem(conn: Connection, state: ConnectionState, accept: () => ServerChannel | undefined, reject: () => void): void;
  };
}

interface PtyRequest {
  term: string;
  cols: number;
  rows: number;
}

/**
 * A window dimension from the client: 0 means "unknown" (RFC 4254), absurd values are clamped, so a
 * peer's numbers can never make node-pty throw inside an event handler.
 */
export function windowSize(value: unknown, fallback: number): number {
  const n = Math.floor(Number(value));
  if (!Number.isFinite(n) || n <= 0) return fallback;
  return Math.min(n, 4096);
}

/** TERM for the session: a short printable name, else vt100. */
function termName(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z0-9._+-]{1,32}$/.test(value) ? value : 'vt100';
}

/** What runs behind one channel: a pty CLI or a piped one, seen through one small interface. */
interface CliHandle {
  pid: number;
  resize(cols: number, rows: number): void;
  kill(signal: NodeJS.Signals): void;
}

/** Serves the session channels of one authenticated connection: shells and exec requests. */
export function serveSessions(conn: Connection, state: ConnectionState, deps: SessionDeps, unused: UnusedConnectionTimer): void {
  prefetchFileAccess(state, deps.settings);
  conn.on('session', (acceptSession, rejectSession) => {
    if (unused.channels >= MAX_CHANNELS) {
      deps.log.verbose('channel refused: too many channels', { peer: state.peer, user: state.user, open: unused.channels });
      return rejectSession();
    }
    const session: Session = acceptSession();
    unused.channelOpened();
    session.once('close', () => unused.channelClosed());
    let ptyReq: PtyRequest | undefined;
    let cli: CliHandle | undefined;
    let started = false;
    session.on('pty', (accept, _reject, info) => {
      ptyReq = { term: termName(info.term), cols: windowSize(info.cols, 80), rows: windowSize(info.rows, 24) };
      accept?.();
    });
    session.on('window-change', (accept, _reject, info) => {
      const cols = windowSize(info.cols, ptyReq?.cols ?? 80);
      const rows = windowSize(info.rows, ptyReq?.rows ?? 24);
      if (ptyReq) ptyReq = { ...ptyReq, cols, rows };
      cli?.resize(cols, rows);
      accept?.();
    });
    session.on('env', (accept) => accept?.());
    const start = (mode: SessionMode, channel: ServerChannel, command?: string) => {
      started = true;
      void startCli(conn, state, deps, channel, mode, ptyReq, command).then((h) => (cli = h));
    };
    // The NETCONF port serves the netconf subsystem only.
    const cliRefused = () => started || deps.netconf?.onNetconfPort(state) === true;
    session.on('shell', (accept, reject) => {
      if (cliRefused()) return reject?.();
      start(ptyReq ? 'shell' : 'line', accept());
    });
    session.on('exec', (accept, reject, info) => {
      if (started || cliRefused()) return reject?.();
      if (parseScpCommand(info.command)) {
        started = true;
        return startFileSession('scp', state, deps, accept, () => reject?.(), info.command);
      }
      start('exec', accept(), info.command);
    });
    session.on('sftp', (accept, reject) => {
      if (started) return reject?.();
      started = true;
      startFileSession('sftp', state, deps, accept, () => reject?.());
    });
    session.on('subsystem', (accept, reject, info) => {
      if (started || info.name !== 'netconf' || !deps.netconf) return reject?.();
      started = true;
      deps.netconf.subsystem(conn, state, accept, () => reject?.());
    });
  });
}

async function startCli(
  conn: Connection,
  state: ConnectionState,
  deps: SessionDeps,
  channel: ServerChannel,
  mode: SessionMode,
  ptyReq: PtyRequest | undefined,
  command: string | undefined,
): Promise<CliHandle | undefined> {
  const { uis, pool, log } = deps;
  let handle: CliHandle | undefined;
  let closed = false;
  // A refused login is told why on the channel, then the connection ends; other sessions go on.
  const refuse = (message: string, why: string): undefined => {
    log.warn(`login refused: ${why}`, { user: state.user, peer: state.peer });
    (mode === 'exec' ? channel.stderr : channel).write(`${message}\r\n`);
    channel.exit(1);
    channel.end();
    // A multiplexing client keeps its other sessions; a connection with nothing left is closed.
    if (state.sessions === 0) setTimeout(() => conn.end(), 200).unref();
    return undefined;
  };
  const settings = await deps.settings.all();
  if (settings['ui.vty.protocol-inbound'] === 'telnet') return refuse(SSH_NOT_PERMITTED, 'protocol inbound telnet');
  const live = uis.reserve(state.level, (ui) =>
    liveSession(ui, state, 'SSH', (reason, notice) => {
      if (notice && !closed) channel.write(`\r\n${notice}\r\n`);
      finish(reason);
    }),
  );
  if (!live) return refuse(ALL_UIS_BUSY, 'all user interfaces in use');
  state.sessions++;

  // Ends the CLI and the channel; safe to call more than once, from any side.
  function finish(reason: string, exitCode?: number): void {
    if (closed) return;
    closed = true;
    clearTimeout(idleTimer);
    uis.release(live!);
    if (handle) {
      const h = handle;
      h.kill('SIGHUP');
      setTimeout(() => h.kill('SIGKILL'), KILL_GRACE_MS).unref();
    }
    // An outgoing connection (ssh2, sftp) still open ends with the CLI process, which cannot say so itself.
    if (live!.outgoing) {
      log.info(`${state.user}(${live!.ui.replace(' ', '')}) ${live!.outgoing}: ended with the session`, { module: 'SSHC', digest: 'DISCONNECTED', ui: live!.ui });
    }
    log.info('session ended', { module: 'SHELL', digest: 'LOGOUT', ui: live!.ui, user: state.user, peer: state.peer, reason: reason || 'logout' });
    try {
      if (exitCode !== undefined) channel.exit(exitCode);
      channel.end();
    } catch {
      /* channel already gone */
    }
    state.sessions--;
    // Comware: leaving the shell ends the connection (unless the client multiplexes other sessions on it).
    if (mode !== 'exec' && state.sessions === 0) setTimeout(() => conn.end(), 100).unref();
  }

  let idleTimer: NodeJS.Timeout | undefined;
  const idleSeconds = mode === 'exec' ? 0 : settings['ui.vty.idle-timeout'];
  if (idleSeconds > 0) {
    idleTimer = setTimeout(() => {
      channel.write('\r\n');
      finish(`idle timeout (${idleSeconds} s)`);
    }, idleSeconds * 1000);
    idleTimer.unref();
  }
  // No 'data' listener before the CLI is wired: a flowing channel would drop the client's type-ahead.
  const trackInput = () =>
    channel.on('data', () => {
      live.lastInput = Date.now();
      idleTimer?.refresh();
    });
  channel.on('close', () => finish('channel closed'));
  channel.on('error', () => undefined);

  try {
    const bind: BindInfo = {
      mode,
      user: state.user,
      level: state.level,
      ui: live.ui,
      term: ptyReq?.term ?? 'dumb',
      cols: ptyReq?.cols ?? 80,
      rows: ptyReq?.rows ?? 24,
      peer: state.peer,
      mustChangePassword: state.mustChangePassword,
      passwordExpired: state.passwordExpired,
      passwordDaysLeft: state.passwordDaysLeft,
      command,
      sysname: settings.sysname,
      screenLength: settings['ui.vty.screen-length'],
      historySize: settings['ui.vty.history-size'],
      banner: [settings['header.motd'], settings['header.shell']].filter(Boolean).join('\n'),
    };
    // Exec requests take the warm spare too (a cold Node start costs ~40 ms per command); its pty is
    // raw and translates nothing, so the output is the CLI's bytes. Only a shell without a pty
    // (`ssh -T`) runs on pipes: the client is not a terminal there.
    if (mode !== 'line') {
      const { pty, link } = await pool.takePty();
      handle = {
        pid: pty.pid,
        resize: (c, r) => {
          try {
            pty.resize(c, r);
          } catch {
            /* the CLI already exited */
          }
        },
        kill: (s) => pty.kill(s),
      };
      handle.resize(bind.cols, bind.rows);
      live.pid = pty.pid;
      live.push = (m) => link.push(m);
      // A shell's typed characters may be echoed here, ahead of the CLI (src/common/echo-ahead.ts).
      const ahead = mode === 'shell' ? new EchoAhead((e) => channel.write(e)) : undefined;
      live.echoAhead = ahead;
      pty.onData((d) => {
        if (!closed && !channel.write(d)) {
          pty.pause();
          channel.once('drain', () => pty.resume());
        }
        // Counted once on the channel: an offer waiting for these bytes may be taken now.
        ahead?.output(d.length);
      });
      pty.onExit(({ exitCode }) => finish('', exitCode));
      channelToPty(channel, pty, () => closed, ahead && ((d) => ahead.input(d)));
      trackInput();
      link.push({ op: 'bind', bind });
    } else {
      const { child, link } = await pool.spawnPipe();
      handle = { pid: child.pid ?? -1, resize: () => undefined, kill: (s) => child.kill(s) };
      live.pid = child.pid;
      live.push = (m) => link.push(m);
      child.stdout!.pipe(channel, { end: false });
      child.stderr!.pipe(channel.stderr, { end: false });
      channel.pipe(child.stdin!);
      trackInput();
      child.stdin!.on('error', () => undefined);
      // 'close' comes after the child's stdout and stderr are drained, so no output is cut off.
      child.once('close', (code) => finish('', code ?? 1));
      link.push({ op: 'bind', bind });
    }
    if (closed) handle.kill('SIGKILL');
    // The login is audited and the connection's end is the one info record; this is a detail.
    log.debug('session started', { ui: live.ui, user: state.user, peer: state.peer, mode, pid: handle.pid });
    return handle;
  } catch (err) {
    log.error('cannot start CLI', { err: (err as Error).message, user: state.user });
    channel.stderr.write('% The command line could not be started.\r\n');
    finish('CLI start failed', 1);
    return undefined;
  }
}
