import * as net from 'node:net';
import { Server as Ssh2Server } from 'ssh2';
import type { AuthContext, Connection } from 'ssh2';
import type { KexInit } from 'ssh2/lib/protocol/kex.js';
import type { Device } from '../device';
import type { Logger } from '../log/logger';
import { packageVersion } from '../common/version';
import { resolveAlgorithms } from './algorithms';
import { ConnectionState } from './connection-state';
import type { HostKeySet } from './host-key-set';
import { guardIdentification } from './ident';
import { applyConnectionPolicy, DISCONNECT, makeOffer, sendDisconnect } from './protocol-hooks';
import { StartupLimiter } from './startups';

/**
 * Rekey at least every GiB in either direction (ssh2 never rekeys by itself). WX3000_REKEY_BYTES may
 * only lower it (tests exercise the rekey path with a few KiB).
 */
export const REKEY_BYTES = Math.min(1024 ** 3, Number(process.env.WX3000_REKEY_BYTES) || Infinity);

/** All connections, authenticated or not: five vtys need few; this only bounds sockets and memory. */
export const MAX_CONNECTIONS = 64;

export interface ConnectionHandlers {
  /** Answers one authentication request (ctx.accept / ctx.reject / disconnect through `refuse`). */
  authenticate(ctx: AuthContext, state: ConnectionState, conn: Connection): void;
  /** The connection is authenticated: serve its channels. */
  ready(conn: Connection, state: ConnectionState): void;
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
  limiter?: StartupLimiter;
}

interface Negotiated {
  kex: string;
  serverHostKey: string;
  cs: { cipher: string; mac: string; compress: string };
}

/** What the daemon keeps for a socket between accept and ssh2's header event. */
interface Accepted {
  state: ConnectionState;
  /** Frees the pre-auth slot (at login, or at close). */
  release: () => void;
  /** Read at accept; the offer and banner are applied when ssh2 has the client's identification. */
  settings?: TransportSettings;
}

interface TransportSettings {
  enabled: boolean;
  graceSeconds: number;
  retries: number;
  rekeyHours: number;
  offer: KexInit;
  banner: string;
}

export class SshDaemon {
  private tcp?: net.Server;
  private ssh: Ssh2Server;
  private limiter: StartupLimiter;
  readonly connections = new Set<ConnectionState>();
  private offerCache = { key: '', offer: undefined as KexInit | undefined };
  private stopping = false;

