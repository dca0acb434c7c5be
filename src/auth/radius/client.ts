// The RADIUS client of a scheme (comware-aaa-files.md §2.4–2.6): primary, then secondary; a server
// that never answers is skipped for `timer quiet`; an Access-Reject is final. Accounting start and
// stop go to the accounting servers and never hold up a login.
import { randomBytes } from 'node:crypto';
import { isIPv4 } from 'node:net';
import type { AaaService } from '../../device/aaa';
import type { RadiusScheme, ServerRole } from '../../device/aaa-types';
import { exchange, ExchangeResult, Target } from './exchange';
import {
  ACCT_AUTHENTIC,
  ACCT_STATUS,
  accessRequest,
  accountingRequest,
  ATTR,
  Attribute,
  CODE,
  int,
  ipv4,
  NAS_PORT_TYPE_VIRTUAL,
  SERVICE_TYPE_LOGIN_USER,
  str,
  TERMINATE_CAUSE_USER_REQUEST,
  vendorInteger,
} from './packet';

const VENDOR_H3C = 25506;
const H3C_EXEC_PRIVILEGE = 29;
const VENDOR_3COM = 43;
const THREECOM_USER_ACCESS_LEVEL = 1;

/** H3C-Exec-Privilege, else 3Com-User-Access-Level, clamped to 0–3; neither: 0 (§2.5). */
export function levelFromReply(attrs: Attribute[]): number {
  const v = vendorInteger(attrs, VENDOR_H3C, H3C_EXEC_PRIVILEGE) ?? vendorInteger(attrs, VENDOR_3COM, THREECOM_USER_ACCESS_LEVEL);
  return v === undefined ? 0 : Math.min(v, 3);
}

export type RadiusVerdict =
  | { kind: 'accept'; level: number }
  | { kind: 'reject' }
  /** No server gave an acceptable answer: the only case where `local` may follow. */
  | { kind: 'unreachable'; detail: string };

export interface RadiusEvents {
  /** Facts for the log; never a secret or a password. */
  warn(message: string, fields: Record<string, unknown>): void;
}

export interface AccountingSession {
  /** Sends the stop record once; resolves when it was answered or given up. */
  stop(): Promise<void>;
}

function nasIp(scheme: RadiusScheme, local: string): Attribute[] {
  const ip = scheme.nasIp ?? local;
  return isIPv4(ip) ? [ipv4(ATTR.nasIpAddress, ip)] : [];
}

export class RadiusClient {
  constructor(
    private aaa: () => Promise<AaaService>,
    private events: RadiusEvents,
  ) {}

  /** Servers to try, in order: the configured ones not in their quiet time; all blocked → the first. */
  private async targets(
    scheme: RadiusScheme,
    roles: ServerRole[],
    which: 'authentication' | 'accounting',
    blocked: ReadonlyMap<string, number>,
  ): Promise<{ role: ServerRole; target: Target }[]> {
    const secret = (await this.aaa()).secret(scheme, which);
    const configured = roles.filter((r) => scheme.servers[r]);
    if (!configured.length) return [];
    if (!secret) {
      this.events.warn('RADIUS scheme has no key', { scheme: scheme.name, key: which });
      return [];
    }
    const live = configured.filter((r) => !blocked.has(r));
    return (live.length ? live : configured.slice(0, 1)).map((role) => ({ role, target: { host: scheme.servers[role]!.ip, port: scheme.servers[role]!.port, secret } }));
  }

  /** Sends to each target until one answers; marks the silent ones blocked and an answering blocked one active. */
  private async ask(
    scheme: RadiusScheme,
    roles: ServerRole[],
    which: 'authentication' | 'accounting',
    build: (id: number, secret: Buffer, local: string) => { buf: Buffer; authenticator: Buffer },
    deadline: number,
  ): Promise<{ result: ExchangeResult & { kind: 'reply' } } | { detail: string }> {
    const aaa = await this.aaa();
    const blocked = await aaa.blockedServers(scheme.name);
    const targets = await this.targets(scheme, roles, which, blocked);
    if (!targets.length) return { detail: `no ${which} server configured` };
    const problems: string[] = [];
    for (const { role, target } of targets) {
      const r = await exchange(target, (id, local) => build(id, target.secret, local), {
        timeoutMs: scheme.responseTimeout * 1000,
        tries: scheme.retry,
        deadline,
        requireMessageAuthenticator: scheme.requireMessageAuthenticator && which === 'authentication',
      });
      const acct = which === 'accounting';
      await aaa.count(scheme.name, {
        [acct ? 'accounting_requests' : 'requests']: 1,
        retransmissions: Math.max(0, r.sent - 1),
        bad_replies: r.kind === 'timeout' ? r.bad : 0,
        timeouts: r.kind === 'timeout' ? 1 : 0,
      });
      if (r.kind === 'reply') {
        if (blocked.has(role)) await aaa.setServerBlocked(scheme.name, role, null);
        return { result: r };
      }
      const where = `${target.host}:${target.port}`;
      if (r.bad) this.events.warn('RADIUS reply dropped: bad authenticator', { scheme: scheme.name, server: where, replies: r.bad, check: r.reasons.join(', ') });
      problems.push(`${role} ${where} ${r.bad ? r.reasons.join(', ') : 'no answer'}`);
      // Cut short by the login's deadline: the server may be fine, so it is not blocked.
      if (Date.now() >= deadline) break;
      if (scheme.quietMinutes > 0) {
        await aaa.setServerBlocked(scheme.name, role, Date.now() + scheme.quietMinutes * 60_000);
        this.events.warn('RADIUS server blocked', { scheme: scheme.name, server: where, role, minutes: scheme.quietMinutes });
      }
    }
    return { detail: problems.join('; ') };
  }

