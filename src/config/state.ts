// What the configuration text is rendered from: one read of the device's configurable state, so
// every line of one rendering sees the same values.
import type { Device } from '../device';
import { SETTING_DEFAULTS, SettingKey, SettingValue } from '../device/settings';
import type { LocalUser, PublicKeyRecord, SshUser } from '../device/services';
import type { IspDomain, RadiusScheme } from '../device/aaa-types';

export type AllSettings = { [K in SettingKey]: SettingValue<K> };
export type { LocalUser, SshUser };
export type PeerKey = PublicKeyRecord;

export interface ConfigState {
  settings: AllSettings;
  keys: PublicKeyRecord[];
  users: LocalUser[];
  sshUsers: SshUser[];
  radiusSchemes: RadiusScheme[];
  domains: IspDomain[];
}

export async function readState(device: Device): Promise<ConfigState> {
  return {
    settings: await (await device.settings()).all(),
    keys: await (await device.keys()).list(),
    users: await (await device.users()).list(),
    sshUsers: await (await device.sshUsers()).list(),
    radiusSchemes: await (await device.aaa()).schemes(),
    domains: await (await device.aaa()).domains(),
  };
}

/** Only settings that differ from the factory default are printed (§11). */
export function changed(s: AllSettings, key: SettingKey): boolean {
  return s[key] !== SETTING_DEFAULTS[key];
}
