// AAA as domain values (comware-aaa-files.md §1–2): ISP domains choose the methods, RADIUS schemes
// name the servers. Pure data and their defaults, shared by the service, the renderers and auth.

export const SYSTEM = 'system';
export const MAX_DOMAINS = 16;
export const MAX_SCHEMES = 16;

export type AaaFunction = 'authentication' | 'authorization' | 'accounting';
export const AAA_FUNCTIONS: readonly AaaFunction[] = ['authentication', 'authorization', 'accounting'];
/**
 * Access types that matter to the management plane: `login` overrides `default` for logins;
 * `super` (authentication only) sends `super LEVEL` to a scheme instead of the super password.
 */
export type AccessType = 'default' | 'login' | 'super';
export const ACCESS_TYPES: readonly AccessType[] = ['default', 'login', 'super'];

export type AaaMethod = { kind: 'local' } | { kind: 'none' } | { kind: 'radius'; scheme: string; local: boolean };

export interface IspDomain {
  name: string;
  state: 'active' | 'block';
  /** Keyed `authentication.login` etc.; a missing entry means `local`. */
  methods: Partial<Record<`${AaaFunction}.${AccessType}`, AaaMethod>>;
}

export type ServerRole = 'primary-auth' | 'primary-acct' | 'secondary-auth' | 'secondary-acct';
export const DEFAULT_PORT = { auth: 1812, acct: 1813 } as const;

export interface RadiusServer {
  ip: string;
  port: number;
}

export type UserNameFormat = 'with-domain' | 'without-domain' | 'keep-original';

export interface RadiusScheme {
  name: string;
  serverType: 'standard' | 'extended';
  servers: Partial<Record<ServerRole, RadiusServer>>;
  /** Encrypted under the device key (`$c$3$…`); never the plain key. */
  keys: { authentication?: string; accounting?: string };
  userNameFormat: UserNameFormat;
  /** `timer response-timeout`, seconds. */
  responseTimeout: number;
  /** `retry`: sends per server. */
  retry: number;
  /** `timer quiet`, minutes a dead server is skipped. */
  quietMinutes: number;
  nasIp?: string;
  /** `message-authenticator require`: a reply without one is dropped. */
  requireMessageAuthenticator: boolean;
}

export function newDomain(name: string): IspDomain {
  return { name, state: 'active', methods: {} };
}

export function newScheme(name: string): RadiusScheme {
  return {
    name,
    serverType: 'standard',
    servers: {},
    keys: {},
    userNameFormat: 'with-domain',
    responseTimeout: 3,
    retry: 3,
    quietMinutes: 5,
    requireMessageAuthenticator: false,
  };
}

/** The method a login uses for one function: `login` if set, else `default`, else local. */
export function loginMethod(d: IspDomain, fn: AaaFunction): AaaMethod {
  return d.methods[`${fn}.login`] ?? d.methods[`${fn}.default`] ?? { kind: 'local' };
}

/** `super LEVEL`: only an explicit `authentication super` method; otherwise the super password (local). */
export function superMethod(d: IspDomain): AaaMethod {
  return d.methods['authentication.super'] ?? { kind: 'local' };
}

/** `radius-scheme rad local` → `RADIUS=rad, Local` (display domain). */
export function methodText(m: AaaMethod): string {
  if (m.kind === 'local') return 'Local';
  if (m.kind === 'none') return 'None';
  return `RADIUS=${m.scheme}${m.local ? ', Local' : ''}`;
}

/** The configuration words after `authentication login `. */
export function methodWords(m: AaaMethod): string {
  if (m.kind !== 'radius') return m.kind;
  return `radius-scheme ${m.scheme}${m.local ? ' local' : ''}`;
}

/** Splits `userid@isp` at the first `@`; a second `@` makes the name invalid (§1.2). */
export function splitUserName(name: string): { userId: string; domain?: string } | undefined {
  const at = name.indexOf('@');
  if (at < 0) return { userId: name };
  const domain = name.slice(at + 1);
  if (at === 0 || !domain || domain.includes('@')) return undefined;
  return { userId: name.slice(0, at), domain };
}

/** The name RADIUS receives: `user-name-format` applied, the default domain appended for `with-domain`. */
export function radiusUserName(typed: string, userId: string, domain: string, format: UserNameFormat): string {
  if (format === 'keep-original') return typed;
  if (format === 'without-domain') return userId;
  return `${userId}@${domain}`;
}
