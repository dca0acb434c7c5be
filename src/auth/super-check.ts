// `super LEVEL` through the session user's ISP domain: with `authentication super radius-scheme
// NAME` the level's password is checked by RADIUS as user `$enabLEVEL$` (the Comware convention,
// with the scheme's user-name-format); otherwise, or with `local` when no server answers, by the
// `super password` of the level.
import type { Device } from '../device';
import { radiusUserName, splitUserName, superMethod } from '../device/aaa-types';
import type { SessionDirectory } from '../device/sessions';

export interface LevelPasswordCheck {
  isSet(level: number): Promise<boolean>;
  verify(level: number, password: string): Promise<boolean>;
}

/** The longest a `super` waits for RADIUS: no login grace applies to a running session. */
const SUPER_WAIT_MS = 30_000;

export function superCheck(
  device: Device,
  warn: (message: string, fields: Record<string, unknown>) => void,
  session: { userName: string; address: string },
): LevelPasswordCheck {
  // Loaded when `super` is first used: an idle session holds neither the hashing nor the RADIUS client.
  const local = device.superPasswordCheck();
  const route = async () => {
    const parts = splitUserName(session.userName);
    const aaa = await device.aaa();
    const domain = parts ? await aaa.domain(parts.domain ?? (await aaa.defaultDomain())) : undefined;
    const method = domain ? superMethod(domain) : { kind: 'local' as const };
    if (method.kind !== 'radius') return undefined;
    const scheme = await aaa.scheme(method.scheme);
    return scheme && domain ? { scheme, domain: domain.name, fallback: method.local } : undefined;
  };
  return {
    async isSet(level) {
      return (await route()) !== undefined || local.isSet(level);
    },
    async verify(level, password) {
      const r = await route();
      if (!r) return local.verify(level, password);
      const { RadiusClient } = require('./radius/client') as typeof import('./radius/client');
      const client = new RadiusClient(() => device.aaa(), { warn });
      const name = `$enab${level}$`;
      const verdict = await client.authenticate(r.scheme, {
        userName: radiusUserName(name, name, r.domain, r.scheme.userNameFormat),
        password,
        callingStationId: session.address,
        deadline: Date.now() + SUPER_WAIT_MS,
      });
      if (verdict.kind === 'unreachable') return r.fallback && (await local.isSet(level)) && local.verify(level, password);
      return verdict.kind === 'accept';
    },
  };
}

/** RADIUS warnings of a CLI process (`super` through a scheme) go to the daemon's log, when there is one. */
export function radiusWarnings(sessions: SessionDirectory): (message: string, fields: Record<string, unknown>) => void {
  return (message, fields) => {
    if (!sessions.connected) return;
    const text = [message, ...Object.entries(fields).map(([k, v]) => `${k}=${String(v)}`)].join(' ');
    void sessions.log({ severity: 4, module: 'RADIUS', digest: 'SUPER', text }).catch(() => undefined);
  };
}
