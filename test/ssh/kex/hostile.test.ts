// Hostile key exchange input against the real daemon, over a raw socket: a C_INIT of the wrong
// length, an ML-KEM key that fails the FIPS 203 modulus check, or an all-zero X25519 key each end
// in SSH_MSG_DISCONNECT (key exchange failed) and never harm the daemon. A valid C_INIT in the same
// framing gets its KEX_ECDH_REPLY, so the test can tell the two apart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { generateKeyPairSync } from 'node:crypto';
import { startDaemon, TestDaemon } from '../../helpers/daemon';
import { loadVectors } from './kat';

let d: TestDaemon;
before(async () => {
  d = await startDaemon();
});
after(async () => {
  await d.stop();
});

const SSH_MSG_DISCONNECT = 1;
const SSH_MSG_KEXINIT = 20;
const SSH_MSG_KEX_ECDH_INIT = 30;
const SSH_MSG_KEX_ECDH_REPLY = 31;
const KEY_EXCHANGE_FAILED = 3;

function sshString(b: Buffer | string): Buffer {
  const body = Buffer.isBuffer(b) ? b : Buffer.from(b);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

/** An unencrypted binary packet (RFC 4253 §6), block size 8. */
function packet(payload: Buffer): Buffer {
  let pad = 8 - ((5 + payload.length) % 8);
  if (pad < 4) pad += 8;
  const head = Buffer.alloc(5);
  head.writeUInt32BE(1 + payload.length + pad);
  head[4] = pad;
  return Buffer.concat([head, payload, Buffer.alloc(pad)]);
}

function kexinit(kex: string): Buffer {
  const lists = [kex, 'ssh-ed25519', 'aes128-ctr', 'aes128-ctr', 'hmac-sha2-256', 'hmac-sha2-256', 'none', 'none', '', ''];
  return Buffer.concat([Buffer.of(SSH_MSG_KEXINIT), Buffer.alloc(16, 7), ...lists.map(sshString), Buffer.of(0), Buffer.alloc(4)]);
}

/** Sends identification, KEXINIT and KEX_ECDH_INIT(cInit); returns the server's packets after its KEXINIT. */
function exchange(kex: string, cInit: Buffer): Promise<{ payloads: Buffer[]; closed: boolean }> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port: d.port });
    let buf = Buffer.alloc(0);
    let identDone = false;
    const payloads: Buffer[] = [];
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      sock.destroy();
      resolve({ payloads, closed });
    };
    const timer = setTimeout(() => finish(false), 10000);
    sock.on('connect', () => {
      sock.write('SSH-2.0-Hostile_1.0\r\n');
      sock.write(packet(kexinit(`${kex},kex-strict-c-v00@openssh.com`)));
      sock.write(packet(Buffer.concat([Buffer.of(SSH_MSG_KEX_ECDH_INIT), sshString(cInit)])));
    });
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (!identDone) {
        const nl = buf.indexOf('\n');
        if (nl < 0) return;
        identDone = true;
        buf = buf.subarray(nl + 1);
      }
      while (buf.length >= 4 && buf.length >= 4 + buf.readUInt32BE(0)) {
        const len = buf.readUInt32BE(0);
        const pad = buf[4];
        payloads.push(buf.subarray(5, 4 + len - pad));
        buf = buf.subarray(4 + len);
      }
      // Plain packets end at NEWKEYS or DISCONNECT; nothing after them is readable here.
      if (payloads.some((p) => p[0] === SSH_MSG_DISCONNECT || p[0] === SSH_MSG_KEX_ECDH_REPLY)) finish(false);
    });
    sock.on('close', () => finish(true));
    sock.on('error', () => finish(true));
  });
}

