// Issue 16 item 3: management ACLs on the vtys, against the real daemon from loopback addresses.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client, ClientChannel } from 'ssh2';
import { adminTry } from '../../scripts/bench/attackers';
import { rawExchange } from '../helpers/raw';
import { startDaemon, TestDaemon, tempDir } from '../helpers/daemon';
import { keyClient } from '../helpers/key-client';
import { addKey, addUser, makeKey } from '../helpers/users';

let d: TestDaemon;
let key: string;
const clients: Client[] = [];

before(async () => {
  key = makeKey(tempDir('wx3000-acl-'), 'ed25519');
  d = await startDaemon();
  addUser(d.dataDir, 'ops', { level: 3 });
  addKey(d.dataDir, 'ops', key);
});
after(async () => {
  for (const c of clients) c.end();
  await d.stop();
});

/** A shell from `from`; type() sends a line and resolves with the output up to the next prompt. */
async function shell(from: string) {
  const c = await keyClient(d.port, 'ops', key, from);
  c.on('error', () => undefined);
  clients.push(c);
  const ch = await new Promise<ClientChannel>((resolve, reject) => c.shell({ term: 'vt100' }, (err, s) => (err ? reject(err) : resolve(s))));
  let out = '';
  ch.on('data', (b: Buffer) => (out += b.toString()));
  const waitFor = async (re: RegExp) => {
    for (let i = 0; i < 200 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    const text = out;
    out = '';
    assert.match(text, re);
    return text;
  };
  await waitFor(/<WX3000>$/);
  return {
    type: (line: string, until = /[>\]]$/) => {
      ch.write(line + '\r');
      return waitFor(until);
    },
  };
}

const ssh = (from: string, command = 'display clock') => adminTry({ port: d.port, key, user: 'ops', from, command });

test('acl 2000 inbound: a denied source is closed at accept before any SSH byte; a permitted one logs in; matches are counted', async () => {
  const s = await shell('127.0.0.1');
  await s.type('screen-length disable');
  await s.type('system-view');
  await s.type('acl number 2000');
  await s.type('rule permit source 127.0.0.0 0.0.0.3');
  await s.type('rule deny source 127.0.0.0 0.0.0.255');
  await s.type('quit');
  await s.type('user-interface vty 0 4');
  assert.doesNotMatch(await s.type('acl 2000 inbound'), /Warning/, 'the own address stays permitted');
  await s.type('return');

  const denied = await rawExchange(d.port, { localAddress: '127.0.0.7', timeoutMs: 3000 });
  assert.ok(denied.closed, 'closed');
  assert.equal(denied.data.length, 0, 'not even the identification was sent');
  const elsewhere = await rawExchange(d.port, { localAddress: '127.0.9.7', timeoutMs: 3000 });
  assert.ok(elsewhere.closed && elsewhere.data.length === 0, 'no rule matches: denied');
  assert.ok((await ssh('127.0.0.1')).ok, 'permitted');

  const shown = await s.type('display acl 2000');
  assert.match(shown, /Basic ACL {2}2000, named -none-, 2 rules,\r\nACL's step is 5\r\n/);
  assert.match(shown, /^ rule 0 permit source 127\.0\.0\.0 0\.0\.0\.3 \(\d+ times? matched\)\r$/m);
  assert.match(shown, /^ rule 5 deny source 127\.0\.0\.0 0\.0\.0\.255 \(1 time matched\)\r$/m);
  const all = await s.type('display acl all');
  assert.match(all, /Basic ACL {2}2000/);
  const config = await s.type('display current-configuration');
  assert.match(config, /#\r\nacl number 2000\r\n rule 0 permit source 127\.0\.0\.0 0\.0\.0\.3\r\n rule 5 deny source 127\.0\.0\.0 0\.0\.0\.255\r\n#/);
  assert.match(config, /user-interface vty 0 4\r\n acl 2000 inbound\r\n/);
});

test('a change that would deny your own address warns first; declined, nothing changes; accepted, only new connections are refused', async () => {
  const s = await shell('127.0.0.2');
  await s.type('system-view');
  await s.type('acl number 2000');
  // Narrowing rule 0 to 127.0.0.1 leaves this session's 127.0.0.2 to rule 5 (deny).
  const warned = await s.type('rule 0 permit source 127.0.0.1 0', /\[Y\/N\]:$/);
  assert.match(warned, /Warning: This change will deny new logins from your address 127\.0\.0\.2; current logins are not affected\./);
  await s.type('n');
  assert.ok((await ssh('127.0.0.2')).ok, 'declined: still permitted');
  await s.type('rule 0 permit source 127.0.0.1 0', /\[Y\/N\]:$/);
  await s.type('y');
  const refused = await rawExchange(d.port, { localAddress: '127.0.0.2', timeoutMs: 3000 });
  assert.ok(refused.closed && refused.data.length === 0, 'new connections from 127.0.0.2 refused');
  assert.match(await s.type('display this'), /rule 0 permit source 127\.0\.0\.1 0/, 'the current session goes on');
  await s.type('rule 1 permit source 127.0.0.2 0');
  assert.ok((await ssh('127.0.0.2')).ok, 'permitted again');
  await s.type('quit');
  await s.type('user-interface vty 0 4');
  await s.type('undo acl inbound');
  assert.ok((await ssh('127.0.9.9')).ok, 'no ACL applied: no restriction');
});