  constructor(private opts: DaemonOptions) {
    this.limiter = opts.limiter ?? new StartupLimiter();
    opts.hostKeys.refresh();
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

  start(): Promise<net.AddressInfo> {
    return new Promise((resolve, reject) => {
      const tcp = net.createServer({ pauseOnConnect: true, noDelay: true }, (socket) => this.onSocket(socket));
      this.tcp = tcp;
      tcp.once('error', reject);
      tcp.listen({ host: this.opts.listen, port: this.opts.port }, () => {
        tcp.removeListener('error', reject);
        tcp.on('error', (err) => this.opts.log.error('listener error', { err: err.message }));
        resolve(tcp.address() as net.AddressInfo);
      });
    });
  }

  /** Stops accepting, tells every connection, and resolves once all sockets are closed (or 3 s passed). */
  async stop(): Promise<void> {
    this.stopping = true;
    // close() stops accepting at once but calls back only when every connection is gone, so the
    // connections are told first and the callback awaited last.
    const closed = new Promise<void>((resolve) => (this.tcp ? this.tcp.close(() => resolve()) : resolve()));
    const open = [...this.connections];
    for (const state of open) {
      const conn = state.conn;
      if (conn && state.phase !== 'Init' && state.phase !== 'Ver-exchange') {
        try {
          sendDisconnect(conn, DISCONNECT.BY_APPLICATION, 'The device is shutting down');
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
    const s = await (await this.opts.device.settings()).all();
    if (this.opts.hostKeys.refresh()) this.ssh = this.makeServer();
    const lists = {
      kex: s['ssh.server.kex'],
      serverHostKey: s['ssh.server.hostkey'],
      cipher: s['ssh.server.cipher'],
      mac: s['ssh.server.mac'],
    };
    const servable = this.opts.hostKeys.algorithms();
    const key = JSON.stringify(lists) + [...servable].join();
    if (key !== this.offerCache.key || !this.offerCache.offer) {
      const resolved = resolveAlgorithms(lists);
      // Offer only what a key on disk can sign; the policy's order stays.
      resolved.serverHostKey = resolved.serverHostKey.filter((a) => servable.has(a));
      this.offerCache = { key, offer: makeOffer(resolved) };
    }
    return {
      enabled: s['ssh.server.enable'],
      graceSeconds: s['ssh.server.timeout'],
      retries: s['ssh.server.authentication-retries'],
      rekeyHours: s['ssh.server.rekey-interval'],
      offer: this.offerCache.offer!,
      banner: s['header.login'],
    };
  }

  private onSocket(socket: net.Socket): void {
    const log = this.opts.log;
    const address = (socket.remoteAddress ?? '?').replace(/^::ffff:/, '');
    const port = socket.remotePort ?? 0;
    socket.on('error', () => undefined); // reported through 'close'; never fatal
    if (this.stopping) return void socket.destroy();
    if (this.connections.size >= MAX_CONNECTIONS) {
      log.warn('connection refused: too many connections', { peer: `${address}:${port}`, open: this.connections.size });
      socket.destroy();
      return;
    }
    const slot = this.limiter.admit(address);
    if ('refused' in slot) {
      log.warn('connection refused before authentication', { peer: `${address}:${port}`, reason: slot.refused });
      socket.destroy();
      return;
    }
    const state = new ConnectionState(socket, address, port);
    const accepted: Accepted = { state, release: slot.release };
    this.connections.add(state);
    this.accepted.set(socket, accepted);
    log.info('connection opened', { peer: state.peer, conn: state.id });

    let grace: NodeJS.Timeout | undefined;
    socket.once('close', () => {
      clearTimeout(grace);
      void state.accounting?.stop();
      slot.release();
      this.connections.delete(state);
      const was = state.phase;
      state.phase = 'Disconnected';
      log.info('connection closed', {
        peer: state.peer,
        conn: state.id,
        user: state.user || undefined,
        outcome: state.authenticated ? 'session ended' : `closed during ${was}`,
        seconds: Math.round((Date.now() - state.since) / 1000),
      });
    });

    this.transportSettings().then(
      (settings) => {
        if (socket.destroyed) return;
        if (!settings.enabled) {
          log.warn('connection refused: ssh server disabled', { peer: state.peer });
          socket.destroy();
          return;
        }
        accepted.settings = settings;
        state.auth.retries = settings.retries;
        // A tenth of the grace is left for what follows RADIUS: a local fallback, the answer.
        state.auth.deadline = Date.now() + settings.graceSeconds * 900;
        grace = setTimeout(() => {
          if (!state.authenticated) {
            log.warn('login grace time expired', { peer: state.peer, conn: state.id, seconds: settings.graceSeconds });
            socket.destroy();
          }
        }, settings.graceSeconds * 1000);
        grace.unref();
        state.phase = 'Ver-exchange';
        guardIdentification(socket, (v) => {
          if (v.kind === 'ssh1') log.warn('SSH-1 client refused', { peer: state.peer, ident: v.ident });
          else if (v.kind === 'bad') log.warn('bad identification, closed', { peer: state.peer, reason: v.reason });
        });
        this.ssh.injectSocket(socket);
        socket.resume();
      },
      (err: Error) => {
        log.error('cannot read settings; connection closed', { peer: state.peer, err: err.message });
        socket.destroy();
      },
    );
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
    log.info('client identification', { peer: state.peer, conn: state.id, ident: state.clientIdent });
    applyConnectionPolicy(conn, settings.offer, settings.banner);

    conn.on('error', (err: Error & { level?: string }) => {
      log.info('connection error', { peer: state.peer, conn: state.id, err: err.message });
    });
    (conn as unknown as NodeJS.EventEmitter).on('handshake', (n: Negotiated) => {
      state.cipher = n.cs.cipher;
      if (state.phase === 'Keys-exchange') state.phase = 'Auth-request';
      log.info('key exchange done', {
        peer: state.peer,
        conn: state.id,
        kex: n.kex,
        hostkey: n.serverHostKey,
        cipher: n.cs.cipher,
        mac: n.cs.mac || '(aead)',
        compress: n.cs.compress,
      });
    });
    conn.on('authentication', (ctx: AuthContext) => this.opts.handlers.authenticate(ctx, state, conn));
    conn.on('ready', () => {
      state.authenticated = true;
      // Authenticated sessions are no longer "startups": they must not crowd out new logins.
      accepted.release();
      state.phase = 'Established';
      this.startRekeyPolicy(conn, state, settings.rekeyHours);
      this.opts.handlers.ready(conn, state);
    });
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

  get address(): net.AddressInfo | undefined {
    return (this.tcp?.address() as net.AddressInfo | null) ?? undefined;
  }
}
