import * as fs from 'node:fs';
import { flagInt, flagString, parseArgs } from '../common/args';
import { UsageError } from '../common/errors';
import { DEFAULT_DATA_DIR, ensureDataDir } from '../common/paths';
import { bootConfiguration, BootSource } from '../config';
import { Device } from '../device';
import { ensureInitialAdmin } from '../device/first-boot';
import { createLogger, LOG_LEVELS, Logger, LogLevel, parseSyslogTarget } from '../log/logger';
import { LogBufferTransport } from '../log/logbuffer-transport';
import { applyConfigFile } from './serve-config-file';
import { writeFileAtomic } from '../common/atomic-file';
import { adoptLegacyStartup, BootFile, chooseBootFile, displayPath, flashOf, startupFilesOf } from '../files';

function fileSource(role: string, file: string): BootSource {
  return {
    role,
    file,
    read: () => {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * The boot (DESIGN.md, Comware): the running configuration is built from the startup file, else
 * from `--config FILE` (the factory configuration), else from the defaults; then, on a device with
 * no user, the one-time admin. Returns the one-time password when one was made.
 */
async function boot(device: Device, factoryFile: string | undefined, log: Logger): Promise<string | undefined> {
  const { loadConfiguration } = await import('../commands/load-config');
  // The main startup file on flash, else the backup (src/files chooses and logs), else the factory file.
  const chosen = bootFile(device, log);
  const sources: BootSource[] = [
    ...(chosen ? [{ role: 'startup', file: displayPath(chosen.path), read: () => chosen.text }] : []),
    ...(factoryFile ? [fileSource('factory', factoryFile)] : []),
  ];
  const r = await bootConfiguration(device, sources, (text, file) => loadConfiguration(device, text, file));
  for (const s of r.skipped) log.info('startup configuration skipped', { role: s.role, file: s.file, why: s.why });
  if (r.result) {
    log.info('configuration loaded', { role: r.role, file: r.file, lines: r.result.lines, errors: r.result.errors.length });
    for (const e of r.result.errors) log.warn('configuration line failed', { file: r.file, error: e });
  } else {
    log.info('no startup configuration: factory defaults');
  }
  return ensureInitialAdmin(device);
}

/**
 * flash: for this start: its capacity recorded for every process of the device, leftovers of a crash
 * dropped, a startup.cfg from before flash moved onto it.
 */
function prepareFlash(device: Device, size: number, log: Logger): void {
  writeFileAtomic(device.paths.flashSize, `${size}\n`, 0o600);
  flashOf(device.paths).dropUnfinished();
  if (adoptLegacyStartup(flashOf(device.paths), device.paths.legacyStartupConfig)) log.info('startup.cfg moved onto flash', { file: 'flash:/startup.cfg' });
}

/** The next main startup file, else the backup; the one chosen is what `display startup` calls current. */
function bootFile(device: Device, log: Logger): BootFile | undefined {
  const boot = chooseBootFile(flashOf(device.paths), startupFilesOf(device.paths), (message, file, missing) => (missing ? log.info(message, { file }) : log.warn(message, { file })));
  startupFilesOf(device.paths).setCurrent(boot?.path ?? null);
  return boot;
}

/** `--flash-size`: bytes, or a number with K, M or G (binary units, as `dir` counts). */
export function parseSize(raw: string): number {
  const m = /^(\d+)\s*([KMG]?)(?:i?B)?$/i.exec(raw.trim());
  const n = m ? Number(m[1]) * 1024 ** ' KMG'.indexOf((m[2] || ' ').toUpperCase()) : NaN;
  if (!Number.isSafeInteger(n) || n < 1024 * 1024 || n > 1024 ** 4) throw new UsageError('--flash-size must be between 1M and 1024G (e.g. 64M)');
  return n;
}

/** `wx3000 serve`: the foreground daemon. */
export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ['data-dir', 'listen', 'port', 'log-level', 'syslog', 'config', 'config-file', 'flash-size', 'reboot-command'] });
  applyConfigFile(args);
  if (args.positional.length) throw new UsageError(`unexpected argument '${args.positional[0]}'`);
  const level = (flagString(args, 'log-level') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(level)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  const listen = flagString(args, 'listen') ?? '127.0.0.1';
  let port = flagInt(args, 'port', 0, 65535, 2222);
  const rebootCommand = flagString(args, 'reboot-command');
  const factoryFile = flagString(args, 'config');
  if (factoryFile !== undefined) {
    try {
      fs.accessSync(factoryFile, fs.constants.R_OK);
    } catch (err) {
      throw new UsageError(`cannot read ${factoryFile}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  const dataDir = flagString(args, 'data-dir') ?? DEFAULT_DATA_DIR;
  const syslog = flagString(args, 'syslog');
  if (syslog !== undefined) parseSyslogTarget(syslog); // a bad target is refused before anything is created
  const flashSize = parseSize(flagString(args, 'flash-size') ?? '64M');

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

  prepareFlash(device, flashSize, log);
  const signalled = new Promise<'stop'>((resolve) => {
    const stop = (signal: string) => {
      log.info('stopping', { signal });
      process.removeAllListeners('SIGTERM');
      process.removeAllListeners('SIGINT');
      resolve('stop');
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  // ssh2 is loaded only here, not by the other subcommands.
  const { startDaemon } = await import('../ssh/daemon');
  // As sshd: SIGHUP after the database or key files were changed by hand (the CLI tells the daemon
  // itself); between a reboot's stop and start there is nothing to tell.
  let current: { reload(): void } | undefined;
  process.on('SIGHUP', () => current?.reload());
  for (let first = true; ; first = false) {
    const initial = await boot(device, factoryFile, log);
    if (initial) {
      // On a terminal the password is shown once; under an init system stdout is a log file, and a
      // password must never land in a log: there it is only in the 0600 file.
      const shown = process.stdout.isTTY ? `the one-time password ${initial}\n(also in ` : 'a one-time password (in ';
      process.stdout.write(
        `First start: user admin (level 3) has ${shown}${device.paths.initialAdminPassword}); ` +
          `it must be changed at the first login.\n`,
      );
    }
    let rebooted!: () => void;
    const reboot = new Promise<'reboot'>((resolve) => (rebooted = () => resolve('reboot')));
    const daemon = await startDaemon({ device, log, listen, port, onReboot: () => rebooted(), rebootCommand });
    if (first) process.stdout.write(`listening on ${daemon.address.address}:${daemon.address.port}\n`);
    current = daemon;
    // A reboot listens again where it listened (the port the kernel chose, if it chose).
    port = daemon.address.port;
    const why = await Promise.race([reboot, signalled]);
    current = undefined;
    if (why === 'reboot') {
      await daemon.stop('The device is rebooting');
      log.info('management plane restarting from the startup configuration');
      continue;
    }
    await daemon.stop();
    break;
  }
  await device.close();
  log.info('stopped');
  await new Promise<void>((resolve) => log.on('finish', resolve).end());
  return 0;
}
