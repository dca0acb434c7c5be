// The NETCONF port (`netconf ssh server enable`, `netconf ssh server port N`, default 830): the
// daemon listens there too, serving it like the main port but with the netconf subsystem only.
import type * as net from 'node:net';
import type { Device } from '../device';
import type { Logger } from '../log/logger';
import type { ConnectionState } from './connection-state';
import type { SshDaemon } from './server';

export class NetconfListener {
  private server?: net.Server;
  private port?: number;
  private applying: Promise<string | undefined> = Promise.resolve(undefined);
  /** `netconf ssh server enable` as last applied: the subsystem on either port needs it. */
  enabled = false;

  constructor(private ssh: SshDaemon, private device: Device, private log: Logger) {}

  /** Whether a connection came in on the NETCONF port. */
  isNetconf(state: ConnectionState): boolean {
    return this.port !== undefined && state.socket.localPort === this.port;
  }

  /** Opens, moves or closes the port as the settings say; an error text when the port cannot be opened. */
  apply(): Promise<string | undefined> {
    this.applying = this.applying.then(() => this.reconcile());
    return this.applying;
  }

  private async reconcile(): Promise<string | undefined> {
    const s = await (await this.device.settings()).all();
    this.enabled = s['netconf.ssh.enable'];
    const want = this.enabled ? s['netconf.ssh.port'] : undefined;
    if (want === this.port && this.server) return undefined;
    await this.close();
    if (want === undefined) return undefined;
    try {
      this.server = await this.ssh.listenOn(want);
      this.port = want;
      this.log.info('NETCONF over SSH listening', { module: 'NETCONF', digest: 'SERVICE', port: want });
      return undefined;
    } catch (err) {
      this.log.error('NETCONF port cannot be opened', { port: want, err: (err as Error).message });
      return `port ${want} cannot be opened (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
    }
  }

  /** Stops accepting on the NETCONF port at once; its sessions go on (close's callback waits for them). */
  async close(): Promise<void> {
    this.server?.close();
    this.server = undefined;
    this.port = undefined;
  }
}
