// What every new connection needs before its KEXINIT (settings, the algorithm offer, the host keys),
// computed once and kept until a configuration change is announced: the accept path reads no
// database row and no file.
import type { KexInit } from 'ssh2/lib/protocol/kex.js';
import { Memo } from '../common/memo';
import type { Acl } from '../device/acl';
import type { SettingsCache } from '../device/settings-cache';
import { appliedAcl } from './acl-filter';
import { resolveAlgorithms } from './algorithms';
import type { HostKeySet } from './host-key-set';
import { makeOffer } from './protocol-hooks';

export interface TransportSettings {
  enabled: boolean;
  graceSeconds: number;
  retries: number;
  rekeyHours: number;
  offer: KexInit;
  banner: string;
  /** The ACL applied to the vtys (`acl N inbound`), if any. */
  acl?: Acl;
}

export class TransportCache {
  private memo = new Memo(() => this.read());

  constructor(
    private settings: SettingsCache,
    private hostKeys: HostKeySet,
  ) {}

  get(): Promise<TransportSettings> {
    return this.memo.get();
  }

  /**
   * A configuration command ran (`ssh server …`, `public-key local create|destroy`, `header login`,
   * `acl …`): settings and key files are looked at again by the next connection, not before.
   */
  invalidate(): void {
    this.settings.invalidate();
    this.memo.invalidate();
  }

  private async read(): Promise<TransportSettings> {
    const s = await this.settings.all();
    this.hostKeys.refresh();
    const resolved = resolveAlgorithms({
      kex: s['ssh.server.kex'],
      serverHostKey: s['ssh.server.hostkey'],
      cipher: s['ssh.server.cipher'],
      mac: s['ssh.server.mac'],
    });
    // Offer only what a key on disk can sign; the policy's order stays.
    const servable = this.hostKeys.algorithms();
    resolved.serverHostKey = resolved.serverHostKey.filter((a) => servable.has(a));
    return {
      enabled: s['ssh.server.enable'],
      graceSeconds: s['ssh.server.timeout'],
      retries: s['ssh.server.authentication-retries'],
      rekeyHours: s['ssh.server.rekey-interval'],
      offer: makeOffer(resolved),
      banner: s['header.login'],
      acl: appliedAcl(s['acl.basic'], s['ui.vty.acl-inbound']),
    };
  }
}