  async authenticate(
    scheme: RadiusScheme,
    login: { userName: string; password: string; callingStationId: string; deadline: number },
  ): Promise<RadiusVerdict> {
    const attrs = (local: string): Attribute[] => [
      int(ATTR.serviceType, SERVICE_TYPE_LOGIN_USER),
      ...nasIp(scheme, local),
      int(ATTR.nasPortType, NAS_PORT_TYPE_VIRTUAL),
      str(ATTR.callingStationId, login.callingStationId),
    ];
    const out = await this.ask(
      scheme,
      ['primary-auth', 'secondary-auth'],
      'authentication',
      (id, secret, local) => accessRequest(id, secret, login.userName, login.password, attrs(local)),
      login.deadline,
    );
    if (!('result' in out)) return { kind: 'unreachable', detail: out.detail };
    const packet = out.result.packet;
    const aaa = await this.aaa();
    if (packet.code === CODE.accessAccept) {
      await aaa.count(scheme.name, { accepts: 1 });
      return { kind: 'accept', level: levelFromReply(packet.attributes) };
    }
    // A reject, or a challenge we cannot answer on an SSH password request: final either way.
    await aaa.count(scheme.name, { rejects: 1 });
    return { kind: 'reject' };
  }

  /** Accounting-Request start now, stop when the session ends; failures are logged, never fatal. */
  startAccounting(scheme: RadiusScheme, session: { userName: string; callingStationId: string }): AccountingSession {
    const id = `${Date.now().toString(16).padStart(12, '0')}${randomBytes(4).toString('hex')}`;
    const started = Date.now();
    const send = (status: number, extra: Attribute[]) =>
      this.ask(
        scheme,
        ['primary-acct', 'secondary-acct'],
        'accounting',
        (pid, secret, local) =>
          accountingRequest(pid, secret, [
            str(ATTR.userName, session.userName),
            int(ATTR.acctStatusType, status),
            str(ATTR.acctSessionId, id),
            int(ATTR.acctAuthentic, ACCT_AUTHENTIC.radius),
            int(ATTR.serviceType, SERVICE_TYPE_LOGIN_USER),
            ...nasIp(scheme, local),
            int(ATTR.nasPortType, NAS_PORT_TYPE_VIRTUAL),
            str(ATTR.callingStationId, session.callingStationId),
            int(ATTR.acctDelayTime, 0),
            int(ATTR.eventTimestamp, Math.floor(Date.now() / 1000)),
            ...extra,
          ]),
        Date.now() + scheme.responseTimeout * scheme.retry * 2000 + 1000,
      ).then(
        async (out) => {
          if ('result' in out) await (await this.aaa()).count(scheme.name, { accounting_responses: 1 });
          else this.events.warn('RADIUS accounting not answered', { scheme: scheme.name, session: id, detail: out.detail });
        },
        (err: unknown) => this.events.warn('RADIUS accounting failed', { scheme: scheme.name, session: id, error: String(err) }),
      );
    const startSent = send(ACCT_STATUS.start, []);
    let stopped: Promise<void> | undefined;
    return {
      stop: () => {
        if (!stopped) {
          const seconds = Math.floor((Date.now() - started) / 1000);
          stopped = startSent.then(() => send(ACCT_STATUS.stop, [int(ATTR.acctSessionTime, seconds), int(ATTR.acctTerminateCause, TERMINATE_CAUSE_USER_REQUEST)]));
        }
        return stopped;
      },
    };
  }
}
