// `display ssh server status|session`, `display ssh user-information` (§8, V5 layouts).
import type { AdmissionInfo } from '../common/control-protocol';
import type { Ctx } from './services';

export async function displaySshServerStatus(ctx: Ctx): Promise<void> {
  const s = await (await ctx.services.device.settings()).all();
  ctx.io.print(
    [
      ` SSH server: ${s['ssh.server.enable'] ? 'Enable' : 'Disable'}`,
      ' SSH version : 2.0',
      ` SSH authentication-timeout : ${s['ssh.server.timeout']} second(s)`,
      ` SSH server key generating interval : ${s['ssh.server.rekey-interval']} hour(s)`,
      ` SSH authentication retries : ${s['ssh.server.authentication-retries']} time(s)`,
      ` SFTP server: ${s['sftp.server.enable'] ? 'Enable' : 'Disable'}`,
      ` SFTP server Idle-Timeout: ${s['sftp.server.idle-timeout']} minute(s)`,
      ...admissionLines(await ctx.services.sessions?.admission()),
    ].join('\n'),
  );
  // The key exchange each SSH session negotiated (post-quantum or not), from the daemon.
  const sessions = ((await ctx.services.sessions?.users()) ?? []).filter((s) => s.ui.startsWith('vty') && s.kex);
  if (sessions.length === 0) return;
  const row = (c: string[]) => '  ' + [c[0].padEnd(8), c[1].padEnd(21), c[2]].join('');
  ctx.io.print([' SSH key exchange in use:', row(['Conn', 'Username', 'Algorithm'])].concat(sessions.map((s) => row([s.ui.toUpperCase(), s.user, s.kex!]))).join('\n'));
}

/** Admission state from the daemon (none on an offline console). */
function admissionLines(a: AdmissionInfo | undefined): string[] {
  if (!a) return [];
  const refused = Object.values(a.refused).reduce((x, y) => x + y, 0);
  const why = Object.entries(a.refused).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ');
  return [
    ` SSH connection slots in use : ${a.slots.used}/${a.slots.limit}, reserved for known sources ${a.reserved.used}/${a.reserved.limit}`,
    ` SSH connections per source before login : ${a.perSource}`,
    ` SSH key exchange deadline : ${a.kexDeadlineSeconds} second(s)`,
    ` SSH authenticated connections : ${a.authenticated.open}/${a.authenticated.limit}, ${a.authenticated.perUser} per user`,
    ` SSH known sources : ${a.knownSources}`,
    ` SSH connections refused : ${refused}${why ? ` (${why})` : ''}`,
    ` SSH connections evicted : ${a.evicted}`,
    ` Penalised sources : ${a.penalised.length}`,
    ...a.penalised.slice(0, 10).map((p) => `   ${p.source.padEnd(24)} ${p.seconds} second(s)`),
  ];
}

const ENCRY: Record<string, string> = { aes: 'AES', chacha20: 'CHACHA20' };

function encry(cipher: string): string {
  const family = /^([a-z]+)/i.exec(cipher)?.[1].toLowerCase() ?? '';
  return ENCRY[family] ?? (cipher ? cipher.toUpperCase().slice(0, 9) : '-');
}

/** Live sessions come from the daemon; an offline console has none to show. */
export async function displaySshServerSession(ctx: Ctx): Promise<void> {
  const sessions = ((await ctx.services.sessions?.users()) ?? []).filter((s) => s.ui.startsWith('vty'));
  if (sessions.length === 0) return;
  const row = (c: string[]) => ' ' + [c[0].padEnd(10), c[1].padEnd(5), c[2].padEnd(10), c[3].padEnd(13), c[4].padEnd(7), c[5].padEnd(9), c[6]].join('');
  const out = [row(['Conn', 'Ver', 'Encry', 'State', 'Retry', 'SerType', 'Username'])];
  for (const s of sessions) out.push(row([s.ui.toUpperCase(), '2.0', encry(s.cipher), s.state || 'Established', String(s.retries), 'Stelnet', s.user]));
  ctx.io.print(out.join('\n'));
}

export async function displaySshUserInformation(ctx: Ctx): Promise<void> {
  const all = await (await ctx.services.device.sshUsers()).list();
  const users = ctx.args.name === undefined ? all : all.filter((u) => u.name === ctx.args.name);
  const row = (c: string[]) => [c[0].padEnd(20), c[1].padEnd(21), c[2].padEnd(22), c[3]].join('');
  const out = [`Total ssh users:${users.length}`, row(['Username', 'Authentication-type', 'User-public-key-name', 'Service-type'])];
  for (const u of users) {
    const service = u.serviceType === 'all' ? 'stelnet|sftp|scp' : u.serviceType;
    out.push(row([u.name, u.authType ?? 'null', u.keys.length ? u.keys.join(',') : 'null', service]));
  }
  ctx.io.print(out.join('\n'));
}
