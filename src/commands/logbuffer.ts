// `display logbuffer` (§12): the shared header, then one `%Mmm dd hh:mm:ss:mmm yyyy SYSNAME MODULE/SEV/DIGEST: text` line per record.
import { LOGBUFFER_SIZE, StoredLogRecord } from '../device/logbuffer';
import type { Ctx } from './services';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function formatLogLine(r: StoredLogRecord, sysname: string): string {
  const d = new Date(r.ts);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}:${pad(d.getUTCMilliseconds(), 3)}`;
  return `%${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${time} ${d.getUTCFullYear()} ${sysname} ${r.module}/${r.severity}/${r.digest}: ${r.text}`;
}

export async function displayLogbuffer(ctx: Ctx): Promise<void> {
  const buffer = await ctx.services.device.logBuffer();
  const records = await buffer.list();
  const stats = await buffer.stats();
  const sysname = ctx.getVar('sysname') ?? 'WX3000';
  ctx.io.print(
    [
      'Logging buffer configuration and contents:enabled',
      `Allowed max buffer size : ${LOGBUFFER_SIZE}`,
      `Actual buffer size : ${LOGBUFFER_SIZE}`,
      'Channel number : 4 , Channel name : logbuffer',
      'Dropped messages : 0',
      `Overwritten messages : ${stats.overwritten}`,
      `Current messages : ${stats.current}`,
      ...records.map((r) => formatLogLine(r, sysname)),
    ].join('\n'),
  );
}
