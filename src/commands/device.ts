// Minimal `display device` and `display device manuinfo` (Oxidized runs both; §13.3), from the
// host's real interfaces rather than invented hardware.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { packageVersion } from '../common/version';
import type { Ctx } from './services';

function ports(): Array<{ name: string; mac: string }> {
  const out: Array<{ name: string; mac: string }> = [];
  for (const [name, addrs] of Object.entries(os.networkInterfaces())) {
    const a = addrs?.find((x) => !x.internal);
    if (a) out.push({ name, mac: a.mac });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Comware writes MAC addresses as HHHH-HHHH-HHHH. */
export function comwareMac(mac: string): string {
  const hex = mac.replace(/[^0-9a-fA-F]/g, '').toLowerCase().padEnd(12, '0');
  return `${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}`;
}

function serial(): string {
  try {
    return fs.readFileSync('/etc/machine-id', 'utf8').trim().slice(0, 20).toUpperCase() || 'NONE';
  } catch {
    return 'NONE';
  }
}

export function displayDevice(ctx: Ctx): void {
  const cols = ['SlotNo', 'SubSNo', 'PortNum', 'BootRomVer', 'Type', 'State'];
  const vals = ['0', '0', String(ports().length), packageVersion(), 'MAIN', 'Normal'];
  const w = cols.map((c, i) => Math.max(c.length, vals[i].length) + 2);
  ctx.io.print(['Unit 1', cols.map((c, i) => c.padEnd(w[i])).join('').trimEnd(), vals.map((v, i) => v.padEnd(w[i])).join('').trimEnd()].join('\n'));
}

export function displayDeviceManuinfo(ctx: Ctx): void {
  const p = ports()[0];
  ctx.io.print(
    [
      `DEVICE_NAME          : ${ctx.getVar('sysname') ?? 'WX3000'}`,
      `DEVICE_SERIAL_NUMBER : ${serial()}`,
      `MAC_ADDRESS          : ${p ? comwareMac(p.mac) : 'NONE'}`,
      'MANUFACTURING_DATE   : NONE',
      'VENDOR_NAME          : 3Com',
    ].join('\n'),
  );
}
