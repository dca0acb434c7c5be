// The device's configuration as Comware text (§11): the order of the device, `#` between sections,
// only non-default settings, secrets only as hashes. `display current-configuration`, `display this`
// and `save` all render through here, and loading the text back gives the same device.
import { blobToKeyCode } from '../common/pubkey';
import type { LocalUser } from '../store/local-users';
import type { PublicKeyRecord } from '../store/public-keys';
import type { SshUser } from '../store/ssh-users';
import { SETTING_DEFAULTS, SettingKey, SettingValue } from './settings';
import type { Device } from './index';

export type AllSettings = { [K in SettingKey]: SettingValue<K> };

/** Hex per line of a key code: keeps every line far below the 510-character edit buffer. */
const KEY_CODE_WIDTH = 64;

const changed = <K extends SettingKey>(s: AllSettings, key: K): boolean => s[key] !== SETTING_DEFAULTS[key];

/** The delimiter a banner is written with: `%` unless the text contains it. */
export function bannerDelimiter(text: string): string {
  return ['%', '#', '$', '&', '*', '!', '^', '~', '@'].find((d) => !text.includes(d)) ?? '%';
}

export function headerLines(s: AllSettings): string[] {
  const out: string[] = [];
  for (const type of ['login', 'motd', 'shell'] as const) {
    const text = s[`header.${type}`];
    if (!text) continue;
    const d = bannerDelimiter(text);
    const [first, ...rest] = text.split('\n');
    out.push(` header ${type} ${d}${first}${rest.length ? '' : d}`, ...rest.map((l, i) => (i === rest.length - 1 ? l + d : l)));
  }
  return out;
}

/** sysname and the global one-liners (super password, password-control, header): system view's `display this`. */
export function globalLines(s: AllSettings): string[] {
  const out = [` sysname ${s.sysname}`];
  for (const level of [1, 2, 3] as const) {
    const hash = s[`super-password.${level}`];
    if (hash) out.push(` super password level ${level} hash ${hash}`);
  }
  if (changed(s, 'password-control.enable')) out.push(' undo password-control enable');
  if (changed(s, 'password-control.login-attempt') || changed(s, 'password-control.exceed') || changed(s, 'password-control.lock-time')) {
    const exceed = s['password-control.exceed'] === 'lock-time' ? `lock-time ${s['password-control.lock-time']}` : s['password-control.exceed'];
    out.push(` password-control login-attempt ${s['password-control.login-attempt']} exceed ${exceed}`);
  }
  out.push(...headerLines(s));
  return out;
}

export function publicKeyBlock(k: PublicKeyRecord): string[] {
  const code = blobToKeyCode(k.blob);
  const rows: string[] = [];
  for (let i = 0; i < code.length; i += KEY_CODE_WIDTH) rows.push('  ' + code.slice(i, i + KEY_CODE_WIDTH));
  return [` public-key peer ${k.name}`, '  public-key-code begin', ...rows, '  public-key-code end', ' peer-public-key end'];
}

export function localUserBlock(u: LocalUser): string[] {
  const out = [`local-user ${u.name}`];
  if (u.passwordHash) out.push(` password hash ${u.passwordHash}`);
  if (u.level !== 0) out.push(` authorization-attribute level ${u.level}`);
  if (u.serviceTypes.length) out.push(` service-type ${u.serviceTypes.join(' ')}`);
  if (u.state !== 'active') out.push(` state ${u.state}`);
  return out;
}

export function sshLines(s: AllSettings, users: SshUser[]): string[] {
  const out: string[] = [];
  if (changed(s, 'ssh.server.enable')) out.push(' undo ssh server enable');
  if (changed(s, 'ssh.server.authentication-retries')) out.push(` ssh server authentication-retries ${s['ssh.server.authentication-retries']}`);
  if (changed(s, 'ssh.server.timeout')) out.push(` ssh server timeout ${s['ssh.server.timeout']}`);
  if (changed(s, 'ssh.server.rekey-interval')) out.push(` ssh server rekey-interval ${s['ssh.server.rekey-interval']}`);
  for (const u of users) {
    if (u.authType) out.push(` ssh user ${u.name} authentication-type ${u.authType}`);
    if (u.serviceType !== 'stelnet') out.push(` ssh user ${u.name} service-type ${u.serviceType}`);
    for (const k of u.keys) out.push(` ssh user ${u.name} assign publickey ${k}`);
  }
  return out;
}

function idleText(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const sec = seconds % 60;
  return sec ? `${m} ${sec}` : `${m}`;
}

export function userInterfaceBlocks(s: AllSettings): string[] {
  const ui = (kind: 'aux' | 'vty'): string[] => {
    const out: string[] = [];
    const k = <T extends string>(name: T) => `ui.${kind}.${name}` as SettingKey;
    if (changed(s, k('authentication-mode'))) out.push(` authentication-mode ${s[k('authentication-mode')]}`);
    if (kind === 'vty' && changed(s, 'ui.vty.protocol-inbound')) out.push(` protocol inbound ${s['ui.vty.protocol-inbound']}`);
    if (changed(s, k('idle-timeout'))) out.push(` idle-timeout ${idleText(Number(s[k('idle-timeout')]))}`);
    if (changed(s, k('screen-length'))) out.push(` screen-length ${s[k('screen-length')]}`);
    if (changed(s, k('history-size'))) out.push(` history-command max-size ${s[k('history-size')]}`);
    if (changed(s, k('privilege-level'))) out.push(` user privilege level ${s[k('privilege-level')]}`);
    return out;
  };
  // Only blocks with non-default lines, as the rest of the configuration (§11).
  const aux = ui('aux');
  const vty = ui('vty');
  return [...(aux.length ? ['user-interface aux 0', ...aux] : []), ...(vty.length ? ['user-interface vty 0 4', ...vty] : [])];
}

/** Sections framed by `#`, ending in `return` (empty sections are left out). */
export function frame(sections: string[][]): string[] {
  const out: string[] = [];
  for (const s of sections) if (s.length) out.push('#', ...s);
  out.push('#', 'return');
  return out;
}

export async function renderConfiguration(device: Device): Promise<string[]> {
  const s = await (await device.settings()).all();
  const keys = await (await device.keys()).list();
  const users = await (await device.users()).list();
  const ssh = await (await device.sshUsers()).list();
  return frame([
    globalLines(s),
    keys.flatMap(publicKeyBlock),
    users.flatMap(localUserBlock),
    sshLines(s, ssh),
    userInterfaceBlocks(s),
  ]);
}
