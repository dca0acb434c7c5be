// `info-center loghost` (§12): the daemon's syslog transport follows the configuration. Read at start
// and whenever a session changes it; `serve --syslog` stays a second, command-line collector.
import type { Device } from '../device';
import { Logger, SyslogTransport } from '../log/logger';

export class Loghost {
  private transport?: SyslogTransport;
  private target = '';

  constructor(private device: Device, private log: Logger) {}

  async refresh(): Promise<void> {
    const s = await (await this.device.settings()).all();
    const host = s['info-center.loghost'];
    const target = host ? `${host}:${s['info-center.loghost.port']}` : '';
    if (target === this.target) return;
    this.stop();
    this.target = target;
    if (host) {
      this.transport = new SyslogTransport(host, s['info-center.loghost.port']);
      this.log.add(this.transport);
    }
    this.log.info('loghost changed', { module: 'SYSLOG', digest: 'LOGHOST', loghost: target || 'none' });
  }

  stop(): void {
    if (!this.transport) return;
    this.log.remove(this.transport);
    this.transport.close();
    this.transport = undefined;
  }
}
