import { flagInt, flagString, parseArgs } from '../common/args';
import { UsageError } from '../common/errors';
import { DEFAULT_DATA_DIR, ensureDataDir } from '../common/paths';
import { Device } from '../device';
import { ensureInitialAdmin } from '../device/first-boot';
import { createLogger, LOG_LEVELS, LogLevel } from '../log/logger';
import { applyConfigFile } from './serve-config-file';

/** `wx3000 serve`: the foreground daemon. */
export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ['data-dir', 'listen', 'port', 'log-level', 'syslog', 'config-file'] });
  applyConfigFile(args);
  if (args.positional.length) throw new UsageError(`unexpected argument '${args.positional[0]}'`);
  const level = (flagString(args, 'log-level') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(level)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  const listen = flagString(args, 'listen') ?? '127.0.0.1';
  const port = flagInt(args, 'port', 0, 65535, 2222);
  const dataDir = flagString(args, 'data-dir') ?? DEFAULT_DATA_DIR;

  const device = new Device(dataDir, { onMigrate: (from, to) => log.info('database schema migrated', { from, to }) });
  ensureDataDir(device.paths.dir);
  const log = createLogger({ level, file: device.paths.logFile, syslog: flagString(args, 'syslog') });

  const initial = await ensureInitialAdmin(device);
  if (initial) {
    process.stdout.write(
      `First start: user admin (level 3) has the one-time password ${initial}\n` +
        `(also in ${device.paths.initialAdminPassword}); it must be changed at the first login.\n`,
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
