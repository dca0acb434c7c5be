import * as dgram from 'node:dgram';
import * as os from 'node:os';
import winston from 'winston';
import Transport from 'winston-transport';
import { UsageError } from '../common/errors';
import { isAudit } from './audit';

export type Logger = winston.Logger;

export const LOG_LEVELS = ['error', 'warn', 'info', 'verbose', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  level?: LogLevel;
  /** Human-readable records on stderr. */
  console?: boolean;
  /** Size-bounded rotating file (5 files of 1 MiB): flash wears, so the total is capped. */
  file?: string;
  /** A second rotating file with the audit records only (./audit), which connection noise cannot rotate away. */
  auditFile?: string;
  /** Level of the console transport when it differs (WX3000_CONSOLE_LEVEL: an init script's console log). */
  consoleLevel?: LogLevel;
  /** `host:port` of a syslog collector (UDP, RFC 5424). */
  syslog?: string;
  /** Extra sink, e.g. the device log buffer. */
  sinks?: Transport[];
}

/** Keys every record has; the rest are the record's fields. */
const RECORD_KEYS = new Set(['level', 'message', 'timestamp', 'module', 'digest']);

/** `message key=value …`: one line for the console, syslog and the log buffer alike. */
export function recordText(info: Record<string, unknown>): string {
  const fields = Object.entries(info)
    .filter(([k, v]) => !RECORD_KEYS.has(k) && v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' && !/\s/.test(v) ? v : JSON.stringify(v)}`);
  return [String(info.message), ...fields].join(' ');
}

const human = winston.format.printf((info) => `${info.timestamp} ${info.level}: ${recordText(info)}`);

const SYSLOG_SEVERITY: Record<string, number> = { error: 3, warn: 4, info: 6, verbose: 7, debug: 7 };

/** Minimal RFC 5424 UDP transport: no extra dependency, nothing sent unless configured. */
export class SyslogTransport extends Transport {
  private socket = dgram.createSocket('udp4');
  constructor(private host: string, private port: number) {
    super();
    this.socket.on('error', () => undefined);
    this.socket.unref();
  }
  override log(info: { level: string; message: unknown }, next: () => void): void {
    const pri = 8 * 4 /* auth */ + (SYSLOG_SEVERITY[info.level] ?? 6);
    const line = `<${pri}>1 ${new Date().toISOString()} ${os.hostname()} wx3000 ${process.pid} - - ${recordText(info)}`;
    this.socket.send(line, this.port, this.host, () => undefined);
    next();
  }
  private socketClosed = false;
  /** winston's remove() closes a transport too: the second close must not throw. */
  override close(): void {
    if (this.socketClosed) return;
    this.socketClosed = true;
    this.socket.close();
  }
}

export function parseSyslogTarget(target: string): { host: string; port: number } {
  const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(target);
  if (!m || Number(m[2] ?? 514) > 65535) throw new UsageError(`--syslog takes HOST or HOST:PORT, not '${target}'`);
  return { host: m[1], port: m[2] ? Number(m[2]) : 514 };
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const transports: Transport[] = [];
  if (opts.console !== false) {
    transports.push(new winston.transports.Console({ stderrLevels: [...LOG_LEVELS], format: human, level: opts.consoleLevel }));
  }
  if (opts.file) {
    transports.push(
      new winston.transports.File({
        filename: opts.file,
        maxsize: 1024 * 1024,
        maxFiles: 5,
        tailable: true,
        format: winston.format.json(),
      }),
    );
  }
  if (opts.auditFile) {
    const auditOnly = winston.format((info) => (isAudit(info as { module?: unknown; digest?: unknown }) ? info : false));
    transports.push(
      new winston.transports.File({
        filename: opts.auditFile,
        maxsize: 1024 * 1024,
        maxFiles: 5,
        tailable: true,
        format: winston.format.combine(auditOnly(), winston.format.json()),
      }),
    );
  }
  if (opts.syslog) {
    const { host, port } = parseSyslogTarget(opts.syslog);
    transports.push(new SyslogTransport(host, port));
  }
  transports.push(...(opts.sinks ?? []));
  return dropUnwanted(
    winston.createLogger({
      level: opts.level ?? 'info',
      format: winston.format.combine(winston.format.timestamp(), winston.format.splat()),
      transports,
    }),
  );
}

/**
 * winston formats every record (timestamp, splat) and pipes it before its transports look at the
 * level: a record no transport wants is dropped before that cost. The connection path logs its
 * details at verbose and debug, which would otherwise cost as much as the records that are written.
 */
function dropUnwanted(logger: Logger): Logger {
  for (const level of LOG_LEVELS) {
    const write = logger[level].bind(logger) as winston.LeveledLogMethod;
    logger[level] = ((...args: Parameters<winston.LeveledLogMethod>) => (logger.isLevelEnabled(level) ? write(...args) : logger)) as winston.LeveledLogMethod;
  }
  const log = logger.log.bind(logger) as (...args: unknown[]) => Logger;
  logger.log = ((level: unknown, ...rest: unknown[]) =>
    typeof level === 'string' && !logger.isLevelEnabled(level) ? logger : log(level, ...rest)) as winston.LogMethod;
  return logger;
}

/** A logger that writes nowhere (tests, one-shot tools). */
export function silentLogger(): Logger {
  return winston.createLogger({ silent: true, transports: [new winston.transports.Console({ silent: true })] });
}
