// A winston transport that copies records into the device log buffer (`display logbuffer`).
// The daemon adds it to its logger: createLogger({ sinks: [new LogBufferTransport(buffer)] }).
import Transport from 'winston-transport';
import { recordText } from './logger';

/** What the transport writes; the device's log buffer is injected as the sink. */
export interface LogRecord {
  /** Comware severity 0–7 */
  severity: number;
  module: string;
  digest: string;
  text: string;
}

export interface LogSink {
  append(record: LogRecord): Promise<void>;
}

/** winston level → Comware severity (informational 6, warnings 4, errors 3, debugging 7). */
const SEVERITY: Record<string, number> = { error: 3, warn: 4, info: 6, verbose: 7, debug: 7 };

interface Info {
  level: string;
  message: unknown;
  /** Optional Comware module and digest, e.g. log.info('admin logged in', { module: 'SHELL', digest: 'LOGIN' }). */
  module?: unknown;
  digest?: unknown;
}

export class LogBufferTransport extends Transport {
  constructor(private sink: LogSink, opts: Transport.TransportStreamOptions = {}) {
    // Debug chatter would push the events admins look for out of a 1024-row ring.
    super({ level: 'info', ...opts });
  }

  override log(info: Info, next: () => void): void {
    // Only the events an administrator looks for carry a module; connection chatter stays out, so a
    // login costs a row or two of flash writes, not one per log line.
    if (typeof info.module !== 'string') return next();
    const record: LogRecord = {
      severity: SEVERITY[info.level] ?? 6,
      module: info.module,
      digest: typeof info.digest === 'string' ? info.digest : info.level.toUpperCase(),
      text: recordText(info as unknown as Record<string, unknown>),
    };
    // A full or busy database must never stall or crash logging.
    this.sink.append(record).catch(() => undefined);
    next();
  }
}
