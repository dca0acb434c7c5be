// The authentication policy the SSH layer calls, transport-free: it gets requests as plain data and
// answers with an outcome and the methods that may continue. Unknown users, wrong passwords, blocked
// users, users without the ssh service and locked pairs all get the same answer in the same time.
import type { Device } from '../device';
import type { Logger } from '../log/logger';
import type { LocalUser, LockPolicy, PublicKeyRecord, SshServiceType } from '../device/services';
import { userNameProblem } from '../device/services';
import { blobAlgorithm } from '../common/pubkey';
import { verifySignature, verifySshSignature } from '../common/ssh-signature';
import { KdfBusyError } from '../common/kdf-queue';
import { SETTING_DEFAULTS } from '../device/settings';
import { ALERT_BEFORE_EXPIRE_DAYS } from '../device/password-policy';
import { ADVERTISED, CredentialMethod, isComplete, MethodPolicy, methodPolicy, remainingMethods } from './policy';
import { radiusGrantedLevel, Route, routeLogin } from './aaa-route';
import { AccountingSession, RadiusClient } from './radius/client';

/** Comware module/digest of the events kept in `display logbuffer`. */
const AUDIT = {
  login: { module: 'SHELL', digest: 'LOGIN' },
  fail: { module: 'SSH', digest: 'AUTH_FAILED' },
  lock: { module: 'PWDCTL', digest: 'USER_LOCKED' },
  expired: { module: 'PWDCTL', digest: 'PASSWORD_EXPIRED' },
} as const;

/** Address of console logins: never blacklisted. */
export const CONSOLE_ADDRESS = 'console';

export interface AuthConnState {
  /** Source IP of the connection, or CONSOLE_ADDRESS. */
  address: string;
  /** The user the succeeded methods belong to; another name starts over (RFC 4252 §5). */
  user?: string;
  succeeded: Set<CredentialMethod>;
  /** Requests that counted toward `authentication-retries` so far: the one counter of them. */
  failures: number;
  /** `ssh server authentication-retries` as it was when the connection was accepted. */
  retries: number;
  /** Epoch ms when the login grace ends: a RADIUS exchange never waits past it. */
  deadline?: number;
}

/** Per-connection state; its failure count survives every new `ssh-userauth` service request. */
export function newConnState(address: string, retries: number = SETTING_DEFAULTS['ssh.server.authentication-retries']): AuthConnState {
  return { address, succeeded: new Set(), failures: 0, retries };
}

export interface AuthRequest {
  user: string;
  method: string;
  password?: string;
  key?: { algo: string; blob: Buffer };
  /**
   * data: what the client signed (ssh2's ctx.blob). sigAlgo given: sig is the inner signature
   * (ssh2's ctx.signature; ECDSA as DER or SSH mpints). sigAlgo absent: sig is the whole SSH
   * signature blob (string algorithm, string signature).
   */
  signature?: { data: Buffer; sig: Buffer; sigAlgo?: string };
}

export type AuthOutcome = 'success' | 'partial' | 'failure' | 'key-ok';

export interface AuthResult {
  outcome: AuthOutcome;
  /** Methods that may continue (for failure and partial). */
  methods: string[];
  /** On success: the user's level (0–3). */
  level?: number;
  mustChangePassword?: boolean;
  /** On success: the password is older than password-control aging (forces a change like mustChangePassword). */
  passwordExpired?: boolean;
  /** On success: days until the password expires, when within the early-notice period. */
  passwordDaysLeft?: number;
  /** On success: `ssh user NAME service-type` (stelnet, sftp, scp, all), for the channel layer to enforce. */
  serviceType?: SshServiceType;
  /** Counts toward authentication-retries: every failure except `none`. */
  counts: boolean;
  /** The retries are used up: the transport must disconnect (reason 14) instead of replying. */
  disconnect?: boolean;
  /** For the log only; never shown to the client. */
  reason?: string;
  /** RADIUS accounting of the session, when the domain has it: stopped when the session ends. */
  accounting?: AccountingSession;
}

