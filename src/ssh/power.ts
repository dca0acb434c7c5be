// `reboot` and `schedule reboot`: the daemon owns the timer, so a scheduled reboot fires whoever
// scheduled it and whether or not their session is still open (the safety net for remote changes).
import { spawn } from 'node:child_process';
import type { Logger } from '../log/logger';

/** What a reboot does: restart the management plane (serve), after the platform hook if any. */
export type RebootAction = () => void;

export class Power {
  private timer?: NodeJS.Timeout;
  private due?: number;

  constructor(
    private log: Logger,
    private restart: RebootAction,
    /** `REBOOT_COMMAND` of /etc/wx3000/wx3000.conf: the platform's own reboot, run detached. */
    private hook?: string,
  ) {}

  reboot(by: string, why = 'reboot command'): void {
    this.cancelTimer();
    this.log.warn('device reboot', { module: 'DEV', digest: 'REBOOT', by, why });
    if (this.hook) {
      const child = spawn('/bin/sh', ['-c', this.hook], { detached: true, stdio: 'ignore' });
      child.on('error', (err) => this.log.error('reboot hook failed', { err: err.message }));
      child.unref();
    }
    // After the answer to the asker has gone out.
    setImmediate(this.restart);
  }

  /** Schedules a reboot in `minutes`; replaces an earlier one. Returns when it will happen. */
  schedule(minutes: number, by: string): number {
    this.cancelTimer();
    this.due = Date.now() + minutes * 60_000;
    this.timer = setTimeout(() => this.reboot(by, 'schedule reboot'), minutes * 60_000);
    this.timer.unref();
    this.log.info('reboot scheduled', { module: 'DEV', digest: 'SCHEDULE_REBOOT', by, at: new Date(this.due).toISOString() });
    return this.due;
  }

  cancel(by: string): void {
    if (this.due !== undefined) this.log.info('scheduled reboot cancelled', { module: 'DEV', digest: 'SCHEDULE_REBOOT', by });
    this.cancelTimer();
  }

  /** When the scheduled reboot will happen (ms since the epoch), if one is scheduled. */
  scheduled(): number | undefined {
    return this.due;
  }

  private cancelTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.due = undefined;
  }
}
