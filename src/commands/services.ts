// What handlers may use: the device, plus hooks the host fills in (the SSH session process knows
// the super passwords; the engine and handlers never see a hash or a user database).
import type { CommandContext, Handler } from '../cli';
import type { Device } from '../device';
import type { SessionDirectory } from '../device/sessions';
import type { SftpClientSession, SshClientConnector } from '../device/ssh-client';

export interface SuperPasswordCheck {
  /** Whether a super password is configured for `level`. */
  isSet(level: number): Promise<boolean>;
  /** Checks a typed password against the stored hash for `level`. */
  verify(level: number, password: string): Promise<boolean>;
}

export interface CliServices {
  device: Device;
  superPassword?: SuperPasswordCheck;
  /** Live sessions through the daemon's control socket (absent on an offline console). */
  sessions?: SessionDirectory;
  /** Loading a configuration file: commands are not logged one by one. */
  loading?: boolean;
  /** The device's SSH client (`ssh2`, `sftp`), where the host provides one (SSH sessions, the console). */
  sshClient?: SshClientConnector;
  /** The `sftp-client>` view's open session. */
  sftpClient?: SftpClientSession;
}

export type Ctx = CommandContext<CliServices>;
export type CliHandler = Handler<CliServices>;
