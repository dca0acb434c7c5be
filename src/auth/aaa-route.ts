// Which way a login goes (comware-aaa-files.md §1.2–1.3): `userid@isp` picks the ISP domain (none
// → the default domain), whose `login` (else `default`) authentication method decides between
// local users, no check at all, and a RADIUS scheme with or without local fallback.
import type { AaaService } from '../device/aaa';
import { AaaMethod, loginMethod, RadiusScheme, radiusUserName, splitUserName } from '../device/aaa-types';

/** Where a successful login's accounting start and stop go, under which name. */
export interface AccountingTarget {
  scheme: RadiusScheme;
  userName: string;
}

export type Route =
  /** Refused before any check: a malformed name, an unknown or blocked domain. */
  | { kind: 'refused'; reason: string }
  | { kind: 'local'; userId: string; accounting?: AccountingTarget }
  | { kind: 'none'; userId: string; accounting?: AccountingTarget }
  | {
      kind: 'radius';
      userId: string;
      scheme: RadiusScheme;
      /** The name RADIUS receives (`user-name-format`). */
      radiusName: string;
      /** `radius-scheme NAME local`: local users when no server answers. */
      fallback: boolean;
      /** RADIUS grants the level only when authorization uses the same scheme (§1.3). */
      authorization: AaaMethod;
      /** Accounting start/stop, if the domain's accounting method names a scheme. */
      accounting?: AccountingTarget;
    };

export async function routeLogin(aaa: AaaService, typed: string): Promise<Route> {
  const parts = splitUserName(typed);
  if (!parts) return { kind: 'refused', reason: 'malformed user name' };
  const domain = await aaa.domain(parts.domain ?? (await aaa.defaultDomain()));
  if (!domain) return { kind: 'refused', reason: 'unknown ISP domain' };
  if (domain.state === 'block') return { kind: 'refused', reason: `ISP domain ${domain.name} is blocked` };
  const acct = loginMethod(domain, 'accounting');
  const acctScheme = acct.kind === 'radius' ? await aaa.scheme(acct.scheme) : undefined;
  const accounting = acctScheme && { scheme: acctScheme, userName: radiusUserName(typed, parts.userId, domain.name, acctScheme.userNameFormat) };
  const method = loginMethod(domain, 'authentication');
  if (method.kind !== 'radius') return { kind: method.kind, userId: parts.userId, accounting };
  const scheme = await aaa.scheme(method.scheme);
  if (!scheme) return { kind: 'refused', reason: `RADIUS scheme ${method.scheme} does not exist` };
  return {
    kind: 'radius',
    userId: parts.userId,
    scheme,
    radiusName: radiusUserName(typed, parts.userId, domain.name, scheme.userNameFormat),
    fallback: method.local,
    authorization: loginMethod(domain, 'authorization'),
    accounting,
  };
}

/** The level of a RADIUS-authenticated user: from the reply, the local user, or 0 (§2.5). */
export function radiusGrantedLevel(route: Route & { kind: 'radius' }, replyLevel: number, localLevel: number | undefined): number {
  const authz = route.authorization;
  if (authz.kind === 'radius') return authz.scheme.toLowerCase() === route.scheme.name.toLowerCase() ? replyLevel : 0;
  if (authz.kind === 'local') return localLevel ?? 0;
  return 0;
}
