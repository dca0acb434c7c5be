// `display version` in the 3Com V3 shape (§12), filled with what this appliance really has.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageVersion } from '../common/version';
import type { Ctx } from './services';

export const PRODUCT = 'WX3000 Unified Switch';

export function formatUptime(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const weeks = Math.floor(m / (7 * 24 * 60));
  const days = Math.floor(m / (24 * 60)) % 7;
  const hours = Math.floor(m / 60) % 24;
  return `${weeks} weeks, ${days} days, ${hours} hours, ${m % 60} minutes`;
}

/** Size of the file system holding the data directory (the device's "flash"), in KiB. */
function flashKiB(dir: string): number {
  let d = path.resolve(dir);
  while (!fs.existsSync(d) && path.dirname(d) !== d) d = path.dirname(d);
  try {
    const st = fs.statfsSync(d);
    return Math.floor((st.blocks * st.bsize) / 1024);
  } catch {
    return 0;
  }
}

export function displayVersion(ctx: Ctx): void {
  const v = packageVersion();
  const cpus = os.cpus().length || 1;
  const memM = `${Math.round(os.totalmem() / (1024 * 1024))}M`;
  const flashK = `${flashKiB(ctx.services.device.paths.dir)}K`;
  ctx.io.print(
    [
      '3Com Corporation',
      `${PRODUCT} Software Version 3Com OS V${v}`,
      `Copyright (c) 2004-${new Date().getUTCFullYear()} 3Com Corporation and its licensors, All rights reserved.`,
      `${PRODUCT} uptime is ${formatUptime(os.uptime())}`,
      '',
      `${PRODUCT} with ${cpus} ${cpus === 1 ? 'Processor' : 'Processors'}`,
      `${(memM + ' ').padEnd(8)}bytes DRAM`,
      `${(flashK + ' ').padEnd(8)}bytes Flash Memory`,
      'Config Register points to FLASH',
      '',
      `Bootrom Version is ${v}`,
    ].join('\n'),
  );
}
