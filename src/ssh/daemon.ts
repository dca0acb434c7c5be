import type { AddressInfo } from 'node:net';
import type { Device } from '../device';
import type { Logger } from '../log/logger';
import { Authenticator } from '../auth/authenticator';
import { SettingsCache } from '../device/settings-cache';
import { makeAuthHandler } from './auth';
import { CliPool } from './cli-process';
import { LogBufferTransport } from '../log/logbuffer-transport';
import { applyAccount } from './account-sessions';
import { Loghost } from './loghost';
import { showOnMonitors } from './monitor';
import { ControlServer } from './control-server';
import { signUserAuth } from './identity-signer';
import { HostKeySet } from './host-key-set';
import { Power } from './power';
import { NetconfListener } from './netconf-listener';
import { serveNetconf } from './netconf-subsystem';
import { ensureHostKeys } from './hostkeys';
import { SshDaemon } from './server';
import { serveSessions } from './sessions';
import { TransportCache } from './transport-cache';
import { UserInterfaces } from './user-interfaces';

export interface RunningDaemon {
  address: AddressInfo;
  /** The configuration or the key files changed behind the daemon's back (SIGHUP): the next connection reads them. */
  reload(): void;
  /** Tells every session why (`The device is shutting down` by default) and closes everything. */
  stop(reason?: string): Promise<void>;
}

/** Everything `serve` starts, in order: host keys, database, SSH listener. */
export interface DaemonOptions {
  device: Device;
  log: Logger;
  listen: string;
  port: number;
  /** `reboot` (now or scheduled): serve restarts the management plane from the startup configuration. */
  onReboot?: () => void;
  /** The platform's reboot command, run first (firmware: REBOOT_COMMAND). */
  rebootCommand?: string;
}

export async function startDaemon(opts: DaemonOptions): Promise<RunningDaemon> {
  const { device, log } = opts;
  await ensureHostKeys(device.paths);
  const hostKeys = new HostKeySet(device.paths, log);
  await device.open();
  // Settings and host keys are read once, and again only after a configuration change is announced.
  const settings = new SettingsCache(device);
  const transport = new TransportCache(settings, hostKeys);
  const auth = new Authenticator(device, log, settings);
  await auth.ready();
  const uis = new UserInterfaces();
  // terminal monitor: the records the log buffer gets also reach the sessions that asked for them.
  const monitor = new LogBufferTransport({ append: async (record) => showOnMonitors(uis, record) });
  log.add(monitor);
  const power = opts.onReboot ? new Power(log, opts.onReboot, opts.rebootCommand) : undefined;
  const loghost = new Loghost(device, log);
  await loghost.refresh();
  const control = new ControlServer(device.paths.controlSocket, uis, log, {
    accountChanged: (user, by) => applyAccount(device, uis, log, user, by),
    loghostChanged: () => loghost.refresh(),
    power,
    configChanged: () => transport.invalidate(),
    signUserAuth: (key, data, hash) => signUserAuth(device.paths, key, data, hash),
  });
  await control.start();
  const pool = new CliPool(device.paths.dir, control, log);
  pool.warm();
  let netconf: NetconfListener | undefined;
  const ssh = new SshDaemon({
    device,
    log,
    listen: opts.listen,
    port: opts.port,
    hostKeys,
    transport,
    handlers: {
      authenticate: makeAuthHandler(auth),
      ready: (conn, state, unused) =>
        serveSessions(conn, state, {
          uis,
          pool,
          device,
          log,
          settings,
          netconf: {
            onNetconfPort: (st) => netconf?.isNetconf(st) ?? false,
            subsystem: (c, st, accept, reject) => serveNetconf(c, st, { uis, pool, device, log, enabled: () => netconf?.enabled ?? false, configChanged: () => transport.invalidate() }, accept, reject),
          },
        }, unused),
    },
  });
  control.admission = () => ssh.admissionInfo();
  control.aclCounts = () => ssh.aclCounts.all();
  const address = await ssh.start();
  log.info('listening', { address: address.address, port: address.port });
  const listener = new NetconfListener(ssh, device, log);
  netconf = listener;
  control.netconfService = () => listener.apply();
  const netconfError = await listener.apply();
  if (netconfError) log.error(`NETCONF over SSH not started: ${netconfError}`);
  return {
    address,
    reload() {
      transport.invalidate();
      log.info('settings and host keys will be read again');
    },
    async stop(reason?: string) {
      power?.cancel('stop');
      await listener.close();
      await ssh.stop(reason);
      pool.stop();
      await control.stop();
      log.remove(monitor);
      loghost.stop();
    },
  };
}
