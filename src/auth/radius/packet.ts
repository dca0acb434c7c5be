// RADIUS packets (RFC 2865, RFC 2866, RFC 3579 Message-Authenticator): building requests and
// checking replies. Written here rather than taken from npm: the one package (`radius`) is
// unmaintained, loads dictionaries at run time, and the part we need is this file.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const CODE = {
  accessRequest: 1,
  accessAccept: 2,
  accessReject: 3,
  accountingRequest: 4,
  accountingResponse: 5,
} as const;

export const ATTR = {
  userName: 1,
  userPassword: 2,
  nasIpAddress: 4,
  serviceType: 6,
  vendorSpecific: 26,
  callingStationId: 31,
  acctStatusType: 40,
  acctDelayTime: 41,
  acctSessionId: 44,
  acctAuthentic: 45,
  acctSessionTime: 46,
  acctTerminateCause: 49,
  eventTimestamp: 55,
  nasPortType: 61,
  messageAuthenticator: 80,
} as const;

export const SERVICE_TYPE_LOGIN_USER = 1;
export const NAS_PORT_TYPE_VIRTUAL = 5;
export const ACCT_STATUS = { start: 1, stop: 2 } as const;
export const ACCT_AUTHENTIC = { radius: 1 } as const;
export const TERMINATE_CAUSE_USER_REQUEST = 1;

const HEADER = 20;
const MAX_PACKET = 4096;

export interface Attribute {
  type: number;
  value: Buffer;
}

export interface Packet {
  code: number;
  id: number;
  authenticator: Buffer;
  attributes: Attribute[];
}

export const str = (type: number, s: string): Attribute => ({ type, value: Buffer.from(s, 'utf8').subarray(0, 253) });
export const int = (type: number, n: number): Attribute => {
  const value = Buffer.alloc(4);
  value.writeUInt32BE(n >>> 0);
  return { type, value };
};
export const ipv4 = (type: number, ip: string): Attribute => ({ type, value: Buffer.from(ip.split('.').map(Number)) });

function md5(...parts: Buffer[]): Buffer {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest();
}

/** RFC 2865 §5.2: the password padded to 16-octet blocks, each XORed with a chained MD5. */
export function hidePassword(password: string, secret: Buffer, requestAuthenticator: Buffer): Buffer {
  const plain = Buffer.from(password, 'utf8').subarray(0, 128);
  const padded = Buffer.alloc(Math.max(16, Math.ceil(plain.length / 16) * 16));
  plain.copy(padded);
  const out = Buffer.alloc(padded.length);
  let prev = requestAuthenticator;
  for (let i = 0; i < padded.length; i += 16) {
    const b = md5(secret, prev);
    for (let j = 0; j < 16; j++) out[i + j] = padded[i + j] ^ b[j];
    prev = out.subarray(i, i + 16);
  }
  return out;
}

function serialise(p: Packet): Buffer {
  const body = Buffer.concat(
    p.attributes.map((a) => {
      if (a.value.length > 253) throw new Error(`RADIUS attribute ${a.type} too long`);
      return Buffer.concat([Buffer.from([a.type, a.value.length + 2]), a.value]);
    }),
  );
  const head = Buffer.alloc(HEADER);
  head[0] = p.code;
  head[1] = p.id;
  head.writeUInt16BE(HEADER + body.length, 2);
  p.authenticator.copy(head, 4);
  const buf = Buffer.concat([head, body]);
  if (buf.length > MAX_PACKET) throw new Error('RADIUS packet too long');
  return buf;
}

/** Offset of the Message-Authenticator value in a serialised packet, or -1. */
function messageAuthenticatorOffset(buf: Buffer): number {
  for (let off = HEADER; off + 2 <= buf.length; ) {
    const len = buf[off + 1];
    if (len < 2) return -1;
    if (buf[off] === ATTR.messageAuthenticator && len === 18) return off + 2;
    off += len;
  }
  return -1;
}

/**
 * An Access-Request: random authenticator, the password hidden, and a Message-Authenticator as the
 * first attribute (BlastRADIUS: a server then rejects a forged reply it cannot sign).
 */
