// AAA screens: `display domain`, `display radius scheme`, `display radius statistics`
// (comware-aaa-files.md §1.4, §2.2, §2.3). The configuration lines are the commands' (src/commands).
import type { RadiusCounters } from '../store/aaa-records';
import {
  AAA_FUNCTIONS,
  IspDomain,
  methodText,
  RadiusScheme,
  ServerRole,
} from './aaa-types';

const FN_TITLE = { authentication: 'authentication', authorization: 'authorization ', accounting: 'accounting    ' } as const;

export function displayDomainText(domains: IspDomain[], defaultDomain: string): string[] {
  const out = [`Total ${domains.length} domain${domains.length === 1 ? '' : 's'}`, ''];
  for (const d of domains) {
    out.push(`Domain: ${d.name}`, `  State: ${d.state === 'active' ? 'Active' : 'Block'}`);
    for (const fn of AAA_FUNCTIONS) {
      const login = d.methods[`${fn}.login`];
      if (login) out.push(`  Login   ${FN_TITLE[fn]} scheme:  ${methodText(login)}`);
      const sup = d.methods[`${fn}.super`];
      if (sup) out.push(`  Super   ${FN_TITLE[fn]} scheme:  ${methodText(sup)}`);
      out.push(`  Default ${FN_TITLE[fn]} scheme:  ${methodText(d.methods[`${fn}.default`] ?? { kind: 'local' })}`);
    }
    out.push('');
  }
  out.push(`Default domain name: ${defaultDomain}`);
  return out;
}

const SEPARATOR = '-'.repeat(66);
const pad = (label: string, width = 56) => label.padEnd(width) + ': ';

function serverLines(title: string, srv: { ip: string; port: number }, state: 'active' | 'block'): string[] {
  return [
    `  ${title}:`,
    `    IP: ${srv.ip.padEnd(41)}Port: ${String(srv.port).padEnd(7)}State: ${state}`,
    '    Encryption Key : N/A',
    '    VPN instance   : N/A',
  ];
}

const ROLE_TITLE: Record<ServerRole, string> = {
  'primary-auth': 'Primary Auth Server',
  'primary-acct': 'Primary Acct Server',
  'secondary-auth': 'Second Auth Server',
  'secondary-acct': 'Second Acct Server',
};

/** V5 `display radius scheme` (HP 5500 EI layout); `blocked` holds the roles in their quiet time. */
export function displayRadiusSchemeText(entries: { scheme: RadiusScheme; index: number; blocked: ReadonlySet<string> }[]): string[] {
  const out: string[] = [];
  for (const { scheme: s, index, blocked } of entries) {
    out.push(SEPARATOR, `SchemeName  : ${s.name}`, `  Index : ${String(index).padEnd(28)}Type : ${s.serverType}`);
    for (const role of ['primary-auth', 'primary-acct', 'secondary-auth', 'secondary-acct'] as const) {
      const srv = s.servers[role];
      if (srv) out.push(...serverLines(ROLE_TITLE[role], srv, blocked.has(role) ? 'block' : 'active'));
    }
    out.push(
      `  Auth Server Encryption Key : ${s.keys.authentication ? '******' : 'N/A'}`,
      `  Acct Server Encryption Key : ${s.keys.accounting ? '******' : 'N/A'}`,
      '  VPN instance               : N/A',
      `  ${pad('Interval for timeout(second)')}${s.responseTimeout}`,
      `  ${pad('Retransmission times for timeout')}${s.retry}`,
      `  ${pad('Quiet-interval(min)')}${s.quietMinutes}`,
      `  ${pad('Username format')}${s.userNameFormat}`,
      `  ${pad('Message-Authenticator in replies')}${s.requireMessageAuthenticator ? 'required' : 'checked when present'}`,
    );
    if (s.nasIp) out.push(`  ${pad('NAS-IP address')}${s.nasIp}`);
    out.push('', '');
  }
  out.push(SEPARATOR, `Total ${entries.length} RADIUS scheme(s).`);
  return out;
}

const COUNTER_TITLE: [keyof RadiusCounters, string][] = [
  ['requests', 'Access requests'],
  ['retransmissions', 'Retransmissions'],
  ['accepts', 'Access accepts'],
  ['rejects', 'Access rejects'],
  ['timeouts', 'Timeouts (no answer)'],
  ['bad_replies', 'Replies with a bad authenticator'],
  ['accounting_requests', 'Accounting requests'],
  ['accounting_responses', 'Accounting responses'],
];

export function displayRadiusStatisticsText(rows: { scheme: string; counters?: RadiusCounters }[]): string[] {
  const out: string[] = [];
  for (const r of rows) {
    out.push(`RADIUS scheme: ${r.scheme}`);
    for (const [key, title] of COUNTER_TITLE) out.push(`  ${title.padEnd(34)}: ${r.counters?.[key] ?? 0}`);
    out.push('');
  }
  return out;
}
