// Plugs the hybrid key exchanges into ssh2 1.17.0 (pinned). ssh2 chooses the class for the negotiated
// kex in a private factory in lib/protocol/kex.js; scripts/patch-ssh2.js (npm postinstall) gives that
// factory one hook, wx3000KexExtension, which is set here. The class extends ssh2's own KeyExchange,
// so the exchange hash, the host-key signature, NEWKEYS, strict KEX and rekeying are ssh2's code: ours
// only turns C_INIT into S_REPLY and K.
import { HYBRID_KEX, HybridKem, hybridServerReply } from './hybrid';

/** ssh2's KeyExchange base class (constructor: negotiated, protocol, remote KEXINIT). */
type KeyExchangeClass = new (...args: any[]) => object;
type KexExtension = (name: string, base: KeyExchangeClass, args: unknown[]) => object | undefined;

interface Ssh2KexModule {
  wx3000KexExtension?: KexExtension | null;
}

const PINNED = '1.17.0';

function kexModule(): Ssh2KexModule {
  const version = (require('ssh2/package.json') as { version: string }).version;
  const mod = require('ssh2/lib/protocol/kex.js') as Ssh2KexModule;
  if (version !== PINNED || !('wx3000KexExtension' in mod)) {
    throw new Error(
      `ssh2 internals changed: need ssh2 ${PINNED} with the kex hook of scripts/patch-ssh2.js (found ${version}` +
        `${'wx3000KexExtension' in mod ? '' : ', unpatched: run npm ci'})`,
    );
  }
  return mod;
}

const classes = new WeakMap<KeyExchangeClass, KeyExchangeClass>();

function hybridClass(Base: KeyExchangeClass): KeyExchangeClass {
  let cls = classes.get(Base);
  if (!cls) {
    // The methods ssh2's KeyExchange.finish() calls on the server side: convertPublicKey(C_INIT)
    // gives Q_C for the exchange hash, computeSecret(C_INIT) gives K (or an Error: ssh2 then
    // disconnects with KEY_EXCHANGE_FAILED), getPublicKey() gives Q_S.
    cls = class HybridKemExchange extends Base {
      readonly type = 'kem';
      readonly hashName: string;
      private reply?: Buffer;

      constructor(
        private readonly kem: HybridKem,
        ...args: unknown[]
      ) {
        super(...args);
        this.hashName = kem.hash;
      }

      generateKeys(): void {}

      convertPublicKey(clientInit: Buffer): Buffer {
        return clientInit;
      }

      computeSecret(clientInit: Buffer): Buffer | Error {
        try {
          const { reply, secret } = hybridServerReply(this.kem, clientInit);
          this.reply = reply;
          return secret;
        } catch (err) {
          return err as Error;
        }
      }

      getPublicKey(): Buffer | undefined {
        return this.reply;
      }
    };
    classes.set(Base, cls);
  }
  return cls;
}

let installed = false;

/** Installs the hook; throws at once if ssh2 is not the pinned, patched release. */
export function installHybridKex(): void {
  const mod = kexModule();
  if (installed) return;
  mod.wx3000KexExtension = (name, Base, args) => {
    const kem = HYBRID_KEX.get(name);
    const protocol = args[1] as { _server?: boolean } | undefined;
    // Server side only: ssh2 clients in this process never offer these names anyway.
    if (!kem || !protocol?._server) return undefined;
    return new (hybridClass(Base))(kem, ...args);
  };
  installed = true;
}