export function accessRequest(id: number, secret: Buffer, userName: string, password: string, attrs: Attribute[]): { buf: Buffer; authenticator: Buffer } {
  const authenticator = randomBytes(16);
  const attributes: Attribute[] = [
    { type: ATTR.messageAuthenticator, value: Buffer.alloc(16) },
    str(ATTR.userName, userName),
    { type: ATTR.userPassword, value: hidePassword(password, secret, authenticator) },
    ...attrs,
  ];
  const buf = serialise({ code: CODE.accessRequest, id, authenticator, attributes });
  const off = messageAuthenticatorOffset(buf);
  createHmac('md5', secret).update(buf).digest().copy(buf, off);
  return { buf, authenticator };
}

/** An Accounting-Request: its authenticator is MD5 over the packet with a zero authenticator and the secret. */
export function accountingRequest(id: number, secret: Buffer, attrs: Attribute[]): { buf: Buffer; authenticator: Buffer } {
  const buf = serialise({ code: CODE.accountingRequest, id, authenticator: Buffer.alloc(16), attributes: attrs });
  const authenticator = md5(buf, secret);
  authenticator.copy(buf, 4);
  return { buf, authenticator };
}

export function decode(buf: Buffer): Packet {
  if (buf.length < HEADER) throw new Error('short RADIUS packet');
  const length = buf.readUInt16BE(2);
  if (length < HEADER || length > buf.length || length > MAX_PACKET) throw new Error('bad RADIUS length');
  const attributes: Attribute[] = [];
  for (let off = HEADER; off < length; ) {
    if (off + 2 > length) throw new Error('truncated RADIUS attribute');
    const len = buf[off + 1];
    if (len < 2 || off + len > length) throw new Error('bad RADIUS attribute length');
    attributes.push({ type: buf[off], value: Buffer.from(buf.subarray(off + 2, off + len)) });
    off += len;
  }
  return { code: buf[0], id: buf[1], authenticator: Buffer.from(buf.subarray(4, 20)), attributes };
}

export type ReplyCheck = { ok: true; packet: Packet; hadMessageAuthenticator: boolean } | { ok: false; reason: string };

/**
 * Checks a reply to the request with this authenticator: the Response Authenticator always, the
 * Message-Authenticator whenever present, and its presence when `requireMessageAuthenticator`.
 */
export function checkReply(raw: Buffer, requestAuthenticator: Buffer, secret: Buffer, requireMessageAuthenticator: boolean): ReplyCheck {
  let packet: Packet;
  try {
    packet = decode(raw);
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  const buf = Buffer.from(raw.subarray(0, raw.readUInt16BE(2)));
  const expected = md5(buf.subarray(0, 4), requestAuthenticator, buf.subarray(HEADER), secret);
  if (!timingSafeEqual(expected, packet.authenticator)) return { ok: false, reason: 'bad response authenticator' };
  const off = messageAuthenticatorOffset(buf);
  if (off < 0) {
    if (requireMessageAuthenticator && packet.code !== CODE.accountingResponse) return { ok: false, reason: 'no message authenticator' };
    return { ok: true, packet, hadMessageAuthenticator: false };
  }
  const got = Buffer.from(buf.subarray(off, off + 16));
  buf.fill(0, off, off + 16);
  requestAuthenticator.copy(buf, 4);
  const mac = createHmac('md5', secret).update(buf).digest();
  if (!timingSafeEqual(mac, got)) return { ok: false, reason: 'bad message authenticator' };
  return { ok: true, packet, hadMessageAuthenticator: true };
}

/** The integer value of a vendor attribute (RFC 2865 §5.26 layout: one-octet type and length). */
export function vendorInteger(attrs: Attribute[], vendor: number, type: number): number | undefined {
  for (const a of attrs) {
    if (a.type !== ATTR.vendorSpecific || a.value.length < 6 || a.value.readUInt32BE(0) !== vendor) continue;
    for (let off = 4; off + 2 <= a.value.length; ) {
      const t = a.value[off];
      const len = a.value[off + 1];
      if (len < 2 || off + len > a.value.length) break;
      if (t === type && len === 6) return a.value.readUInt32BE(off + 2);
      off += len;
    }
  }
  return undefined;
}
