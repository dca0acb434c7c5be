// ssh2 builds one KEXINIT offer for the whole server and always adds `ssh-rsa` (SHA-1) next to an RSA
// host key, and its EXT_INFO lists SHA-1 signature algorithms and drops rsa-sha2-512 (a missing comma).
// Both break the policy, so each connection gets its own offer (current settings) and our own
// server-sig-algs. These hooks touch ssh2 internals: ssh2 is pinned to 1.17.0 and test/ssh covers both.
import { KexInit } from 'ssh2/lib/protocol/kex.js';
import { sendPacket } from 'ssh2/lib/protocol/utils.js';
import type { Connection } from 'ssh2';
import { AlgorithmLists, STRICT_KEX_SERVER } from './algorithms';

/** Signature algorithms the authenticator verifies for user keys (no SHA-1). */
export const SERVER_SIG_ALGS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
];

const SSH_MSG_EXT_INFO = 7;

interface PacketWriter {
  allocStart: number;
  alloc(len: number): Buffer;
  finalize(packet: Buffer): Buffer;
}

type ServiceRequestHandler = (proto: unknown, service: string) => void;

interface ProtocolInternals {
  _offer: unknown;
  _handlers: { SERVICE_REQUEST?: ServiceRequestHandler };
  serviceAccept(service: string): void;
  _banner: string | undefined;
  _kex: { remoteExtInfoEnabled: boolean } | undefined;
  _packetRW: { write: PacketWriter };
}

function internals(conn: Connection): ProtocolInternals {
  const proto = (conn as unknown as { _protocol?: ProtocolInternals })._protocol;
  if (!proto || !('_offer' in proto)) throw new Error('ssh2 internals changed: no _protocol._offer');
  return proto;
}

export function makeOffer(lists: AlgorithmLists): KexInit {
  const dir = { cipher: lists.cipher, mac: lists.mac, compress: lists.compress, lang: [] as string[] };
  return new KexInit({
    kex: [...lists.kex, STRICT_KEX_SERVER],
    serverHostKey: lists.serverHostKey,
    cs: dir,
    sc: { ...dir },
  });
}

/**
 * Must run inside the server's 'connection' event: ssh2 sends its KEXINIT right after that event
 * returns, so replacing the offer there changes what this client is offered.
 */
export function applyConnectionPolicy(conn: Connection, offer: KexInit, banner: string): void {
  const proto = internals(conn);
  proto._offer = offer;
  // `header login`: ssh2 sends _banner once, before the first authentication answer.
  proto._banner = banner ? banner.replace(/\r?\n/g, '\r\n').replace(/(\r\n)?$/, '\r\n') : undefined;

  // Take the client's ext-info-c flag away from ssh2 (which would send its own list) and answer it
  // ourselves right after the first NEWKEYS, which is when ssh2 emits 'handshake'.
  let wantsExtInfo = false;
  let kex: ProtocolInternals['_kex'];
  Object.defineProperty(proto, '_kex', {
    configurable: true,
    enumerable: true,
    get: () => kex,
    set: (value: ProtocolInternals['_kex']) => {
      kex = value;
      if (value) {
        Object.defineProperty(value, 'remoteExtInfoEnabled', {
          configurable: true,
          get: () => false,
          set: (v: boolean) => {
            wantsExtInfo = wantsExtInfo || v;
          },
        });
      }
    },
  });
  (conn as unknown as NodeJS.EventEmitter).once('handshake', () => {
    if (wantsExtInfo) sendServerSigAlgs(proto);
  });
  allowRepeatedUserauth(conn, proto);
}

/**
 * ssh2 refuses every SERVICE_REQUEST after the first (reason 7), but paramiko sends `ssh-userauth`
 * again before each method it tries. OpenSSH (auth2.c) accepts it until the user is authenticated,
 * and so do we: the connection's auth state, failure count included, carries on. ssh2's own handler
 * still answers the first request, and everything else: another service, or a request after login.
 */
function allowRepeatedUserauth(conn: Connection, proto: ProtocolInternals): void {
  const original = proto._handlers.SERVICE_REQUEST;
  if (typeof original !== 'function' || typeof proto.serviceAccept !== 'function') {
    throw new Error('ssh2 internals changed: no _protocol._handlers.SERVICE_REQUEST');
  }
  let accepted = false;
  proto._handlers.SERVICE_REQUEST = (p, service) => {
    const authenticated = (conn as unknown as { authenticated: boolean }).authenticated;
    if (accepted && service === 'ssh-userauth' && !authenticated) return proto.serviceAccept(service);
    if (service === 'ssh-userauth' && !authenticated) accepted = true;
    original(p, service);
  };
}

function sendServerSigAlgs(proto: ProtocolInternals): void {
  const name = Buffer.from('server-sig-algs');
  const value = Buffer.from(SERVER_SIG_ALGS.join(','));
  const w = proto._packetRW.write;
  let p = w.allocStart;
  const packet = w.alloc(1 + 4 + 4 + name.length + 4 + value.length);
  packet[p++] = SSH_MSG_EXT_INFO;
  p = packet.writeUInt32BE(1, p);
  p = packet.writeUInt32BE(name.length, p);
  p += name.copy(packet, p);
  p = packet.writeUInt32BE(value.length, p);
  value.copy(packet, p);
  sendPacket(proto, w.finalize(packet));
}

/**
 * SSH_MSG_DISCONNECT with a description (ssh2's own sends none). Allocated like ssh2's, from the
 * key-exchange-safe start, so it may go out at any moment.
 */
export function sendDisconnect(conn: Connection, reason: number, description: string): void {
  const proto = internals(conn) as ProtocolInternals & {
    _packetRW: { write: PacketWriter & { allocStartKEX: number; alloc(len: number, force: boolean): Buffer; finalize(p: Buffer, force: boolean): Buffer } };
  };
  const text = Buffer.from(description);
  const w = proto._packetRW.write;
  let p = w.allocStartKEX;
  const packet = w.alloc(1 + 4 + 4 + text.length + 4, true);
  packet[p++] = 1; // SSH_MSG_DISCONNECT
  p = packet.writeUInt32BE(reason, p);
  p = packet.writeUInt32BE(text.length, p);
  p += text.copy(packet, p);
  packet.writeUInt32BE(0, p); // language tag
  sendPacket(proto, w.finalize(packet, true), true);
}

export const DISCONNECT = {
  PROTOCOL_ERROR: 2,
  BY_APPLICATION: 11,
  TOO_MANY_CONNECTIONS: 12,
  NO_MORE_AUTH_METHODS_AVAILABLE: 14,
} as const;