interface Subject {
  /** The local name: the typed name without its `@domain`. */
  name: string;
  user?: LocalUser;
  serviceType: SshServiceType;
  keys: PublicKeyRecord[];
  policy: MethodPolicy;
  /** Why this user may not log in at all (blocked, no ssh service, locked, unknown), else undefined. */
  refusal?: string;
  locked: boolean;
  /** The pair has a blacklist entry (failures counted): a success must clear it. */
  blacklisted: boolean;
}

/** Keeps attacker-chosen names from forging log lines or flooding them. */
function logName(s: string): string {
  const clean = s.replace(/[^\x21-\x7e]/g, '?');
  return clean.length > 64 ? clean.slice(0, 64) + '…' : clean;
}

/** The request's algorithm must name the blob's key type (rsa-sha2-* for ssh-rsa keys, as RFC 8332 says). */
function algoMatchesBlob(algo: string, blob: Buffer): boolean {
  let type: string;
  try {
    type = blobAlgorithm(blob);
  } catch {
    return false;
  }
  return algo === type || (type === 'ssh-rsa' && (algo === 'rsa-sha2-256' || algo === 'rsa-sha2-512'));
}

/** Without a login grace (the console): how long a RADIUS exchange may take at most. */
const CONSOLE_WAIT_MS = 60_000;

/** Where the lockout policy comes from: the device (a read per request) or the daemon's settings cache. */
interface LockPolicySource {
  lockPolicy(): Promise<LockPolicy>;
}

export class Authenticator {
  private radius: RadiusClient;

  constructor(
    private device: Device,
    private log: Logger,
    private policies: LockPolicySource = device,
  ) {
    this.radius = new RadiusClient(() => device.aaa(), { warn: (message, fields) => log.warn(message, { module: 'RADIUS', ...fields }) });
  }

  /** Computes the dummy hash ahead of the first login, so the first unknown user is not slower. */
  ready(): Promise<void> {
    return this.device.passwords.warm();
  }

  private async subject(name: string, address: string, service: 'ssh' | 'terminal', lock: LockPolicy): Promise<Subject> {
    // One statement for every name, known or not, so the database adds no timing difference.
    const { user, ssh, keys, blacklist } = await this.device.loginFacts(name, address);
    // The console is never blacklisted.
    const entry = address === CONSOLE_ADDRESS ? undefined : blacklist;
    const locked = lock.enabled && entry?.locked === true;
    const policy = methodPolicy(ssh?.authType ?? null, keys.length > 0);
    let refusal: string | undefined;
    if (!user) refusal = 'unknown user';
    else if (user.state !== 'active') refusal = 'user blocked';
    else if (!user.serviceTypes.includes(service)) refusal = `service type ${service} not allowed`;
    else if (locked) refusal = 'locked';
    return { name, user, serviceType: ssh?.serviceType ?? 'stelnet', keys, policy, refusal, locked, blacklisted: entry !== undefined };
  }

  /**
   * One SSH authentication request. Mutates conn (succeeded methods, failure count) and decides when
   * the retries are used up; an internal error is a counted failure, never a success.
   */
  async attempt(conn: AuthConnState, req: AuthRequest): Promise<AuthResult> {
    let result: AuthResult;
    try {
      result = await this.decide(conn, req);
    } catch (err) {
      this.log.error('authentication error', { user: logName(req.user), address: conn.address, err: (err as Error).message });
      result = { outcome: 'failure', methods: [...ADVERTISED], counts: true, reason: 'internal error' };
    }
    if (result.counts) {
      conn.failures++;
      if (conn.failures >= conn.retries) {
        result.disconnect = true;
        this.log.warn('authentication retries exhausted', { module: 'SSH', digest: 'AUTH_RETRIES', user: logName(req.user), address: conn.address, failures: conn.failures });
      }
    }
    return result;
  }

