import * as net from 'node:net';
import { Server as Ssh2Server } from 'ssh2';
import type { AuthContext, Connection, PublicKeyAuthContext } from 'ssh2';
import type { Device } from '../device';
import type { Logger } from '../log/logger';
import { packageVersion } from '../common/version';
import { ConnectionState } from './connection-state';
import type { HostKeySet } from './host-key-set';
import { guardIdentification } from './ident';
import { installHybridKex } from './kex/ssh2-kex-hook';
import { applyConnectionPolicy, DISCONNECT, sendDisconnect } from './protocol-hooks';
import { Admission, Slot } from './admission';
import { KEX_DEADLINE_MS, loginRefusal, MAX_AUTHENTICATED, MAX_PER_USER, UnusedConnectionTimer } from './limits';
import type { AdmissionInfo } from '../common/control-protocol';
import { NoiseSummary } from './noise-summary';
import { AclCounts } from './acl-filter';
import { judge } from '../device/acl';
import type { TransportCache, TransportSettings } from './transport-cache';
import { KnownSources } from '../device/known-sources';

/**
 * Rekey at least every GiB in either direction (ssh2 never rekeys by itself). WX3000_REKEY_BYTES may
 * only lower it (tests exercise the rekey path with a few KiB).
 */
export const REKEY_BYTES = Math.min(1024 ** 3, Number(process.env.WX3000_REKEY_BYTES) || Infinity);

export interface ConnectionHandlers {
  /** Answers one authentication request (ctx.accept / ctx.reject / disconnect through `refuse`). */
  authenticate(ctx: AuthContext, state: ConnectionState, conn: Connection): void;
  /** The connection is authenticated: serve its channels (the timer closes it while it has none). */
  ready(conn: Connection, state: ConnectionState, unused: UnusedConnectionTimer): void;
  /** Pre-authentication banner (`header login`). */
  banner?(): string | undefined;
}

export interface DaemonOptions {
  device: Device;
  log: Logger;
  listen: string;
  port: number;
  hostKeys: HostKeySet;
  handlers: ConnectionHandlers;
  /** Settings and host keys as of the last announced change. */
  transport: TransportCache;
}

interface Negotiated {
  kex: string;
  serverHostKey: string;
  cs: { cipher: string; mac: string; compress: string };
}

/** What the daemon keeps for a socket between accept and ssh2's header event. */
interface Accepted {
  state: ConnectionState;
  /** The pre-auth slot: freed at login or close. */
  slot: Slot;
  /** Read at accept; the offer and banner are applied when ssh2 has the client's identification. */
  settings: TransportSettings;
}

export class SshDaemon {
  private tcp?: net.Server;
  private ssh: Ssh2Server;
  readonly admission: Admission;
  readonly noise: NoiseSummary;
  readonly aclCounts = new AclCounts();
  private known: KnownSources;
  readonly connections = new Set<ConnectionState>();
  /** The key set the current ssh2 server was built with. */
  private servedKeys: HostKeySet['keys'];
  private stopping = false;

  constructor(private opts: DaemonOptions) {
    installHybridKex();
    this.known = new KnownSources(opts.device.paths.knownSources);
    this.admission = new Admission(this.known);
    this.noise = new NoiseSummary(opts.log);
    opts.hostKeys.refresh();
    this.servedKeys = opts.hostKeys.keys;
    this.ssh = this.makeServer();
  }

  /**
   * ssh2 takes its host keys once, at construction: new keys mean a new ssh2 server for the next
   * connections, while the connections of the old one run on undisturbed.
   */
  private makeServer(): Ssh2Server {
    const ssh = new Ssh2Server({
      hostKeys: this.opts.hostKeys.keys.map((k) => k.private),
      ident: `WX3000_${packageVersion()}`,
      // The per-connection offer replaces these; they only have to be valid.
      algorithms: { compress: ['none'] },
    });
    ssh.on('connection', (conn: Connection, info: { header: { identRaw: string } }) => this.onHeader(conn, info));
    ssh.on('error', (err: Error) => this.opts.log.warn('ssh server error', { err: err.message }));
    return ssh;
  }

