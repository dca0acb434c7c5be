// `sftp server enable` and `sftp server idle-timeout` (comware-aaa-files.md §4.7), read by the daemon
// for each new SFTP session.
import { changed, Lines } from '../config';
import { SETTING_DEFAULTS } from '../device/settings';
import type { Ctx } from './services';

export async function sftpServerEnable(ctx: Ctx): Promise<void> {
  await (await ctx.services.device.settings()).set('sftp.server.enable', !ctx.undo);
  ctx.io.print(ctx.undo ? 'Info: Disable SFTP server.' : 'Info: Enable SFTP server.');
}

/** V5 `sftp server idle-timeout`, V3 `sftp timeout` (unconfirmed): one setting, printed the V5 way. */
export async function sftpServerIdleTimeout(ctx: Ctx): Promise<void> {
  const n = ctx.undo ? SETTING_DEFAULTS['sftp.server.idle-timeout'] : Number(ctx.args.minutes);
  await (await ctx.services.device.settings()).set('sftp.server.idle-timeout', n);
}

export const sftpServerEnableLines: Lines<void> = (_, { settings: s }) => (changed(s, 'sftp.server.enable') ? [' sftp server enable'] : []);

export const sftpServerIdleTimeoutLines: Lines<void> = (_, { settings: s }) =>
  changed(s, 'sftp.server.idle-timeout') ? [` sftp server idle-timeout ${s['sftp.server.idle-timeout']}`] : [];
