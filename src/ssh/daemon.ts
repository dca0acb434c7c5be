import type { AddressInfo } from 'node:net';
import type { Device } from '../device';
import type { Logger } from '../log/logger';
import { ensureHostKeys } from './hostkeys';
import { SshDaemon } from './server';

export interface RunningDaemon {
  address: AddressInfo;
  stop(): Promise<void>;
}

/** Everything `serve` starts, in order: host keys, database, SSH listener. */
export async function startDaemon(opts: { device: Device; log: Logger; listen: string; port: number }): Promise<RunningDaemon> {
  const { device, log } = opts;
  const hostKeys = ensureHostKeys(device.paths.hostKey);
  for (const k of hostKeys) log.info('host key', { alg: k.alg, fingerprint: k.fingerprint });
  await device.store();
  const ssh = new SshDaemon({
    device,
    log,
    listen: opts.listen,
    port: opts.port,
    hostKeys,
    handlers: {
      authenticate: (ctx) => ctx.reject(['password', 'publickey']),
      ready: (conn) => conn.end(),
    },
  });
  const address = await ssh.start();
  log.info('listening', { address: address.address, port: address.port });
  return { address, stop: () => ssh.stop() };
}
