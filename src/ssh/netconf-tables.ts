// The NETCONF data model's tables over the device services the CLI handlers use: one entry per table
// (src/netconf/model.ts names the fields). Settings-backed tables share one mapping helper.
import type { Device } from '../device';
import type { LocalUser, SettingsService } from '../device/services';
import { SETTING_DEFAULTS, SettingKey } from '../device/settings';
import type { Row, TableService } from '../netconf';
import { two } from '../common/digits';

/** field → setting, for one row of a settings-backed table. */
type FieldMap = Record<string, SettingKey>;

function toText(v: unknown): string {
  return String(v);
}

function fromText(key: SettingKey, text: string): string | number | boolean {
  const dflt = SETTING_DEFAULTS[key];
  if (typeof dflt === 'number') return Number(text);
  if (typeof dflt === 'boolean') return text === 'true';
  return text;
}

/**
 * A table whose rows are groups of settings. `rows` maps each row's key (or '' for a single-row
 * table) to its fields; `changed` tells the daemon's settings cache, and `after` runs once a change
 * is stored (the sysname push).
 */
function settingsTable(
  device: Device,
  changed: () => void,
  keyName: string | undefined,
  rows: Record<string, FieldMap>,
  extra?: () => Row,
  after?: (s: SettingsService) => Promise<void>,
): TableService {
  const rowOf = (key: Row) => rows[keyName ? key[keyName] : ''];
  const write = async (map: FieldMap, fields: Row, reset: string[]) => {
    const s = await device.settings();
    for (const f of [...Object.keys(fields), ...reset]) if (!map[f]) throw new Error(`${f} does not apply to this row`);
    for (const [f, text] of Object.entries(fields)) await s.set(map[f], fromText(map[f], text) as never);
    for (const f of reset) await s.reset(map[f]);
    changed();
    await after?.(s);
  };
  return {
    async read(config) {
      const all = await (await device.settings()).all();
      return Object.entries(rows).map(([k, map]) => {
        const row: Row = keyName ? { [keyName]: k } : {};
        for (const [f, key] of Object.entries(map)) {
          // The sysname is configuration even at its default, as in display current-configuration.
          if (!config || all[key] !== SETTING_DEFAULTS[key] || key === 'sysname') row[f] = toText(all[key]);
        }
        return config ? row : { ...row, ...extra?.() };
      });
    },
    update: (key, fields, reset) => write(rowOf(key), fields, reset),
    remove: (key) => write(rowOf(key), {}, Object.keys(rowOf(key))),
    async snapshot() {
      return (await device.settings()).all();
    },
    async restore(snap) {
      const saved = snap as Record<SettingKey, never>;
      const keys = Object.values(rows).flatMap((m) => Object.values(m));
      const s = await device.settings();
      for (const k of keys) await s.set(k, saved[k]);
      changed();
      await after?.(s);
    },
  };
}

function userRow(u: LocalUser): Row {
  return { Name: u.name, Level: String(u.level), ServiceType: u.serviceTypes.join(' '), State: u.state };
}

const serviceTypes = (text: string) => text.split(/\s+/).filter(Boolean);

function localUsers(device: Device): TableService {
  const set = async (name: string, fields: Row, reset: string[]) => {
    const admin = await device.userAdmin();
    if (fields.Password !== undefined) await (await device.accounts()).setPassword(name, fields.Password);
    if (fields.Level !== undefined || reset.includes('Level')) await admin.setLevel(name, Number(fields.Level ?? 0));
    if (fields.State !== undefined || reset.includes('State')) await admin.setState(name, (fields.State ?? 'active') as 'active' | 'block');
    if (fields.ServiceType !== undefined || reset.includes('ServiceType')) {
      const want = serviceTypes(fields.ServiceType ?? '');
      const have = (await (await device.users()).get(name))?.serviceTypes ?? [];
      await admin.addServiceTypes(name, want.filter((t) => !(have as string[]).includes(t)) as never);
      await admin.removeServiceTypes(name, have.filter((t) => !want.includes(t)));
    }
  };
  return {
    async read() {
      return (await (await device.users()).list()).map(userRow);
    },
    async create(row) {
      await (await device.accounts()).createUser(row.Name, {
        level: row.Level !== undefined ? Number(row.Level) : undefined,
        serviceTypes: row.ServiceType !== undefined ? (serviceTypes(row.ServiceType) as never) : undefined,
        password: row.Password,
      });
      if (row.State === 'block') await (await device.userAdmin()).setState(row.Name, 'block');
    },
    update: (key, fields, reset) => set(key.Name, fields, reset),
    async remove(key) {
      await (await device.userAdmin()).remove(key.Name);
    },
    async snapshot() {
      return (await device.users()).list();
    },
    // Rows come back as they were, password hashes included; users made since are deleted (forced:
    // the state restored had its manager, so the guard has nothing to protect).
    async restore(snap) {
      const before = snap as LocalUser[];
      const users = await device.users();
      const accounts = await device.accounts();
      const admin = await device.userAdmin();
      for (const u of await users.list()) if (!before.some((b) => b.name === u.name)) await admin.remove(u.name, { force: true });
      for (const u of before) {
        if (!(await users.get(u.name))) await accounts.createUser(u.name, { level: u.level, serviceTypes: u.serviceTypes });
        if (u.passwordHash) await accounts.setPasswordHash(u.name, u.passwordHash);
        await set(u.name, { Level: String(u.level), State: u.state, ServiceType: u.serviceTypes.join(' ') }, []);
      }
    },
  };
}

const uiFields = (ui: 'aux' | 'vty'): FieldMap => ({
  IdleTimeout: `ui.${ui}.idle-timeout`,
  ScreenLength: `ui.${ui}.screen-length`,
  HistorySize: `ui.${ui}.history-size`,
  PrivilegeLevel: `ui.${ui}.privilege-level`,
  AuthenticationMode: `ui.${ui}.authentication-mode`,
  ...(ui === 'vty' ? { ProtocolInbound: 'ui.vty.protocol-inbound' as const } : {}),
});

const startedAt = Date.now();

/** Comware's LocalTime: local date and time without a zone. */
function localTime(d = new Date()): string {
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

export function netconfTables(device: Device, onSysname: (name: string) => void, changed: () => void): Record<string, TableService> {
  return {
    deviceBase: settingsTable(
      device,
      changed,
      undefined,
      { '': { HostName: 'sysname' } },
      () => ({ LocalTime: localTime(), Uptime: String(Math.floor((Date.now() - startedAt) / 1000)) }),
      async (s) => onSysname(await s.get('sysname')),
    ),
    localUsers: localUsers(device),
    sshServer: settingsTable(device, changed, undefined, {
      '': {
        Enable: 'ssh.server.enable',
        AuthenticationRetries: 'ssh.server.authentication-retries',
        Timeout: 'ssh.server.timeout',
        RekeyInterval: 'ssh.server.rekey-interval',
      },
    }),
    userInterfaces: settingsTable(device, changed, 'Type', { AUX: uiFields('aux'), VTY: uiFields('vty') }),
  };
}
