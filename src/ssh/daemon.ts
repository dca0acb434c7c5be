import type { AddressInfo } from 'node:net';
import type { Device } from '../device';
import type { Logger } from '../log/logger';
import { Authenticator } from '../auth/authenticator';
import { makeAuthHandler } from './auth';
import { CliPool } from './cli-process';
import { ControlServer } from './control-server';
import { HostKeySet } from './host-key-set';
import { NetconfListener } from './netconf-listener';
import { serveNetconf } from './netconf-subsystem';
import { ensureHostKeys } from './hostkeys';
import { SshDaemon } from './server';
import { serveSessions } from './sessions';
import { UserInterfaces } from './user-interfaces';

export interface RunningDaemon {
  address: AddressInfo;
  stop(): Promise<void>;
}

/** Everything `serve` starts, in order: host keys, database, SSH listener. */
export async function startDaemon(opts: { device: Device; log: Logger; listen: string; port: number }): Promise<RunningDaemon> {
  const { device, log } = opts;
  await ensureHostKeys(device.paths);
  const hostKeys = new HostKeySet(device.paths, log);
  await device.open();
  const auth = new Authenticator(device, log);
  await auth.ready();
  const uis = new UserInterfaces();
  const control = new ControlServer(device.paths.controlSocket, uis, log);
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
    handlers: {
      authenticate: makeAuthHandler(auth),
      ready: (conn, state) =>
        serveSessions(conn, state, {
          uis,
          pool,
          device,
          log,
          netconf: {
            onNetconfPort: (st) => netconf?.isNetconf(st) ?? false,
            subsystem: (c, st, accept, reject) => serveNetconf(c, st, { uis, pool, device, log, enabled: () => netconf?.enabled ?? false }, accept, reject),
          },
        }),
    },
  });
  const address = await ssh.start();
  log.info('listening', { address: address.address, port: address.port });
  const listener = new NetconfListener(ssh, device, log);
  netconf = listener;
  control.netconfService = () => listener.apply();
  const netconfError = await listener.apply();
  if (netconfError) log.error(`NETCONF over SSH not started: ${netconfError}`);
  return {
    address,
    async stop() {
      await listener.close();
      await ssh.stop();
      pool.stop();
      await control.stop();
    },
  };
}
