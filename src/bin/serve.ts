import * as fs from 'node:fs';
import { flagInt, flagString, parseArgs } from '../common/args';
import { UsageError } from '../common/errors';
import { DEFAULT_DATA_DIR, ensureDataDir } from '../common/paths';
import { startupConfig } from '../config';
import { Device } from '../device';
import { ensureInitialAdmin } from '../device/first-boot';
import { createLogger, LOG_LEVELS, Logger, LogLevel, parseSyslogTarget } from '../log/logger';
import { LogBufferTransport } from '../log/logbuffer-transport';
import { applyConfigFile } from './serve-config-file';

/**
 * A database with no configuration yet is filled from `--config FILE`, else from the data directory's
 * startup.cfg when there is one. It runs before the first-boot admin, so a file with users means no
 * one-time password. A configured database is never overwritten.
 */
async function loadStartupConfiguration(device: Device, configFile: string | undefined, log: Logger): Promise<void> {
  let text: string | undefined;
  let source = configFile;
  if (configFile !== undefined) {
    try {
      text = fs.readFileSync(configFile, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${configFile}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  if (!(await device.isEmpty())) {
    if (configFile !== undefined) log.info('database already configured; --config ignored', { file: configFile });
    return;
  }
  if (text === undefined) {
    text = startupConfig(device).read();
    source = device.paths.startupConfig;
  }
  if (text === undefined) return;
  const { loadConfiguration } = await import('../commands/load-config');
  const result = await loadConfiguration(device, text, source);
  log.info('configuration loaded', { file: source, lines: result.lines, errors: result.errors.length });
  for (const e of result.errors) log.warn('configuration line failed', { file: source, error: e });
}

/** `wx3000 serve`: the foreground daemon. */
export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ['data-dir', 'listen', 'port', 'log-level', 'syslog', 'config', 'config-file'] });
  applyConfigFile(args);
  if (args.positional.length) throw new UsageError(`unexpected argument '${args.positional[0]}'`);
  const level = (flagString(args, 'log-level') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(level)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  const listen = flagString(args, 'listen') ?? '127.0.0.1';
  const port = flagInt(args, 'port', 0, 65535, 2222);
  const dataDir = flagString(args, 'data-dir') ?? DEFAULT_DATA_DIR;
  const syslog = flagString(args, 'syslog');
  if (syslog !== undefined) parseSyslogTarget(syslog); // a bad target is refused before anything is created

  const device = new Device(dataDir, { onMigrate: (from, to) => log.info('database schema migrated', { from, to }) });
  ensureDataDir(device.paths.dir);
  const consoleLevel = process.env.WX3000_CONSOLE_LEVEL as LogLevel | undefined;
  const log = createLogger({
    level,
    file: device.paths.logFile,
    auditFile: device.paths.auditLogFile,
    consoleLevel: consoleLevel && LOG_LEVELS.includes(consoleLevel) ? consoleLevel : undefined,
    syslog,
  });
  // Added once the logger exists: opening the database may already log a schema migration.
  log.add(new LogBufferTransport(await device.logBuffer()));

  await loadStartupConfiguration(device, flagString(args, 'config'), log);
  const initial = await ensureInitialAdmin(device);
  if (initial) {
    // On a terminal the password is shown once; under an init system stdout is a log file, and a
    // password must never land in a log: there it is only in the 0600 file.
    const shown = process.stdout.isTTY ? `the one-time password ${initial}\n(also in ` : 'a one-time password (in ';
    process.stdout.write(
      `First start: user admin (level 3) has ${shown}${device.paths.initialAdminPassword}); ` +
        `it must be changed at the first login.\n`,
    );
  }
  // ssh2 is loaded only here, not by the other subcommands.
  const { startDaemon } = await import('../ssh/daemon');
  const daemon = await startDaemon({ device, log, listen, port });
  process.stdout.write(`listening on ${daemon.address.address}:${daemon.address.port}\n`);

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info('stopping', { signal });
      process.removeAllListeners('SIGTERM');
      process.removeAllListeners('SIGINT');
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await daemon.stop();
  await device.close();
  log.info('stopped');
  await new Promise<void>((resolve) => log.on('finish', resolve).end());
  return 0;
}
