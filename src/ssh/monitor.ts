// terminal monitor (§12): the daemon's log records with a Comware module (the ones `display logbuffer`
// keeps: logins, failed logins, configuration changes) go live to every session that asked for them.
import type { LogRecord } from '../log/logbuffer-transport';
import type { UserInterfaces } from './user-interfaces';

export function showOnMonitors(uis: UserInterfaces, record: LogRecord): void {
  const ts = Date.now();
  for (const s of uis.all()) {
    if (s.monitorSeverity !== undefined && record.severity <= s.monitorSeverity) s.push({ op: 'log', record: { ts, ...record } });
  }
}
