// The device's SSH client (issue 23): what the CLI's `ssh2` and `sftp` commands are given, as the
// SshClientConnector of src/device/ssh-client.ts. It runs in the session's own CLI process.
import type { LocalKeyType } from '../../device/host-keys';
import { OutgoingError, OutgoingTarget, SftpClientSession, SshClientConnector, TerminalPort } from '../../device/ssh-client';
import { connect } from './connect';
import type { DeviceIdentity } from './device-agent';
import { relayShell } from './shell';
import { openSftp } from './sftp';

export interface OutgoingSshOptions {
  /** TERM of the user's own terminal, passed on to the remote shell. */
  term: string;
  /** The device's key pair of a type, signed for by the daemon; undefined when there is none. */
  identity(type: LocalKeyType): DeviceIdentity | undefined;
}

export class OutgoingSsh implements SshClientConnector {
  constructor(private readonly opts: OutgoingSshOptions) {}

  private identityFor(target: OutgoingTarget): DeviceIdentity | undefined {
    if (!target.identity) return undefined;
    const id = this.opts.identity(target.identity);
    if (!id) throw new OutgoingError(`The local ${target.identity.toUpperCase()} key pair does not exist.`);
    return id;
  }

  async shell(target: OutgoingTarget, terminal: () => Promise<TerminalPort>): Promise<void> {
    const conn = await connect(target, this.identityFor(target));
    let port: TerminalPort | undefined;
    try {
      port = await terminal();
      await relayShell(conn, this.opts.term, port);
    } finally {
      port?.release();
      conn.end();
    }
  }

  async sftp(target: OutgoingTarget): Promise<SftpClientSession> {
    const conn = await connect(target, this.identityFor(target));
    try {
      return await openSftp(conn, target.host, target.port);
    } catch (err) {
      conn.end();
      throw err;
    }
  }
}
