// The `netconf` subsystem (RFC 6242): one NETCONF session per channel, listed with the other
// sessions (`display users`, `free`), holding the configuration lock until it ends.
import type { Connection, ServerChannel } from 'ssh2';
import type { Device } from '../device';
import type { Logger } from '../log/logger';
import { NetconfHost, NetconfSession } from '../netconf';
import type { CliPool } from './cli-process';
import type { ConnectionState } from './connection-state';
import { runCliScript } from './netconf-cli';
import { netconfTables } from './netconf-tables';
import { LiveSession, liveSession, UserInterfaces } from './user-interfaces';

export interface NetconfDeps {
  uis: UserInterfaces;
  pool: CliPool;
  device: Device;
  log: Logger;
  /** `netconf ssh server enable` as the daemon last applied it. */
  enabled(): boolean;
  /** An edit changed the running configuration: the daemon's cached settings are read again. */
  configChanged(): void;
}

const idOf = (s: LiveSession) => Number(s.ui.split(' ')[1]);
const netconfSessions = (uis: UserInterfaces) => uis.all().filter((s) => s.ui.startsWith('netconf '));

/** Every CLI session's prompt follows a rename made over NETCONF. */
function pushSysname(uis: UserInterfaces, name: string): void {
  for (const s of uis.all()) s.push({ op: 'sysname', name });
}

/**
 * Decides at once, before the client's next packet: a client that sends its hello and EOF right
 * behind the request (OpenSSH with piped input) finds ssh2 unable to accept a session later.
 */
export function serveNetconf(
  conn: Connection,
  state: ConnectionState,
  deps: NetconfDeps,
  accept: () => ServerChannel | undefined,
  reject: () => void,
): void {
  const { uis, log, device } = deps;
  const refuse = (why: string) => {
    log.warn(`NETCONF session refused: ${why}`, { module: 'NETCONF', digest: 'REFUSED', user: state.user, peer: state.peer });
    reject();
  };
  if (!deps.enabled()) return refuse('NETCONF over SSH is disabled');
  // Level 0 may do nothing over NETCONF (levels 1-2 read, 3 everything).
  if (state.level < 1) return refuse('level 0');
  if (state.mustChangePassword) return refuse('the password must be changed first');
  let finish: (reason: string) => void = () => undefined;
  const live = uis.addNetconf((ui) => liveSession(ui, state, 'NETCONF', (reason) => finish(reason)));
  if (!live) return refuse('too many NETCONF sessions');
  const channel = accept();
  if (!channel) return uis.release(live);
  state.sessions++;
  const id = idOf(live);
  const ui = live.ui;
  let closed = false;

  const host: NetconfHost = {
    sessionId: id,
    user: state.user,
    level: state.level,
    tables: netconfTables(device, (name) => pushSysname(uis, name), deps.configChanged),
    lockHolder: () => (uis.configLock ? idOf(uis.configLock) : undefined),
    lock() {
      if (uis.configLock) return idOf(uis.configLock);
      uis.configLock = live;
      return undefined;
    },
    unlock() {
      if (uis.configLock !== live) return false;
      uis.configLock = undefined;
      return true;
    },
    async sessions() {
      return netconfSessions(uis).map((s) => ({ id: idOf(s), user: s.user, line: `${s.address}:${s.port}`, since: s.loginAt, lockHeld: uis.configLock === s }));
    },
    kill(target) {
      const s = uis.byUi(`netconf ${target}`);
      if (!s) return false;
      s.end(`killed by NETCONF session ${id}`);
      return true;
    },
    async cli(view, lines) {
      const script = view === 'system' ? ['system-view', ...lines] : lines;
      const outputs = await runCliScript(
        deps.pool,
        {
          user: state.user,
          level: state.level,
          ui,
          term: 'dumb',
          cols: 80,
          rows: 24,
          peer: state.peer,
          mustChangePassword: false,
          sysname: await (await device.settings()).get('sysname'),
          screenLength: 0,
          historySize: 0,
          banner: '',
        },
        script,
        (pid) => (live.pid = pid),
      );
      return (view === 'system' ? outputs.slice(1) : outputs).join('');
    },
    audit(text) {
      log.info(`${state.user}(${ui.replace(' ', '')}) ${text}`, { module: 'NETCONF', digest: 'CMD', ui });
    },
  };

  const session = new NetconfSession({
    host,
    write: (d) => {
      if (!closed) channel.write(d);
    },
    close: (reason) => finish(reason),
  });

  finish = (reason: string) => {
    if (closed) return;
    closed = true;
    session.end();
    uis.release(live);
    log.info('NETCONF session ended', { module: 'NETCONF', digest: 'LOGOUT', ui, user: state.user, peer: state.peer, reason });
    try {
      channel.exit(0);
      channel.end();
    } catch {
      /* channel already gone */
    }
    state.sessions--;
    if (state.sessions === 0) setTimeout(() => conn.end(), 100).unref();
  };

  channel.on('error', () => undefined);
  channel.on('close', () => finish('channel closed'));
  // One read at a time: the next bytes are read once every message so far is answered.
  channel.on('data', (d: Buffer) => {
    live.lastInput = Date.now();
    channel.pause();
    session.feed(d).then(
      () => channel.resume(),
      (err: Error) => {
        log.error('NETCONF session failed', { ui, err: err.message });
        finish('internal error');
      },
    );
  });
  log.info('NETCONF session started', { module: 'NETCONF', digest: 'LOGIN', ui, user: state.user, peer: state.peer, level: state.level });
  session.start();
}
