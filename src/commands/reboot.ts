// `reboot`, `schedule reboot delay`, `display schedule reboot` (§12): a reboot rebuilds the running
// configuration from the startup file, so unsaved changes are lost and the device says so first.
import { CommandError } from '../cli';
import { configurationText } from '../config';
import { CONFIG_LAYOUT } from './config-layout';
import { save } from './configuration';
import { startupConfig } from './flash-cli';
import type { Ctx } from './services';
import { two } from '../common/digits';

function directory(ctx: Ctx) {
  const sessions = ctx.services.sessions;
  if (!sessions?.connected) throw new CommandError('% The management daemon is not running; there is nothing to reboot.');
  return sessions;
}

async function unsaved(ctx: Ctx): Promise<boolean> {
  return (await configurationText(ctx.services.device, CONFIG_LAYOUT)) !== startupConfig(ctx).read();
}

export async function reboot(ctx: Ctx): Promise<void> {
  const sessions = directory(ctx);
  if (await unsaved(ctx)) {
    const q = ' This command will reboot the device. Current configuration will be lost, save current configuration?';
    if (await ctx.io.confirm(q)) await save(ctx);
  }
  if (!(await ctx.io.confirm(' This command will reboot the device. Continue?'))) return;
  await sessions.reboot();
}

/** `Reboot system at 16:00 06/05/2006 (in 1 hours and 28 minutes).` (V5 wording). */
function when(due: number, now = Date.now()): string {
  const d = new Date(due);
  const left = Math.max(0, Math.round((due - now) / 60_000));
  return `${two(d.getHours())}:${two(d.getMinutes())} ${two(d.getMonth() + 1)}/${two(d.getDate())}/${d.getFullYear()} (in ${Math.floor(left / 60)} hours and ${left % 60} minutes)`;
}

export async function scheduleReboot(ctx: Ctx): Promise<void> {
  const sessions = directory(ctx);
  if (ctx.undo) {
    await sessions.scheduleReboot(null);
    return;
  }
  const minutes = Number(ctx.args.min);
  if (!(await ctx.io.confirm(`Reboot system at ${when(Date.now() + minutes * 60_000)}. Confirm?`))) return;
  await sessions.scheduleReboot(minutes);
}

export async function displayScheduleReboot(ctx: Ctx): Promise<void> {
  const due = await directory(ctx).rebootSchedule();
  if (due === null) throw new CommandError('% No reboot is scheduled.');
  ctx.io.print(`System will reboot at ${when(due)}.`);
}
