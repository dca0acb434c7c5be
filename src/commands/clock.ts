import type { Ctx } from './services';
import { two } from '../common/digits';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** `HH:MM:SS UTC Www MM/DD/YYYY` (§12; ntc-templates parses this line). */
export function formatClock(d: Date): string {
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  const date = `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${d.getUTCFullYear()}`;
  return `${time} UTC ${DAYS[d.getUTCDay()]} ${date}`;
}

export function displayClock(ctx: Ctx): void {
  ctx.io.print(formatClock(new Date()));
}
