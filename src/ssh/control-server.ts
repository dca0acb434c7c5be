import * as fs from 'node:fs';
import * as net from 'node:net';
import { AdmissionInfo, Answer, LineDecoder, Push, Request } from '../common/control-protocol';
import type { Logger } from '../log/logger';
import type { Power } from './power';
import { LiveSession, UserInterfaces } from './user-interfaces';
import type { LocalKeyType } from '../device/host-keys';

const LOCAL_KEY_TYPES: readonly string[] = ['rsa', 'ecdsa', 'ed25519'];

/** What the daemon does when a CLI says the device changed under it. */
export interface ControlHooks {
  /** A local user's account changed: apply it to their live sessions; the number touched. */
  accountChanged?(user: string, by: string): Promise<number>;
  /** info-center loghost changed. */
  loghostChanged?(): Promise<void>;
  /** `reboot` and `schedule reboot`. */
  power?: Power;
  /** The running configuration may have changed: what the daemon keeps of it is read again. */
  configChanged?(): void;
  /** `ssh2 … identity-key`: signs a publickey login payload with the device's key (see identity-signer). */
  signUserAuth?(key: LocalKeyType, data: Buffer, hash: string | undefined): Buffer;
}

/**
 * Requests that follow a change of the running configuration: every configuration command reports
 * itself (`log`) before its prompt returns, and the account, loghost and NETCONF service changes say so.
 */
const CHANGE_OPS: ReadonlySet<string> = new Set(['log', 'account', 'loghost', 'netconf-service']);

/** A CLI process connected to the control socket. */
export interface ControlLink {
  pid: number;
  push(msg: Push): void;
  close(): void;
}

/**
 * The Unix socket (0600, the daemon's user only) through which CLI processes say who they are and ask
 * for what only the daemon knows: the live sessions. A process is trusted only for the session whose
 * pid it has, so one CLI cannot act as another.
 */
export class ControlServer {
  private server?: net.Server;
  private links = new Map<number, ControlLink>();
  private waiters = new Map<number, (link: ControlLink) => void>();
  /** Set by the daemon once its SSH listener exists. */
  admission?: () => AdmissionInfo;
  aclCounts?: () => Record<string, number>;

  /** Set by the daemon once the NETCONF listener exists: applies `netconf ssh server …`; an error text or undefined. */
  netconfService?: () => Promise<string | undefined>;

  constructor(
    readonly socketPath: string,
    private uis: UserInterfaces,
    private log: Logger,
    private hooks: ControlHooks = {},
  ) {}

