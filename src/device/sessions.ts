import * as net from 'node:net';
import { AdmissionInfo, Answer, LineDecoder, Push, Request, SessionInfo } from '../common/control-protocol';

/** How a `send` message appears on the receiving terminal: a header naming both user interfaces. */
export function messageBanner(from: string, to: string, text: string): string {
  return `***Message from ${from.replace(' ', '')} to ${to.replace(' ', '')}\r\n${text}`;
}

/**
 * The CLI side of the control socket: who is logged in, free a user interface, send a message.
 * Only the daemon knows the live sessions; without a daemon (offline console) there are none to show.
 */
export class SessionDirectory {
  private sock?: net.Socket;
  private nextId = 1;
  private pending = new Map<number, (a: Answer) => void>();

  constructor(private onPush: (msg: Push) => void = () => undefined, private onClose: () => void = () => undefined) {}

  /** Connects and says hello; `console` registers this process as `aux 0`. */
  async connect(path: string, opts: { console?: boolean } = {}): Promise<void> {
    const sock = net.connect(path);
    await new Promise<void>((resolve, reject) => {
      sock.once('connect', resolve);
      sock.once('error', reject);
    });
    sock.on('error', () => undefined);
    const decoder = new LineDecoder((raw) => {
      const msg = raw as Answer | Push;
      if ('id' in msg) {
        this.pending.get(msg.id)?.(msg);
        this.pending.delete(msg.id);
      } else {
        this.onPush(msg);
      }
    });
    sock.on('data', (d) => decoder.push(d));
    sock.on('close', () => {
      this.sock = undefined;
      for (const done of this.pending.values()) done({ id: 0, ok: false, error: 'the daemon is not running' });
      this.pending.clear();
      this.onClose();
    });
    this.sock = sock;
    await this.request({ op: 'hello', pid: process.pid, console: opts.console });
  }

  get connected(): boolean {
    return this.sock !== undefined;
  }

  private request(req: Request): Promise<unknown> {
    const sock = this.sock;
    if (!sock) return Promise.reject(new Error('the daemon is not running'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (a) => (a.ok ? resolve(a.result) : reject(new Error(a.error))));
      sock.write(JSON.stringify({ ...req, id }) + '\n');
    });
  }

  async users(): Promise<SessionInfo[]> {
    if (!this.sock) return [];
    return (await this.request({ op: 'users' })) as SessionInfo[];
  }

  /** The daemon's admission state; undefined without a daemon. */
  async admission(): Promise<AdmissionInfo | undefined> {
    if (!this.sock) return undefined;
    return (await this.request({ op: 'admission' })) as AdmissionInfo;
  }

  /** Times each ACL rule matched a login (`ACL:RULE` → n); empty without a daemon. */
  async aclCounts(): Promise<Record<string, number>> {
    if (!this.sock) return {};
    return (await this.request({ op: 'acl-counts' })) as Record<string, number>;
  }

  async free(ui: string): Promise<void> {
    await this.request({ op: 'free', ui });
  }

  async send(target: string, text: string): Promise<number> {
    return (await this.request({ op: 'send', target, text })) as number;
  }

  /** info-center loghost changed: the daemon re-reads it. */
  async loghostChanged(): Promise<void> {
    if (this.sock) await this.request({ op: 'loghost' });
  }

  /** terminal monitor / logging: which live log records this session wants (null: none). */
  async monitor(severity: number | null): Promise<void> {
    if (this.sock) await this.request({ op: 'monitor', severity });
  }

  /** A local user's account changed: their live sessions end or take the new level. The number of sessions touched. */
  async accountChanged(user: string): Promise<number> {
    if (!this.sock) return 0;
    return (await this.request({ op: 'account', user })) as number;
  }

  /** Hands an audit record to the daemon, which logs it everywhere it logs (and in the log buffer). */
  async log(record: { severity: number; module: string; digest: string; text: string }): Promise<void> {
    await this.request({ op: 'log', ...record });
  }

  /** Restarts the management plane; the answer comes before the sessions are ended. */
  async reboot(): Promise<void> {
    await this.request({ op: 'reboot' });
  }

  /** Schedules a reboot in `minutes` (null cancels); returns when it is due, or null. */
  async scheduleReboot(minutes: number | null): Promise<number | null> {
    return (await this.request({ op: 'schedule-reboot', minutes })) as number | null;
  }

  async rebootSchedule(): Promise<number | null> {
    return (await this.request({ op: 'reboot-schedule' })) as number | null;
  }

  /** The user interface of the session holding the configuration lock, unless it is this one. */
  async configLockHolder(): Promise<string | null> {
    if (!this.sock) return null;
    return (await this.request({ op: 'config-lock' })) as string | null;
  }

  /** Asks the daemon to apply the `netconf ssh server` settings now (open, move or close its port). */
  async applyNetconfService(): Promise<void> {
    if (this.sock) await this.request({ op: 'netconf-service' });
  }

  /** This session's outgoing connection for `display users` (null: none any more). */
  async outgoing(text: string | null): Promise<void> {
    if (this.sock) await this.request({ op: 'outgoing', text });
  }

  /** A publickey login payload signed by the daemon with the device's own key of `key` type. */
  async signAsDevice(key: 'rsa' | 'ecdsa' | 'ed25519', data: Buffer, hash?: string): Promise<Buffer> {
    if (!this.sock) throw new Error('the local key pair is used through the SSH service, which is not running');
    return Buffer.from((await this.request({ op: 'sign', key, data: data.toString('base64'), hash })) as string, 'base64');
  }

  /** Echo ahead: the daemon may echo `room` characters if its counts meet these (no answer). */
  echoOffer(offer: { consumed: number; written: number; room: number }): void {
    this.sock?.write(JSON.stringify({ op: 'echo-offer', ...offer }) + '\n');
  }

  /** Echo ahead ends; resolves with the pty bytes to read before writing (null: the daemon echoes nothing). */
  async echoStop(): Promise<number | null> {
    if (!this.sock) return null;
    return (await this.request({ op: 'echo-stop' })) as number | null;
  }

  close(): void {
    this.sock?.end();
  }
}
