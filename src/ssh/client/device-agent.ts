// `identity-key TYPE`: an ssh2 agent holding one key, the device's own, whose signatures the daemon
// makes (the CLI process never reads a private key; see ../identity-signer.ts).
import { BaseAgent, utils } from 'ssh2';
import type { ParsedKey } from 'ssh2';

export interface DeviceIdentity {
  /** The device's public key (SSH blob). */
  blob: Buffer;
  sign(data: Buffer, hash: string | undefined): Promise<Buffer>;
}

export class DeviceAgent extends BaseAgent<ParsedKey> {
  constructor(private readonly identity: DeviceIdentity) {
    super();
  }

  getIdentities(cb: (err: Error | undefined, keys?: ParsedKey[]) => void): void {
    const key = utils.parseKey(this.identity.blob);
    if (key instanceof Error) return cb(key);
    cb(undefined, [Array.isArray(key) ? key[0] : key]);
  }

  sign(_pubKey: ParsedKey, data: Buffer, options: { hash?: string } | ((err?: Error, sig?: Buffer) => void), cb?: (err?: Error, sig?: Buffer) => void): void {
    const done = typeof options === 'function' ? options : cb!;
    const hash = typeof options === 'function' ? undefined : options.hash;
    this.identity.sign(data, hash).then(
      (sig) => done(undefined, sig),
      (err: Error) => done(err),
    );
  }
}