  private async decide(conn: AuthConnState, req: AuthRequest): Promise<AuthResult> {
    if (conn.user !== req.user) {
      conn.user = req.user;
      conn.succeeded.clear();
    }
    if (req.method === 'none') {
      return { outcome: 'failure', methods: this.continuing(undefined, conn), counts: false, reason: 'none' };
    }
    const lock = await this.policies.lockPolicy();
    // Publickey logins stay local: RADIUS carries no keys.
    const route: Route = req.method === 'password' ? await routeLogin(await this.device.aaa(), req.user) : { kind: 'local', userId: req.user };
    const s = await this.subject(route.kind === 'refused' ? req.user : route.userId, conn.address, 'ssh', lock);
    let result: AuthResult;
    if (req.method === 'password') result = await this.passwordThrough(route, conn, req, s, lock);
    else if (req.method === 'publickey') result = await this.publickey(conn, req, s, lock);
    else result = this.fail(conn, s, `method ${logName(req.method)} not supported`);
    return result;
  }

  /** A password through the domain's method; a success starts the domain's RADIUS accounting. */
  private async passwordThrough(route: Route, conn: AuthConnState, req: AuthRequest, s: Subject, lock: LockPolicy): Promise<AuthResult> {
    const result = route.kind === 'local' ? await this.password(conn, req, s, lock) : await this.remotePassword(conn, req, s, lock, route);
    if (result.outcome === 'success' && route.kind !== 'refused' && route.accounting) {
      result.accounting = this.radius.startAccounting(route.accounting.scheme, { userName: route.accounting.userName, callingStationId: conn.address });
    }
    return result;
  }

  private continuing(s: Subject | undefined, conn: AuthConnState): string[] {
    return s ? remainingMethods(s.policy, conn.succeeded) : [...ADVERTISED];
  }

  private fail(conn: AuthConnState, s: Subject, reason: string): AuthResult {
    return { outcome: 'failure', methods: this.continuing(s, conn), counts: true, reason };
  }

  private async password(conn: AuthConnState, req: AuthRequest, s: Subject, lock: LockPolicy): Promise<AuthResult> {
    // A password-change request (RFC 4252 §8) nobody asked for carries no password: it fails, as on OpenSSH.
    const pw = req.password ?? '';
    const usable = !s.refusal && s.policy.allowed.includes('password') && req.password !== undefined;
    // Exactly one KDF run whatever the reason for failing: the dummy stands in for the real one.
    let ok: boolean;
    try {
      ok = usable ? await this.device.passwords.verify(pw, s.user!.passwordHash) : await this.device.passwords.verifyDummy(pw);
    } catch (err) {
      // Under a flood the KDF queue refuses rather than queueing without bound: a plain failure,
      // not counted against the user, whose password was never checked.
      if (!(err instanceof KdfBusyError)) throw err;
      this.log.warn('login failed', { ...AUDIT.fail, user: logName(req.user), address: conn.address, method: 'password', reason: 'password checks overloaded' });
      return this.fail(conn, s, 'password checks overloaded');
    }
    if (!ok) {
      const reason = s.refusal ?? (usable ? 'wrong password' : req.password === undefined ? 'password change not supported' : 'password not allowed for this user');
      await this.countFailure(s.name, conn.address, lock, 'password', reason, s.user !== undefined);
      return this.fail(conn, s, reason);
    }
    this.maybeRehash(s.user!, pw);
    return this.succeeded(conn, req, s, 'password');
  }

  private async publickey(conn: AuthConnState, req: AuthRequest, s: Subject, lock: LockPolicy): Promise<AuthResult> {
    if (!req.key) return this.fail(conn, s, 'publickey request without key');
    const blob = req.key.blob;
    if (!algoMatchesBlob(req.key.algo, blob)) return this.fail(conn, s, 'key algorithm does not match key');
    const usable = !s.refusal && s.policy.allowed.includes('publickey');
    const record = usable ? s.keys.find((k) => k.blob.equals(blob)) : undefined;
    if (!req.signature) {
      // A query: "key OK" only for an assigned key; probing other keys is not a login failure.
      if (record) return { outcome: 'key-ok', methods: this.continuing(s, conn), counts: false };
      return this.fail(conn, s, s.refusal ?? (usable ? 'key not assigned' : 'publickey not allowed for this user'));
    }
    let reason: string | undefined = s.refusal ?? (usable ? (record ? undefined : 'key not assigned') : 'publickey not allowed for this user');
    if (!reason) {
      const { data, sig, sigAlgo } = req.signature;
      const v = sigAlgo === undefined ? verifySshSignature(blob, data, sig) : verifySignature(blob, data, sigAlgo, sig);
      if (!v.ok) reason = v.reason ?? 'bad signature';
    }
    if (reason) {
      await this.countFailure(req.user, conn.address, lock, 'publickey', reason, s.user !== undefined);
      return this.fail(conn, s, reason);
    }
    return this.succeeded(conn, req, s, 'publickey', record!.name);
  }