  async start(): Promise<void> {
    try {
      fs.unlinkSync(this.socketPath);
    } catch {
      /* no stale socket */
    }
    const server = net.createServer((sock) => this.onClient(sock));
    this.server = server;
    const oldMask = process.umask(0o177);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.socketPath, () => resolve());
      });
    } finally {
      process.umask(oldMask);
    }
    fs.chmodSync(this.socketPath, 0o600);
    server.on('error', (err) => this.log.error('control socket error', { err: err.message }));
  }

  /** Resolves when the process with this pid has said hello. */
  waitFor(pid: number): Promise<ControlLink> {
    const link = this.links.get(pid);
    if (link) return Promise.resolve(link);
    return new Promise((resolve) => this.waiters.set(pid, resolve));
  }

  forget(pid: number): void {
    this.waiters.delete(pid);
    this.links.get(pid)?.close();
    this.links.delete(pid);
  }

  async stop(): Promise<void> {
    for (const link of this.links.values()) link.close();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    try {
      fs.unlinkSync(this.socketPath);
    } catch {
      /* already gone */
    }
  }

  private onClient(sock: net.Socket): void {
    let link: ControlLink | undefined;
    let consoleSession: LiveSession | undefined;
    const send = (msg: Answer | Push) => {
      if (!sock.destroyed) sock.write(JSON.stringify(msg) + '\n');
    };
    const decoder = new LineDecoder((raw) => {
      const msg = raw as Request & { id: number };
      if (!link) {
        if (msg.op !== 'hello' || !Number.isInteger(msg.pid)) return sock.destroy();
        link = { pid: msg.pid, push: (m) => send(m), close: () => sock.end() };
        this.links.set(msg.pid, link);
        if (msg.console) consoleSession = this.registerConsole(link);
        send({ id: msg.id, ok: true });
        this.waiters.get(msg.pid)?.(link);
        this.waiters.delete(msg.pid);
        return;
      }
      const asker = this.uis.byPid(link.pid);
      // Echo ahead's offer is on every keystroke's heels: it is taken or dropped, never answered.
      if (msg.op === 'echo-offer') return asker?.echoAhead?.offered(msg);
      if (CHANGE_OPS.has(msg.op)) this.hooks.configChanged?.();
      const later = (work: Promise<unknown>) =>
        work.then(
          (result) => send({ id: msg.id, ok: true, result }),
          (err: Error) => send({ id: msg.id, ok: false, error: err.message }),
        );
      if (msg.op === 'account') {
        const by = asker ? `${asker.user || 'console'}(${asker.ui.replace(' ', '')})` : 'an offline tool';
        return void later(this.hooks.accountChanged?.(String(msg.user), by) ?? Promise.resolve(0));
      }
      if (msg.op === 'loghost') return void later(this.hooks.loghostChanged?.() ?? Promise.resolve());
      if (msg.op === 'netconf-service') {
        const apply = this.netconfService ?? (() => Promise.resolve(undefined));
        void apply().then((error) => send(error ? { id: msg.id, ok: false, error } : { id: msg.id, ok: true }));
        return;
      }
      send(this.answer(msg, asker));
    });
    sock.on('data', (d) => {
      try {
        decoder.push(d);
      } catch (err) {
        this.log.warn('bad control message', { err: (err as Error).message });
        sock.destroy();
      }
    });
    sock.on('error', () => undefined);
    sock.on('close', () => {
      if (link && this.links.get(link.pid) === link) this.links.delete(link.pid);
      if (consoleSession) this.uis.release(consoleSession);
    });
  }

  private registerConsole(link: ControlLink): LiveSession {
    const now = Date.now();
    const session: LiveSession = {
      ui: 'aux 0',
      user: '',
      address: '',
      port: 0,
      level: 3,
      loginAt: now,
      lastInput: now,
      type: '',
      cipher: '',
      state: 'Established',
      retries: 0,
      pid: link.pid,
      push: (m) => link.push(m),
      end: () => link.close(),
    };
    this.uis.addConsole(session);
    return session;
  }

  private answer(msg: Request & { id: number }, asker: LiveSession | undefined): Answer {
    const id = msg.id;
    switch (msg.op) {
      case 'users':
        return { id, ok: true, result: this.uis.info(asker) };
      case 'acl-counts':
        return { id, ok: true, result: this.aclCounts?.() ?? {} };
      case 'admission':
        return this.admission ? { id, ok: true, result: this.admission() } : { id, ok: false, error: 'no SSH listener' };
      case 'free': {
        const target = this.uis.byUi(String(msg.ui));
        if (!target) return { id, ok: false, error: 'no user on that user interface' };
        if (target === asker) return { id, ok: false, error: 'cannot free the current user interface' };
        this.log.info('user interface freed', { ui: target.ui, user: target.user, by: asker?.user ?? '?' });
        target.end(`freed by ${asker?.ui ?? 'console'}`);
        return { id, ok: true };
      }
      case 'send': {
        const from = asker?.ui ?? 'aux 0';
        const targets = msg.target === 'all' ? this.uis.all() : [this.uis.byUi(String(msg.target))].filter(Boolean);
        if (!targets.length) return { id, ok: false, error: 'no user on that user interface' };
        for (const t of targets) t!.push({ op: 'message', from, text: String(msg.text).slice(0, 1024) });
        return { id, ok: true, result: targets.length };
      }
      case 'monitor': {
        if (!asker) return { id, ok: false, error: 'no session' };
        const sev = msg.severity;
        asker.monitorSeverity = typeof sev === 'number' && Number.isInteger(sev) && sev >= 0 && sev <= 7 ? sev : undefined;
        return { id, ok: true };
      }
      case 'log': {
        const level = msg.severity <= 3 ? 'error' : msg.severity === 4 ? 'warn' : 'info';
        this.log.log(level, String(msg.text).slice(0, 1024), {
          module: String(msg.module).slice(0, 16),
          digest: String(msg.digest).slice(0, 32),
          ui: asker?.ui,
        });
        return { id, ok: true };
      }
      case 'reboot':
      case 'schedule-reboot': {
        // Level 3 is the tree's to enforce (after `super` only the CLI process knows the level), as for free.
        if (!this.hooks.power) return { id, ok: false, error: 'not permitted' };
        const by = `${asker?.user ?? '?'}@${asker?.ui ?? '?'}`;
        if (msg.op === 'reboot') {
          this.hooks.power.reboot(by);
          return { id, ok: true };
        }
        const minutes = msg.minutes === null ? null : Number(msg.minutes);
        if (minutes === null) {
          this.hooks.power.cancel(by);
          return { id, ok: true, result: null };
        }
        if (!Number.isInteger(minutes) || minutes < 0 || minutes > 43200) return { id, ok: false, error: 'bad delay' };
        return { id, ok: true, result: this.hooks.power.schedule(minutes, by) };
      }
      case 'reboot-schedule':
        return { id, ok: true, result: this.hooks.power?.scheduled() ?? null };
      case 'outgoing': {
        if (!asker) return { id, ok: false, error: 'no session' };
        asker.outgoing = typeof msg.text === 'string' ? msg.text.slice(0, 128) : undefined;
        return { id, ok: true };
      }
      case 'sign': {
        const sign = this.hooks.signUserAuth;
        if (!sign || !asker || !LOCAL_KEY_TYPES.includes(String(msg.key))) return { id, ok: false, error: 'not permitted' };
        try {
          const sig = sign(msg.key, Buffer.from(String(msg.data), 'base64'), typeof msg.hash === 'string' ? msg.hash : undefined);
          return { id, ok: true, result: sig.toString('base64') };
        } catch (err) {
          this.log.warn('identity signature refused', { ui: asker.ui, user: asker.user, err: (err as Error).message });
          return { id, ok: false, error: 'the local key pair cannot sign this' };
        }
      }
      case 'echo-stop':
        return { id, ok: true, result: asker?.echoAhead?.stop() ?? null };
      case 'config-lock': {
        const holder = this.uis.configLock;
        return { id, ok: true, result: holder && holder !== asker ? holder.ui : null };
      }
      default:
        return { id, ok: false, error: 'unknown request' };
    }
  }
}