const x25519Public = () => generateKeyPairSync('x25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
const mlkemPublic = () => Buffer.from(ml_kem768.keygen().publicKey);
const sntrupPublic = () => Buffer.from(loadVectors('sntrup761-kat.json')[0].pk, 'hex');

async function expectDisconnect(kex: string, cInit: Buffer, what: string): Promise<void> {
  const r = await exchange(kex, cInit);
  const types = r.payloads.map((p) => p[0]);
  assert.equal(types[0], SSH_MSG_KEXINIT, `${what}: server KEXINIT first`);
  assert.ok(!types.includes(SSH_MSG_KEX_ECDH_REPLY), `${what}: no reply to a bad C_INIT`);
  const disconnect = r.payloads.find((p) => p[0] === SSH_MSG_DISCONNECT);
  assert.ok(disconnect, `${what}: SSH_MSG_DISCONNECT sent (got ${types.join(',')}, closed ${r.closed})`);
  assert.equal(disconnect.readUInt32BE(1), KEY_EXCHANGE_FAILED, what);
  assert.equal(d.proc.exitCode, null, `${what}: daemon alive`);
}

for (const [kex, kemPublic, ctBytes] of [
  ['mlkem768x25519-sha256', mlkemPublic, 1088],
  ['sntrup761x25519-sha512', sntrupPublic, 1039],
] as const) {
  test(`a valid ${kex} C_INIT gets KEX_ECDH_REPLY with a ${ctBytes}-byte ciphertext and an X25519 key`, async () => {
    const r = await exchange(kex, Buffer.concat([kemPublic(), x25519Public()]));
    const reply = r.payloads.find((p) => p[0] === SSH_MSG_KEX_ECDH_REPLY);
    assert.ok(reply, `reply (got ${r.payloads.map((p) => p[0]).join(',')})`);
    const hostKeyLen = reply.readUInt32BE(1);
    assert.equal(reply.readUInt32BE(5 + hostKeyLen), ctBytes + 32);
  });
}

test('wrong C_INIT lengths are answered with a disconnect', async () => {
  const good = Buffer.concat([mlkemPublic(), x25519Public()]);
  await expectDisconnect('mlkem768x25519-sha256', good.subarray(0, good.length - 1), 'mlkem one byte short');
  await expectDisconnect('mlkem768x25519-sha256', Buffer.concat([good, Buffer.of(0)]), 'mlkem one byte long');
  await expectDisconnect('mlkem768x25519-sha256', Buffer.alloc(0), 'mlkem empty');
  await expectDisconnect('mlkem768x25519-sha256', x25519Public(), 'mlkem X25519 only');
  const sn = Buffer.concat([sntrupPublic(), x25519Public()]);
  await expectDisconnect('sntrup761x25519-sha512', sn.subarray(1), 'sntrup761 one byte short');
  await expectDisconnect('sntrup761x25519-sha512@openssh.com', good, 'sntrup761 given an ML-KEM-sized key');
});

test('an ML-KEM encapsulation key that fails the modulus check is answered with a disconnect', async () => {
  const ek = mlkemPublic();
  // The first 12-bit coefficient becomes 4095 >= q = 3329: decode-then-encode no longer gives ek.
  ek[0] = 0xff;
  ek[1] |= 0x0f;
  await expectDisconnect('mlkem768x25519-sha256', Buffer.concat([ek, x25519Public()]), 'coefficient 4095');
  await expectDisconnect('mlkem768x25519-sha256', Buffer.concat([Buffer.alloc(1184, 0xff), x25519Public()]), 'all 0xff');
});

test('an all-zero X25519 key is answered with a disconnect (both hybrids)', async () => {
  await expectDisconnect('mlkem768x25519-sha256', Buffer.concat([mlkemPublic(), Buffer.alloc(32)]), 'mlkem + zero X25519');
  await expectDisconnect('sntrup761x25519-sha512', Buffer.concat([sntrupPublic(), Buffer.alloc(32)]), 'sntrup761 + zero X25519');
  // A point of small order (here 1) gives an all-zero shared secret as well.
  const one = Buffer.alloc(32);
  one[0] = 1;
  await expectDisconnect('mlkem768x25519-sha256', Buffer.concat([mlkemPublic(), one]), 'mlkem + X25519 point of order 1');
});

test('after all that the daemon still completes a normal key exchange', async () => {
  const r = await exchange('mlkem768x25519-sha256', Buffer.concat([mlkemPublic(), x25519Public()]));
  assert.ok(r.payloads.some((p) => p[0] === SSH_MSG_KEX_ECDH_REPLY));
  assert.equal(d.proc.exitCode, null);
});
