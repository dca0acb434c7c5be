// The RADIUS packet checks and the exchange's matching rules. A small UDP peer on loopback plays
// the server's misbehaviours that a real FreeRADIUS will not produce on demand (forged or mangled
// replies); test/e2e/radius.test.ts talks to the real one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import * as dgram from 'node:dgram';
import { accessRequest, ATTR, checkReply, CODE, decode, hidePassword } from '../../src/auth/radius/packet';
import { exchange } from '../../src/auth/radius/exchange';
import { levelFromReply } from '../../src/auth/radius/client';

const SECRET = Buffer.from('s3cret');

/** A reply as a server builds it: Message-Authenticator (optional), then the Response Authenticator. */
function reply(code: number, id: number, requestAuth: Buffer, secret: Buffer, attrs: Buffer[], withMa: boolean): Buffer {
  const body = Buffer.concat([...(withMa ? [Buffer.concat([Buffer.from([ATTR.messageAuthenticator, 18]), Buffer.alloc(16)])] : []), ...attrs]);
  const buf = Buffer.concat([Buffer.from([code, id, 0, 0]), requestAuth, body]);
  buf.writeUInt16BE(buf.length, 2);
  if (withMa) createHmac('md5', secret).update(buf).digest().copy(buf, 22);
  createHash('md5').update(buf).update(secret).digest().copy(buf, 4);
  return buf;
}

function vsa(vendor: number, type: number, value: number): Buffer {
  const b = Buffer.alloc(12);
  b[0] = ATTR.vendorSpecific;
  b[1] = 12;
  b.writeUInt32BE(vendor, 2);
  b[6] = type;
  b[7] = 6;
  b.writeUInt32BE(value, 8);
  return b;
}

test('an Access-Request hides the password (RFC 2865 §5.2) and carries a valid Message-Authenticator first', () => {
  const { buf, authenticator } = accessRequest(7, SECRET, 'bob', 'pw', []);
  const p = decode(buf);
  assert.equal(p.code, CODE.accessRequest);
  assert.equal(p.id, 7);
  assert.equal(p.attributes[0].type, ATTR.messageAuthenticator);
  const copy = Buffer.from(buf);
  copy.fill(0, 22, 38);
  assert.deepEqual(createHmac('md5', SECRET).update(copy).digest(), p.attributes[0].value);
  const hidden = p.attributes.find((a) => a.type === ATTR.userPassword)!.value;
  assert.equal(hidden.length, 16);
  const b = createHash('md5').update(SECRET).update(authenticator).digest();
  assert.equal(Buffer.from(hidden.map((x, i) => x ^ b[i])).toString('utf8').replace(/\0+$/, ''), 'pw');
  assert.deepEqual(hidePassword('pw', SECRET, authenticator), hidden);
  // Two requests never share an authenticator.
  assert.notDeepEqual(accessRequest(7, SECRET, 'bob', 'pw', []).authenticator, authenticator);
});

test('replies: a good one passes; a wrong secret, a mangled Message-Authenticator or a missing required one fail', () => {
  const ra = accessRequest(1, SECRET, 'bob', 'pw', []).authenticator;
  assert.equal(checkReply(reply(CODE.accessAccept, 1, ra, SECRET, [], true), ra, SECRET, true).ok, true);
  assert.equal(checkReply(reply(CODE.accessAccept, 1, ra, SECRET, [], false), ra, SECRET, false).ok, true);
  assert.deepEqual(checkReply(reply(CODE.accessAccept, 1, ra, Buffer.from('other'), [], true), ra, SECRET, false), { ok: false, reason: 'bad response authenticator' });
  assert.deepEqual(checkReply(reply(CODE.accessAccept, 1, ra, SECRET, [], false), ra, SECRET, true), { ok: false, reason: 'no message authenticator' });
  // Message-Authenticator wrong but the Response Authenticator recomputed over it: still refused.
  const bad = reply(CODE.accessAccept, 1, ra, SECRET, [], true);
  bad[30] ^= 1;
  bad.set(ra, 4);
  createHash('md5').update(bad).update(SECRET).digest().copy(bad, 4);
  assert.deepEqual(checkReply(bad, ra, SECRET, false), { ok: false, reason: 'bad message authenticator' });
  assert.equal(checkReply(Buffer.from([2, 1, 0, 200]), ra, SECRET, false).ok, false);
});

test('the level: H3C-Exec-Privilege first, else 3Com-User-Access-Level, clamped to 3; neither gives 0', () => {
  const attrs = (...b: Buffer[]) => decode(reply(CODE.accessAccept, 1, Buffer.alloc(16), SECRET, b, false)).attributes;
  assert.equal(levelFromReply(attrs(vsa(25506, 29, 2))), 2);
  assert.equal(levelFromReply(attrs(vsa(43, 1, 1))), 1);
  assert.equal(levelFromReply(attrs(vsa(43, 1, 1), vsa(25506, 29, 3))), 3);
  assert.equal(levelFromReply(attrs(vsa(25506, 29, 33))), 3);
  assert.equal(levelFromReply(attrs(vsa(25506, 28, 2))), 0);
  assert.equal(levelFromReply(attrs()), 0);
});

test('the exchange ignores replies with another identifier or a bad authenticator, and takes the good one', async () => {
  const server = dgram.createSocket('udp4');
  await new Promise<void>((r) => server.bind(0, '127.0.0.1', () => r()));
  server.on('message', (msg, rinfo) => {
    const id = msg[1];
    const ra = Buffer.from(msg.subarray(4, 20));
    const send = (b: Buffer) => server.send(b, rinfo.port, rinfo.address);
    send(reply(CODE.accessAccept, (id + 1) % 256, ra, SECRET, [], true));
    send(reply(CODE.accessAccept, id, ra, Buffer.from('forged'), [], true));
    setTimeout(() => send(reply(CODE.accessReject, id, ra, SECRET, [], true)), 20);
  });
  try {
    const target = { host: '127.0.0.1', port: server.address().port, secret: SECRET };
    const r = await exchange(target, (id) => accessRequest(id, SECRET, 'bob', 'pw', []), {
      timeoutMs: 2000,
      tries: 1,
      deadline: Date.now() + 5000,
      requireMessageAuthenticator: true,
    });
    assert.equal(r.kind, 'reply');
    assert.equal(r.kind === 'reply' && r.packet.code, CODE.accessReject);
  } finally {
    server.close();
  }
});

test('a silent server: the request is sent `retry` times, then no answer; the deadline cuts it short', async () => {
  const server = dgram.createSocket('udp4');
  await new Promise<void>((r) => server.bind(0, '127.0.0.1', () => r()));
  let got = 0;
  const ids = new Set<number>();
  server.on('message', (msg) => {
    got++;
    ids.add(msg[1]);
  });
  try {
    const target = { host: '127.0.0.1', port: server.address().port, secret: SECRET };
    const build = (id: number) => accessRequest(id, SECRET, 'bob', 'pw', []);
    const r = await exchange(target, build, { timeoutMs: 50, tries: 3, deadline: Date.now() + 10000, requireMessageAuthenticator: false });
    assert.deepEqual(r, { kind: 'timeout', sent: 3, bad: 0, reasons: [] });
    await new Promise((res) => setTimeout(res, 50));
    assert.equal(got, 3);
    assert.equal(ids.size, 1, 'retransmissions repeat the identifier');
    const cut = await exchange(target, build, { timeoutMs: 10000, tries: 3, deadline: Date.now() + 50, requireMessageAuthenticator: false });
    assert.equal(cut.kind === 'timeout' && cut.sent, 1);
  } finally {
    server.close();
  }
});
