// The two internals of ssh2 1.17.0 (pinned) that the transport policy needs; see protocol-hooks.ts.
declare module 'ssh2/lib/protocol/kex.js' {
  export class KexInit {
    constructor(lists: {
      kex: string[];
      serverHostKey: string[];
      cs: { cipher: string[]; mac: string[]; compress: string[]; lang: string[] };
      sc: { cipher: string[]; mac: string[]; compress: string[]; lang: string[] };
    });
  }
}
declare module 'ssh2/lib/protocol/utils.js' {
  export function sendPacket(proto: unknown, packet: Buffer, bypass?: boolean): void;
}