  private async succeeded(
    conn: AuthConnState,
    req: AuthRequest,
    s: Subject,
    method: CredentialMethod,
    keyName?: string,
    remote?: { level: number; via: string },
  ): Promise<AuthResult> {
    conn.succeeded.add(method);
    const user = remote ? { name: req.user, level: remote.level, mustChangePassword: false } : s.user!;
    const fields = { user: logName(user.name), address: conn.address, method, ...(keyName ? { key: keyName } : {}), ...(remote ? { via: remote.via } : {}) };
    if (!isComplete(s.policy, conn.succeeded)) {
      this.log.info('authentication partially succeeded', fields);
      return { outcome: 'partial', methods: remainingMethods(s.policy, conn.succeeded), counts: false };
    }
    // Only a pair with an entry costs a write: most logins touch the database read-only.
    if (s.blacklisted && (await (await this.device.blacklist()).recordSuccess(s.name, conn.address))) {
      this.log.info('blacklist entry cleared by successful login', { user: fields.user, address: conn.address });
    }
    this.log.info('login succeeded', { ...AUDIT.login, ...fields, userLevel: user.level });
    return {
      outcome: 'success',
      methods: [],
      level: user.level,
      mustChangePassword: user.mustChangePassword,
      // Password age is the local password's; a RADIUS server keeps its own.
      ...(conn.succeeded.has('password') && !remote ? await this.passwordAge(s.user!) : {}),
      serviceType: s.serviceType,
      counts: false,
    };
  }

  /**
   * A password login through a domain whose method is not `local` (§2.6): RADIUS, whose reject is
   * final and whose silence alone lets `local` follow; or `none`. Locks and the retry count apply
   * as to local users, and every refusal is the same failure on the wire.
   */
  private async remotePassword(conn: AuthConnState, req: AuthRequest, s: Subject, lock: LockPolicy, route: Exclude<Route, { kind: 'local' }>): Promise<AuthResult> {
    const pw = req.password ?? '';
    const refuse = async (reason: string): Promise<AuthResult> => {
      // A RADIUS reject locks the name like a local failure (each cost the attacker a server round
      // trip); a name no route serves is counted per address, as made-up names are.
      await this.countFailure(s.name, conn.address, lock, 'password', reason, s.user !== undefined || route.kind !== 'refused');
      return this.fail(conn, s, reason);
    };
    const refusal =
      route.kind === 'refused' ? route.reason
      : s.locked ? 'locked'
      : !s.policy.allowed.includes('password') ? 'password not allowed for this user'
      : req.password === undefined ? 'password change not supported'
      : undefined;
    if (refusal !== undefined || route.kind === 'refused') {
      // The same KDF run as a local check, so these refusals take a local refusal's time.
      await this.device.passwords.verifyDummy(pw).catch(() => false);
      return refuse(refusal ?? 'refused');
    }
    if (route.kind === 'none') return this.succeeded(conn, req, s, 'password', undefined, { level: 0, via: 'none' });
    const verdict = await this.radius.authenticate(route.scheme, {
      userName: route.radiusName,
      password: pw,
      callingStationId: conn.address,
      deadline: conn.deadline ?? Date.now() + CONSOLE_WAIT_MS,
    });
    if (verdict.kind === 'reject') return refuse(`rejected by RADIUS scheme ${route.scheme.name}`);
    if (verdict.kind === 'unreachable') {
      if (route.fallback) {
        this.log.warn('no RADIUS server answered: local authentication', { module: 'RADIUS', scheme: route.scheme.name, user: logName(req.user), detail: verdict.detail });
        return this.password(conn, req, s, lock);
      }
      return refuse(`no RADIUS server answered (${verdict.detail})`);
    }
    return this.succeeded(conn, req, s, 'password', undefined, {
      level: radiusGrantedLevel(route, verdict.level, s.user?.state === 'active' ? s.user.level : undefined),
      via: `radius-scheme ${route.scheme.name}`,
    });
  }

