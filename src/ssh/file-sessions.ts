// SFTP and SCP sessions: who may open one (the SFTP server switch, `ssh user … service-type`, at most
// as many as there are vtys), the idle timeout, and the log lines. The protocols themselves are in
// sftp-server.ts and scp-server.ts; both reach flash: only through src/files.
import type { ServerChannel, SFTPWrapper } from 'ssh2';
import type { Device } from '../device';
import type { AllSettings } from '../device/settings';
import { flashOf } from '../files';
import type { Logger } from '../log/logger';
import type { ConnectionState } from './connection-state';
import { serveScp } from './scp-server';
import { serveSftp, SftpSession } from './sftp-server';

/** One SFTP client at a time is the V3/V5 rule; we allow as many as there are vtys (0–4). */
export const MAX_FILE_SESSIONS = 5;

export type FileService = 'sftp' | 'scp';

/**
 * Service types that may use each: OpenSSH 9's `scp` speaks SFTP, so an `scp` user may open the
 * sftp subsystem too; the legacy `scp -t/-f` exec needs `scp` or `all`.
 */
const ALLOWED: Record<FileService, readonly string[]> = { sftp: ['sftp', 'scp', 'all'], scp: ['scp', 'all'] };

interface Access {
  sftpEnabled: boolean;
  idleMinutes: number;
}

interface Pending {
  promise: Promise<Access>;
  value?: Access;
}

const access = new WeakMap<ConnectionState, Pending>();
let open = 0;

/**
 * Reads the SFTP settings when the connection is authenticated, before any channel asks: a client
 * sends its first SFTP or SCP bytes without waiting for the reply to its request, and ssh2 drops
 * bytes that arrive before the request is accepted, so the answer must not wait for the database.
 */
export function prefetchFileAccess(state: ConnectionState, settings: SettingsSource): Pending {
  const known = access.get(state);
  if (known) return known;
  const entry: Pending = {
    promise: (async () => {
      const s = await settings.all();
      return { sftpEnabled: s['sftp.server.enable'], idleMinutes: s['sftp.server.idle-timeout'] };
    })(),
  };
  entry.promise.then(
    (v) => (entry.value = v),
    () => undefined,
  );
  access.set(state, entry);
  return entry;
}

/** What refuses a session before anything is read: the user's service type and the session limit. */
function earlyRefusal(service: FileService, state: ConnectionState): string | undefined {
  if (!ALLOWED[service].includes(state.serviceType)) return `service type ${state.serviceType} does not include ${service}`;
  if (open >= MAX_FILE_SESSIONS) return `${MAX_FILE_SESSIONS} file transfer sessions already open`;
  return undefined;
}

function refusal(service: FileService, a: Access): string | undefined {
  if (service === 'sftp' && !a.sftpEnabled) return 'sftp server disabled';
  return undefined;
}

/** The daemon's settings cache: what the last announced configuration change left. */
export interface SettingsSource {
  all(): Promise<AllSettings>;
}

export interface FileSessionDeps {
  device: Device;
  log: Logger;
  settings: SettingsSource;
}

/**
 * Accepts (`accept` gives the channel) or refuses with a channel failure. When the settings are not
 * read yet, the channel is accepted so no byte is lost, the protocol waits for them, and a disabled
 * SFTP server then closes the channel.
 */
export function startFileSession(
  service: FileService,
  state: ConnectionState,
  deps: FileSessionDeps,
  accept: () => SFTPWrapper | ServerChannel,
  reject: () => void,
  command?: string,
): void {
  const { log, device } = deps;
  const fields = { module: service.toUpperCase(), user: state.user, peer: state.peer };
  const pending = prefetchFileAccess(state, deps.settings);
  const refuse = (why: string) => log.warn(`${service} refused: ${why}`, fields);
  const early = earlyRefusal(service, state);
  if (early) return void (refuse(early), reject());
  if (pending.value) {
    const why = refusal(service, pending.value);
    if (why) return void (refuse(why), reject());
    return run(accept(), pending.value);
  }
  const channel = accept();
  const decided = pending.promise.then(
    (a) => {
      const why = refusal(service, a);
      if (why) refuse(why);
      return why ? undefined : a;
    },
    (err: Error) => void log.error(`${service} refused: cannot read settings`, { ...fields, err: err.message }),
  );
  // SFTP requests may come before the answer: they wait for it (and are dropped on a refusal).
  const session = service === 'sftp' ? serveSftp(channel as SFTPWrapper, { flash: flashOf(device.paths), onNote: note, gate: decided.then(Boolean) }) : undefined;
  void decided.then((a) => (a ? run(channel, a, session) : channel.end()));

  function note(message: string, extra: Record<string, unknown>): void {
    log.warn(message, { ...fields, ...extra });
  }

  function run(channel: SFTPWrapper | ServerChannel, a: Access, served?: SftpSession): void {
    open++;
    state.sessions++;
    log.info(`${service} session started`, fields);
    let ended = false;
    const end = (reason: string) => {
      if (ended) return;
      ended = true;
      clearTimeout(idle);
      open--;
      state.sessions--;
      log.info(`${service} session ended`, { ...fields, reason });
    };
    channel.on('close', () => end('closed'));
    const idle = setTimeout(() => {
      if (sftp) sftp.close();
      else channel.end();
      end(`idle timeout (${a.idleMinutes} min)`);
    }, a.idleMinutes * 60_000);
    idle.unref();
    const sftp = service === 'sftp' ? (served ?? serveSftp(channel as SFTPWrapper, { flash: flashOf(device.paths), onNote: note })) : undefined;
    sftp?.onActivity(() => idle.refresh());
    if (service === 'scp') {
      serveScp(channel as ServerChannel, command ?? '', { flash: flashOf(device.paths), onActivity: () => idle.refresh(), onNote: note }).then(
        (ok) => end(ok ? 'done' : 'failed'),
        (err: Error) => end(`error: ${err.message}`),
      );
    }
  }
}
