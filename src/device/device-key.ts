// Shared secrets (RADIUS keys) must be recoverable to compute authenticators, so unlike passwords
// they are encrypted, not hashed: AES-256-GCM under a random key in the data directory (0600).
// The text form has the shape of Comware's `cipher` keys, which configuration filters recognise.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { syncDir } from '../common/atomic-file';
import * as path from 'node:path';

const PREFIX = '$c$3$';
const IV = 12;
const TAG = 16;

export class CipherError extends Error {}

export class DeviceKey {
  private key?: Buffer;

  constructor(private file: string) {}

  /** Created on first use; two processes racing both end up with the one file that won. */
  private get(): Buffer {
    if (this.key) return this.key;
    try {
      fs.writeFileSync(this.file, crypto.randomBytes(32), { flag: 'wx', mode: 0o600 });
      syncDir(path.dirname(this.file));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const key = fs.readFileSync(this.file);
    if (key.length !== 32) throw new CipherError(`${this.file} is not a device key`);
    this.key = key;
    return key;
  }

  encrypt(plain: string): string {
    const iv = crypto.randomBytes(IV);
    const c = crypto.createCipheriv('aes-256-gcm', this.get(), iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return PREFIX + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
  }

  decrypt(text: string): string {
    if (!text.startsWith(PREFIX)) throw new CipherError('not a cipher text');
    const raw = Buffer.from(text.slice(PREFIX.length), 'base64');
    if (raw.length <= IV + TAG) throw new CipherError('cipher text too short');
    try {
      const d = crypto.createDecipheriv('aes-256-gcm', this.get(), raw.subarray(0, IV));
      d.setAuthTag(raw.subarray(IV, IV + TAG));
      return Buffer.concat([d.update(raw.subarray(IV + TAG)), d.final()]).toString('utf8');
    } catch {
      throw new CipherError('the cipher text was not made by this device');
    }
  }
}
