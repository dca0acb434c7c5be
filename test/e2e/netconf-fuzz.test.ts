// The daemon against hostile NETCONF peers over a real SSH channel (ssh2 client): 10^4 random and
// truncated messages, broken chunk framing, and a 100 MB message, with the daemon's memory watched.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Client, ClientChannel } from 'ssh2';
import { passwordClient } from '../helpers/raw-ssh';
import { rng } from '../helpers/rng';
import { ADMIN_PW, NetconfDaemon, startNetconfDaemon } from './netconf-fixture';

const BASE = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const EOM = ']]>]]>';
let s: NetconfDaemon;
let client: Client;

before(async () => {
  s = await startNetconfDaemon();
  client = await passwordClient(s.port, 'admin', ADMIN_PW);
});
after(async () => {
  client?.end();
  await s?.stop();
});

/** A NETCONF channel that counts the server's end-of-message framed replies. */
class Channel {
  text = '';
  closed = false;
  constructor(readonly ch: ClientChannel) {
    ch.on('data', (d: Buffer) => {
      this.text += d.toString('latin1');
      // Keep only what the checks read: the count of delimiters and the tail.
      if (this.text.length > 1 << 20) this.text = this.text.slice(-(1 << 16));
    });
    ch.on('close', () => (this.closed = true));
  }
  static open(c: Client): Promise<Channel> {
    return new Promise((resolve, reject) => c.subsys('netconf', (err, ch) => (err ? reject(err) : resolve(new Channel(ch)))));
  }
  async write(b: string | Buffer): Promise<void> {
    if (!this.ch.write(b)) await new Promise((r) => this.ch.once('drain', r));
  }
  async waitFor(pred: () => boolean, what: string, ms = 60000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error(`timeout: ${what}: ${this.text.slice(-500)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0);
}

const hello10 = `<hello xmlns="${BASE}"><capabilities><capability>urn:ietf:params:netconf:base:1.0</capability></capabilities></hello>${EOM}`;
const TEMPLATES = [
  `<rpc message-id="1" xmlns="${BASE}"><get><filter type="subtree"><top xmlns="http://www.hp.com/netconf/data:1.0"><Device><Base/></Device></top></filter></get></rpc>`,
  `<rpc message-id="2" xmlns="${BASE}"><get-config><source><running/></source></get-config></rpc>`,
  `<rpc message-id="3" xmlns="${BASE}"><lock><target><running/></target></lock></rpc>`,
  `<?xml version="1.0"?><rpc message-id="4" xmlns="${BASE}"><get-sessions/></rpc>`,
];

test('10^4 random and truncated messages: one reply each, the session still answers, the daemon lives', { timeout: 240000 }, async () => {
  const nc = await Channel.open(client);
  await nc.write(hello10);
  await nc.waitFor(() => nc.text.includes('</hello>]]>]]>'), 'server hello');
  nc.text = '';
  const rand = rng(22);
  const N = 10_000;
  let replies = 0;
  const count = () => (replies += nc.text.split(EOM).length - 1) && (nc.text = nc.text.slice(nc.text.lastIndexOf(EOM) + EOM.length));
  for (let i = 0; i < N; i++) {
    let msg: string;
    const t = TEMPLATES[Math.floor(rand() * TEMPLATES.length)];
    switch (i % 3) {
      case 0: // random bytes (never a `]`, so never a delimiter)
        msg = Buffer.from(Array.from({ length: Math.floor(rand() * 200) }, () => Math.floor(rand() * 256)).map((b) => (b === 0x5d ? 0x20 : b))).toString('latin1');
        break;
      case 1: // a valid request cut short
        msg = t.slice(0, Math.floor(rand() * t.length));
        break;
      default: // a valid request with a few bytes changed
        msg = [...t].map((c) => (rand() < 0.03 ? String.fromCharCode(32 + Math.floor(rand() * 90)) : c)).join('').replace(/\]/g, '_');
    }
    await nc.write(Buffer.from(msg + EOM, 'latin1'));
    if (i % 500 === 0) count();
  }
  await nc.waitFor(() => {
    count();
    return replies >= N;
  }, `replies (${replies} of ${N})`, 180000);
  assert.equal(replies, N);
  await nc.write(TEMPLATES[1] + EOM);
  await nc.waitFor(() => /<HostName>WX3000<\/HostName>[\s\S]*\]\]>\]\]>$/.test(nc.text), 'answer after the fuzz');
  assert.equal(s.d.proc.exitCode, null);
  nc.ch.end();
});

test('broken chunked framing: the session ends with malformed-message; other sessions and the daemon go on', { timeout: 60000 }, async () => {
  const rand = rng(7);
  for (let i = 0; i < 20; i++) {
    const nc = await Channel.open(client);
    await nc.write(hello10.replace('</capabilities>', '<capability>urn:ietf:params:netconf:base:1.1</capability></capabilities>'));
    const junk = Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 64) }, () => Math.floor(rand() * 256)));
    junk[0] = 0x41; // never a valid chunk start
    await nc.write(junk);
    await nc.waitFor(() => nc.closed, 'session closed');
    assert.match(nc.text, /malformed-message/);
  }
  const r = await s.ssh('admin', ADMIN_PW, ['127.0.0.1', 'display version']);
  assert.equal(r.status, 0);
});

test('a 100 MB message is dropped as it streams: too-big, the session goes on, memory stays bounded', { timeout: 180000 }, async (t) => {
  const nc = await Channel.open(client);
  await nc.write(hello10);
  await nc.waitFor(() => nc.text.includes('</hello>]]>]]>'), 'server hello');
  nc.text = '';
  const pid = s.d.proc.pid!;
  const before = rssKiB(pid);
  let peak = before;
  const block = Buffer.alloc(1 << 20, 'x');
  await nc.write(`<rpc message-id="big" xmlns="${BASE}"><get><filter>`);
  for (let i = 0; i < 100; i++) {
    await nc.write(block);
    if (i % 5 === 0) peak = Math.max(peak, rssKiB(pid));
  }
  await nc.write(`</filter></get></rpc>${EOM}`);
  await nc.waitFor(() => nc.text.includes(EOM), 'too-big reply');
  peak = Math.max(peak, rssKiB(pid));
  assert.match(nc.text, /<error-tag>too-big<\/error-tag>/);
  t.diagnostic(`daemon RSS ${Math.round(before / 1024)} MB before, peak ${Math.round(peak / 1024)} MB`);
  // 100 MB went through; the daemon grew by far less than that.
  assert.ok(peak - before < 64 * 1024, `daemon RSS grew ${Math.round((peak - before) / 1024)} MB (from ${Math.round(before / 1024)} MB)`);
  nc.text = '';
  await nc.write(TEMPLATES[1] + EOM);
  await nc.waitFor(() => /<HostName>/.test(nc.text), 'answer after the big message');
  nc.ch.end();
});
