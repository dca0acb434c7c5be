// The data model as data: one entry per table, a Comware-7-shaped path under <top>, the fields
// with their types. The values come from the table services the host hands over (src/device).
import type { Row } from './host';

export interface FieldSpec {
  name: string;
  type: 'string' | 'int' | 'bool' | 'enum';
  key?: boolean;
  /** State data: `get` shows it, edit-config may not set it. */
  state?: boolean;
  /** Written, never read back (passwords). */
  secret?: boolean;
  min?: number;
  max?: number;
  values?: readonly string[];
  /** Characters a string may use. */
  chars?: string;
}

export interface TableSpec {
  /** Key in NetconfHost.tables. */
  service: string;
  /** Element names from below <top> to the row element. */
  path: readonly string[];
  /** Keyed tables have many rows; the others are one row (Device/Base). */
  keyed: boolean;
  /** Keyed tables whose rows exist by themselves (user interfaces): no create or delete. */
  fixedRows?: boolean;
  fields: readonly FieldSpec[];
}

const NAME_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-';

export const TABLES: readonly TableSpec[] = [
  {
    service: 'deviceBase',
    path: ['Device', 'Base'],
    keyed: false,
    fields: [
      { name: 'HostName', type: 'string', min: 1, max: 30, chars: NAME_CHARS },
      { name: 'LocalTime', type: 'string', state: true },
      { name: 'Uptime', type: 'int', state: true },
    ],
  },
  {
    service: 'localUsers',
    path: ['LocalUser', 'Users', 'User'],
    keyed: true,
    fields: [
      { name: 'Name', type: 'string', key: true, min: 1, max: 55 },
      { name: 'Password', type: 'string', secret: true, min: 1, max: 255 },
      { name: 'Level', type: 'int', min: 0, max: 3 },
      { name: 'ServiceType', type: 'string' },
      { name: 'State', type: 'enum', values: ['active', 'block'] },
    ],
  },
  {
    service: 'sshServer',
    path: ['SSH', 'Server'],
    keyed: false,
    fields: [
      { name: 'Enable', type: 'bool' },
      { name: 'AuthenticationRetries', type: 'int', min: 1, max: 5 },
      { name: 'Timeout', type: 'int', min: 1, max: 120 },
      { name: 'RekeyInterval', type: 'int', min: 0, max: 24 },
    ],
  },
  {
    service: 'userInterfaces',
    path: ['UserInterfaces', 'Interfaces', 'Interface'],
    keyed: true,
    fixedRows: true,
    fields: [
      { name: 'Type', type: 'enum', key: true, values: ['AUX', 'VTY'] },
      { name: 'IdleTimeout', type: 'int', min: 0, max: 35791 * 60 },
      { name: 'ScreenLength', type: 'int', min: 0, max: 512 },
      { name: 'HistorySize', type: 'int', min: 0, max: 256 },
      { name: 'PrivilegeLevel', type: 'int', min: 0, max: 3 },
      { name: 'AuthenticationMode', type: 'enum', values: ['none', 'password', 'scheme'] },
      { name: 'ProtocolInbound', type: 'enum', values: ['all', 'ssh', 'telnet'] },
    ],
  },
];

export function keyFields(t: TableSpec): FieldSpec[] {
  return t.fields.filter((f) => f.key);
}

export function keyOf(t: TableSpec, row: Row): Row {
  return Object.fromEntries(keyFields(t).map((f) => [f.name, row[f.name]]));
}

export function sameKey(t: TableSpec, a: Row, b: Row): boolean {
  return keyFields(t).every((f) => a[f.name] === b[f.name]);
}

/** Why `value` does not fit the field, or undefined. */
export function valueProblem(f: FieldSpec, value: string): string | undefined {
  switch (f.type) {
    case 'int': {
      if (!/^-?[0-9]{1,10}$/.test(value)) return `${f.name} must be an integer`;
      const n = Number(value);
      if ((f.min !== undefined && n < f.min) || (f.max !== undefined && n > f.max)) return `${f.name} must be ${f.min} to ${f.max}`;
      return undefined;
    }
    case 'bool':
      return value === 'true' || value === 'false' ? undefined : `${f.name} must be true or false`;
    case 'enum':
      return f.values!.includes(value) ? undefined : `${f.name} must be one of ${f.values!.join(', ')}`;
    case 'string': {
      const len = [...value].length;
      if ((f.min !== undefined && len < f.min) || (f.max !== undefined && len > f.max)) return `${f.name} must be ${f.min} to ${f.max} characters`;
      if (/[\x00-\x1f\x7f]/.test(value)) return `${f.name} must not contain control characters`;
      if (f.chars && [...value].some((c) => !f.chars!.includes(c))) return `${f.name} may use only letters, digits, '.', '_' and '-'`;
      return undefined;
    }
  }
}