  private async countFailure(
    user: string,
    address: string,
    lock: LockPolicy,
    method: CredentialMethod,
    reason: string,
    known: boolean,
  ): Promise<void> {
    this.log.warn('login failed', { ...AUDIT.fail, user: logName(user), address, method, reason });
    if (!lock.enabled || address === CONSOLE_ADDRESS) return;
    // Made-up names are counted per address, not a row each: an attacker must not fill the table.
    const blacklist = await this.device.blacklist();
    const out = known && !userNameProblem(user) ? await blacklist.recordFailure(user, address, lock) : await blacklist.recordUnknownUserFailure(address, lock);
    if (out.lockedNow) {
      this.log.warn('user locked', {
        ...AUDIT.lock,
        user: logName(user),
        address,
        failures: out.failures,
        until: out.lockUntil === null ? 'reset' : new Date(out.lockUntil).toISOString(),
      });
    }
  }

  /** password-control aging: an expired password must be changed before the first prompt; one about to be is announced. */
  private async passwordAge(user: LocalUser): Promise<{ passwordExpired: boolean; passwordDaysLeft?: number }> {
    if (user.mustChangePassword) return { passwordExpired: false };
    const left = await (await this.device.passwordPolicy()).daysLeft({ user: user.name }, user.passwordHash);
    if (left === undefined || left > ALERT_BEFORE_EXPIRE_DAYS) return { passwordExpired: false };
    if (left > 0) return { passwordExpired: false, passwordDaysLeft: left };
    this.log.info('password expired', { ...AUDIT.expired, user: logName(user.name) });
    return { passwordExpired: true };
  }

  /** Rehashes with the current cost after a successful login; the login does not wait for it. */
  private maybeRehash(user: LocalUser, password: string): void {
    const old = user.passwordHash;
    if (!old || !this.device.passwords.needsRehash(old)) return;
    void (async () => {
      const hash = await this.device.passwords.hash(password);
      // Only if nobody changed the password meanwhile.
      await (await this.device.accounts()).replacePasswordHash(user.name, old, hash);
      this.log.info('password rehashed with current parameters', { user: logName(user.name) });
    })().catch((err: unknown) => this.log.error('password rehash failed', { user: logName(user.name), error: String(err) }));
  }

  /**
   * Console login (`authentication-mode scheme` on aux 0): the domain's methods as for SSH, service
   * type terminal, any `ssh user` policy ignored, never locked.
   */
  async verifyConsoleLogin(
    name: string,
    password: string,
  ): Promise<{ ok: true; level: number; mustChangePassword: boolean; accounting?: AccountingSession } | { ok: false }> {
    const lock: LockPolicy = { enabled: false, attempts: 0, exceed: 'unlock', lockMinutes: 0 };
    const route = await routeLogin(await this.device.aaa(), name);
    const s = await this.subject(route.kind === 'refused' ? name : route.userId, CONSOLE_ADDRESS, 'terminal', lock);
    s.policy = { allowed: ['password'], needAll: false };
    const conn = newConnState(CONSOLE_ADDRESS);
    const req: AuthRequest = { user: name, method: 'password', password };
    const r = await this.passwordThrough(route, conn, req, s, lock);
    if (r.outcome !== 'success') return { ok: false };
    return { ok: true, level: r.level ?? 0, mustChangePassword: r.mustChangePassword === true, accounting: r.accounting };
  }
}
