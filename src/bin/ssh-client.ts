// The SSH client a CLI host gives its commands (`ssh2`, `sftp`). ssh2 loads on first use: an idle
// session should not carry it (five sessions and a spare multiply what one holds).
import { parseOpenSshLine } from '../common/pubkey';
import type { Device } from '../device';
import type { LocalKeyType } from '../device/host-keys';
import type { SessionDirectory } from '../device/sessions';
import type { SshClientConnector } from '../device/ssh-client';
import type { OutgoingSsh } from '../ssh/client';

export function outgoingSsh(device: Device, sessions: SessionDirectory | undefined, term: string): SshClientConnector {
  let client: OutgoingSsh | undefined;
  const get = (): OutgoingSsh => {
    const { OutgoingSsh: Client } = require('../ssh/client') as typeof import('../ssh/client');
    client ??= new Client({
      term,
      identity: (type: LocalKeyType) => {
        const info = device.hostKeys.read(type);
        if (!info) return undefined;
        return {
          blob: parseOpenSshLine(info.publicLine).blob,
          // The private key stays with the daemon, which signs the login for us.
          sign: async (data, hash) => {
            if (!sessions?.connected) throw new Error('the local key pair signs only while the SSH service runs');
            return sessions.signAsDevice(type, data, hash);
          },
        };
      },
    });
    return client;
  };
  return {
    shell: (target, terminal) => get().shell(target, terminal),
    sftp: (target) => get().sftp(target),
  };
}