  async start(): Promise<net.AddressInfo> {
    this.tcp = await this.listenOn(this.opts.port);
    return this.tcp.address() as net.AddressInfo;
  }

  /**
   * Another port served exactly as the main one (NETCONF's): same host keys, algorithms, admission
   * limits, authentication and audit. Closing the server stops new connections only.
   */
  listenOn(port: number): Promise<net.Server> {
    return new Promise((resolve, reject) => {
      const tcp = net.createServer({ pauseOnConnect: true, noDelay: true }, (socket) => this.onSocket(socket));
      tcp.once('error', reject);
      tcp.listen({ host: this.opts.listen, port }, () => {
        tcp.removeListener('error', reject);
        tcp.on('error', (err) => this.opts.log.error('listener error', { err: err.message }));
        resolve(tcp);
      });
    });
  }

  /** Stops accepting, tells every connection, and resolves once all sockets are closed (or 3 s passed). */
  async stop(reason = 'The device is shutting down'): Promise<void> {
    this.stopping = true;
    // close() stops accepting at once but calls back only when every connection is gone, so the
    // connections are told first and the callback awaited last.
    const closed = new Promise<void>((resolve) => (this.tcp ? this.tcp.close(() => resolve()) : resolve()));
    const open = [...this.connections];
    for (const state of open) {
      const conn = state.conn;
      if (conn && state.phase !== 'Init' && state.phase !== 'Ver-exchange') {
        try {
          sendDisconnect(conn, DISCONNECT.BY_APPLICATION, reason);
        } catch {
          /* socket already gone */
        }
      }
      state.socket.end();
    }
    const deadline = Date.now() + 3000;
    while (this.connections.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    for (const state of this.connections) state.socket.destroy();
    await closed;
  }

  private accepted = new WeakMap<net.Socket, Accepted>();

  private async transportSettings(): Promise<TransportSettings> {
    const settings = await this.opts.transport.get();
    if (this.opts.hostKeys.keys !== this.servedKeys) {
      this.servedKeys = this.opts.hostKeys.keys;
      this.ssh = this.makeServer();
    }
    return settings;
  }

  private onSocket(socket: net.Socket): void {
    const address = (socket.remoteAddress ?? '?').replace(/^::ffff:/, '');
    const port = socket.remotePort ?? 0;
    socket.on('error', () => undefined); // reported through 'close'; never fatal
    if (this.stopping) return void socket.destroy();
    // A penalised source costs an accept and a close, not a database read.
    const early = this.admission.screen(address);
    if (early) return this.refuse(socket, address, port, early);
    this.transportSettings().then(
      (settings) => this.admit(socket, address, port, settings),
      (err: Error) => {
        this.opts.log.error('cannot read settings; connection closed', { peer: `${address}:${port}`, err: err.message });
        socket.destroy();
      },
    );
  }

  /** Counted, not logged one by one: a flood of refusals is one line per source per 10 s. */
  private refuse(socket: net.Socket, address: string, port: number, why: { refused: string; detail: string }): void {
    this.noise.count(address, `refused-${why.refused}`);
    this.opts.log.debug('connection refused before authentication', { peer: `${address}:${port}`, reason: why.detail });
    socket.destroy();
  }

  /** The settings of this moment decide: ssh server enable, the vtys' ACL, then a pre-auth slot. */
  private admit(socket: net.Socket, address: string, port: number, settings: TransportSettings): void {
    const log = this.opts.log;
    if (socket.destroyed) return;
    if (!settings.enabled) return this.refuse(socket, address, port, { refused: 'disabled', detail: 'ssh server disabled' });
    const acl = judge(settings.acl, address);
    if (settings.acl) this.aclCounts.count(settings.acl.number, acl.rule?.id);
    // Denied by the ACL: closed before any SSH byte, and it takes no slot.
    if (!acl.permit) return this.refuse(socket, address, port, { refused: 'acl', detail: `denied by ACL ${settings.acl!.number}` });
    const state = new ConnectionState(socket, address, port);
    const slot = this.admission.admit(address, () => {
      state.closedBy = 'evicted';
      socket.destroy();
    });
    if ('refused' in slot) return this.refuse(socket, address, port, slot);
    const accepted: Accepted = { state, slot, settings };
    this.connections.add(state);
    this.accepted.set(socket, accepted);
    log.verbose('connection opened', { peer: state.peer, conn: state.id, pool: slot.pool });
    const touch = () => slot.touch();
    socket.on('data', touch);

    const kexDeadline = setTimeout(() => {
      if (state.phase !== 'Init' && state.phase !== 'Ver-exchange' && state.phase !== 'Keys-exchange') return;
      state.closedBy = 'kex-deadline';
      log.verbose('key exchange deadline expired', { peer: state.peer, conn: state.id, ms: KEX_DEADLINE_MS });
      socket.destroy();
    }, KEX_DEADLINE_MS);
    kexDeadline.unref();
    const grace = setTimeout(() => {
      if (state.authenticated) return;
      state.closedBy = 'grace';
      log.verbose('login grace time expired', { peer: state.peer, conn: state.id, seconds: settings.graceSeconds });
      socket.destroy();
    }, settings.graceSeconds * 1000);
    grace.unref();
    socket.once('close', () => {
      clearTimeout(grace);
      clearTimeout(kexDeadline);
      socket.removeListener('data', touch);
      void state.accounting?.stop();
      slot.release();
      this.connections.delete(state);
      const was = state.phase;
      state.phase = 'Disconnected';
      if (!state.authenticated) this.preAuthClosed(state);
      log.log(state.authenticated ? 'info' : 'verbose', 'connection closed', {
        peer: state.peer,
        conn: state.id,
        user: state.user || undefined,
        outcome: state.authenticated ? 'session ended' : `closed during ${was}${state.closedBy ? ` (${state.closedBy})` : ''}`,
        seconds: Math.round((Date.now() - state.since) / 1000),
      });
    });

    state.auth.retries = settings.retries;
    // A tenth of the grace is left for what follows RADIUS: a local fallback, the answer.
    state.auth.deadline = Date.now() + settings.graceSeconds * 900;
    state.phase = 'Ver-exchange';
    guardIdentification(socket, (v) => {
      if (v.kind === 'ssh1') log.verbose('SSH-1 client refused', { peer: state.peer, ident: v.ident });
      else if (v.kind === 'bad') log.verbose('bad identification, closed', { peer: state.peer, reason: v.reason });
      if (v.kind === 'bad') state.closedBy = 'garbage';
    });
    this.ssh.injectSocket(socket);
    socket.resume();
  }

  /** What an unauthenticated connection's end tells about its source: penalties and the noise summary. */
  private preAuthClosed(state: ConnectionState): void {
    const address = state.address;
    const why = state.closedBy;
    if (why === 'grace' || why === 'kex-deadline' || why === 'garbage') this.admission.penalise(address, why);
    // Failures from an address that logged in recently are the lockout's business, not admission's.
    if (state.auth.failures > 0 && !this.known.has(address)) this.admission.penalise(address, 'authfail', state.auth.failures);
    this.noise.count(address, why?.replace(/ /g, '-') ?? (state.auth.failures ? 'failed-logins' : 'closed-before-login'));
  }

  /** ssh2 has read the client's identification; its KEXINIT goes out when this returns. */
  private onHeader(conn: Connection, info: { header: { identRaw: string } }): void {
    const socket = (conn as unknown as { _sock: net.Socket })._sock;
    const accepted = this.accepted.get(socket);
    const settings = accepted?.settings;
    if (!accepted || !settings) {
      socket.destroy();
      return;
    }
    const state = accepted.state;
    const log = this.opts.log;
    state.clientIdent = info.header.identRaw;
    state.phase = 'Keys-exchange';
    state.conn = conn;
    log.verbose('client identification', { peer: state.peer, conn: state.id, ident: state.clientIdent });
    applyConnectionPolicy(conn, settings.offer, settings.banner);

    conn.on('error', (err: Error & { level?: string }) => {
      if (!state.authenticated && err.level === 'protocol') state.closedBy ??= 'garbage';
      log.verbose('connection error', { peer: state.peer, conn: state.id, err: err.message });
    });
    (conn as unknown as NodeJS.EventEmitter).on('handshake', (n: Negotiated) => {
      state.cipher = n.cs.cipher;
      state.kex = n.kex;
      if (state.phase === 'Keys-exchange') state.phase = 'Auth-request';
      accepted.slot.progressed();
      log.verbose('key exchange done', {
        peer: state.peer,
        conn: state.id,
        kex: n.kex,
        hostkey: n.serverHostKey,
        cipher: n.cs.cipher,
        mac: n.cs.mac || '(aead)',
        compress: n.cs.compress,
      });
    });
    conn.on('authentication', (ctx: AuthContext) => {
      this.checkLimitsOnAccept(ctx, state, conn);
      this.opts.handlers.authenticate(ctx, state, conn);
    });
    conn.on('ready', () => {
      // Authenticated sessions are no longer "startups": they must not crowd out new logins.
      accepted.slot.release();
      state.authenticated = true;
      state.phase = 'Established';
      this.rememberSource(state.address);
      this.startRekeyPolicy(conn, state, settings.rekeyHours);
      const unused = new UnusedConnectionTimer(() => {
        log.info('unused connection closed', { peer: state.peer, conn: state.id, user: state.user });
        sendDisconnect(conn, DISCONNECT.BY_APPLICATION, 'No channel opened');
        state.socket.end();
      });
      state.socket.once('close', () => unused.stop());
      this.opts.handlers.ready(conn, state, unused);
    });
  }

  /**
   * A login over the connection limits is refused instead of accepted, before USERAUTH_SUCCESS goes out
   * (ssh2 emits 'ready' at once after it). The handler decides; this only wraps its final accept.
   */
  private checkLimitsOnAccept(ctx: AuthContext, state: ConnectionState, conn: Connection): void {
    const accept = ctx.accept.bind(ctx);
    ctx.accept = () => {
      const query = ctx.method === 'publickey' && !(ctx as PublicKeyAuthContext).signature;
      const refusal = query ? undefined : loginRefusal(this.connections, state);
      if (!refusal) return accept();
      state.closedBy = 'connection limit';
      this.opts.log.warn('login refused: connection limit', { module: 'SSH', digest: 'CONN_LIMIT', user: state.user, peer: state.peer, reason: refusal });
      sendDisconnect(conn, DISCONNECT.TOO_MANY_CONNECTIONS, refusal);
      state.socket.end();
    };
  }

  /** Remembers a source that logged in, for admission's reserved slots; the login never fails on it. */
  private rememberSource(address: string): void {
    try {
      this.known.remember(address);
    } catch (err) {
      this.opts.log.error('cannot remember login source', { err: (err as Error).message });
    }
  }

  private startRekeyPolicy(conn: Connection, state: ConnectionState, hours: number): void {
    const socket = state.socket;
    let base = { read: socket.bytesRead, written: socket.bytesWritten };
    const rekey = (why: string) => {
      base = { read: socket.bytesRead, written: socket.bytesWritten };
      this.opts.log.verbose('rekey', { peer: state.peer, conn: state.id, why });
      conn.rekey();
    };
    socket.on('data', () => {
      if (socket.bytesRead - base.read >= REKEY_BYTES || socket.bytesWritten - base.written >= REKEY_BYTES) rekey('volume');
    });
    if (hours > 0) {
      const timer = setInterval(() => rekey('interval'), hours * 3600 * 1000);
      timer.unref();
      socket.once('close', () => clearInterval(timer));
    }
  }

  /** What `display ssh server status` shows of admission. */
  admissionInfo(): AdmissionInfo {
    const a = this.admission.stats();
    let open = 0;
    for (const c of this.connections) if (c.authenticated) open++;
    return {
      slots: { used: a.general, limit: a.limits.slots },
      reserved: { used: a.reserved, limit: a.limits.reserved },
      perSource: a.limits.perSource,
      kexDeadlineSeconds: Math.round(KEX_DEADLINE_MS / 1000),
      authenticated: { open, limit: MAX_AUTHENTICATED, perUser: MAX_PER_USER },
      knownSources: a.knownSources,
      refused: a.refused,
      evicted: a.evicted,
      penalised: a.penalised.slice(0, 32),
    };
  }

  get address(): net.AddressInfo | undefined {
    return (this.tcp?.address() as net.AddressInfo | null) ?? undefined;
  }
}
