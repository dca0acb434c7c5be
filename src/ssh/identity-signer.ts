// `ssh2 … identity-key TYPE`: the device logs in to another server with its own key pair, which is
// also the daemon's host key. The CLI never holds host keys, so the daemon signs for it, and only
// what a client signs to log in with publickey (RFC 4252 §7) with that very key: a CLI cannot make it
// sign an exchange hash, which would let it pose as this server.
import * as fs from 'node:fs';
import { utils } from 'ssh2';
import type { DataPaths } from '../common/paths';
import type { LocalKeyType } from '../device/host-keys';
import { WireError, WireReader, wireString } from '../common/ssh-wire';

const USERAUTH_REQUEST = 50;

/** Whether `data` is a publickey USERAUTH_REQUEST signature payload for the key `blob`. */
export function isUserAuthPayload(data: Buffer, blob: Buffer): boolean {
  try {
    const sessionId = new WireReader(data).string();
    if (sessionId.length < 20 || sessionId.length > 64) return false;
    // The two free fields (user, signature algorithm) are read; the rest must be exactly what RFC 4252 says.
    let at = 4 + sessionId.length + 1;
    const user = new WireReader(data.subarray(at)).string();
    at += 4 + user.length + (4 + 'ssh-connection'.length) + (4 + 'publickey'.length) + 1;
    const algorithm = new WireReader(data.subarray(at)).string();
    const expected = Buffer.concat([
      wireString(sessionId),
      Buffer.from([USERAUTH_REQUEST]),
      wireString(user),
      wireString('ssh-connection'),
      wireString('publickey'),
      Buffer.from([1]),
      wireString(algorithm),
      wireString(blob),
    ]);
    return expected.equals(data);
  } catch (err) {
    if (err instanceof WireError) return false;
    throw err;
  }
}

/** Signs a login payload with the device's key of `type`, as ssh2's own key.sign does (what its client sends). */
export function signUserAuth(paths: DataPaths, type: LocalKeyType, data: Buffer, hash: string | undefined): Buffer {
  const parsed = utils.parseKey(fs.readFileSync(paths.hostKey(type), 'utf8'));
  if (parsed instanceof Error) throw new Error('the local key pair cannot be read');
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!isUserAuthPayload(data, key.getPublicSSH())) throw new Error('only a publickey login request is signed');
  const algo = hash === 'sha256' || hash === 'sha512' ? hash : undefined;
  const sig = key.sign(data, algo);
  if (sig instanceof Error) throw sig;
  return sig;
}
