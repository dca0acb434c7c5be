// Issue 16: what one authenticated account may hold. A level-0 user cannot exhaust connections,
// channels or vtys, and a level-3 administrator always gets in.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client, ClientChannel } from 'ssh2';
import { adminTry } from '../../scripts/bench/attackers';
import { startDaemon, TestDaemon, tempDir } from '../helpers/daemon';
import { closed, keyClient } from '../helpers/key-client';
import { addKey, addUser, makeKey } from '../helpers/users';

let d: TestDaemon;
let opsKey: string;
let bobKey: string;
const clients: Client[] = [];

before(async () => {
  const keys = tempDir('wx3000-limits-');
  opsKey = makeKey(keys, 'ed25519', 'ops');
  bobKey = makeKey(keys, 'ed25519', 'bob');
  d = await startDaemon({ env: { WX3000_UNUSED_CONNECTION_MS: '8000' } });
  addUser(d.dataDir, 'ops', { level: 3 });
  addKey(d.dataDir, 'ops', opsKey);
  addUser(d.dataDir, 'bob', { level: 0 });
  addKey(d.dataDir, 'bob', bobKey);
});
after(async () => {
  for (const c of clients) c.end();
  await d.stop();
});

async function connect(user: string, key: string): Promise<Client> {
  const c = await keyClient(d.port, user, key);
  c.on('error', () => undefined);
  clients.push(c);
  return c;
}

/** A session channel with no shell or command on it (a refused subsystem leaves the channel open). */
function bareChannel(c: Client): Promise<string> {
  return new Promise((resolve) => c.subsys('none', (err) => resolve(err ? err.message : 'started')));
}

interface Shell {
  ch: ClientChannel;
  text: () => string;
  closed: () => boolean;
}

function shell(c: Client): Promise<Shell> {
  return new Promise((resolve, reject) =>
    c.shell({ term: 'vt100' }, (err, ch) => {
      if (err) return reject(err);
      let text = '';
      let gone = false;
      ch.on('data', (b: Buffer) => (text += b.toString()));
      ch.stderr.on('data', (b: Buffer) => (text += b.toString()));
      ch.on('close', () => (gone = true));
      resolve({ ch, text: () => text, closed: () => gone });
    }),
  );
}

async function until(cond: () => boolean, ms = 10000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return cond();
}

test('ten channels per connection (MaxSessions); the eleventh is refused, the connection goes on', async () => {
  const c = await connect('ops', opsKey);
  const answers: string[] = [];
  for (let i = 0; i < 11; i++) answers.push(await bareChannel(c));
  assert.deepEqual(answers.slice(0, 10), Array(10).fill('Unable to start subsystem: none'));
  assert.match(answers[10], /open failure|administratively prohibited/i);
  c.end();
  await closed(c);
});

test('64 idle connections of a level-0 user: 8 kept, the rest refused, and the unused ones closed later', async () => {
  // One after the other: at once, most would be refused before login by the per-source limit.
  const ok: Client[] = [];
  const refused: string[] = [];
  const gone = new Set<Client>();
  let most = 0;
  for (let i = 0; i < 64; i++) {
    try {
      const c = await connect('bob', bobKey);
      c.once('close', () => gone.add(c));
      ok.push(c);
    } catch (err) {
      refused.push(String(err));
    }
    most = Math.max(most, ok.filter((c) => !gone.has(c)).length);
  }
  // On a slow machine the first ones may already have been closed as unused: count those open at once.
  assert.equal(most, 8, refused.slice(0, 3).join('; '));
  assert.ok(refused.length >= 40, `${refused.length} refused`);
  assert.ok(refused.every((m) => /Too many connections for user bob|closed before ready/.test(m)), refused[0]);
  await until(() => /login refused: connection limit .*Too many connections for user bob/.test(d.stderr()));
  // The admin gets in meanwhile.
  const admin = await adminTry({ port: d.port, key: opsKey, user: 'ops', from: '127.0.0.1', command: 'display users' });
  assert.ok(admin.ok, admin.output);
  // No channel opened: each is closed after the unused-connection timeout.
  const all = await Promise.race([Promise.all(ok.map(closed)).then(() => true), new Promise((r) => setTimeout(() => r(false), 20000))]);
  assert.equal(all, true, 'unused connections closed');
  assert.match(d.stderr(), /unused connection closed .*user=bob/);
});

test('a level-0 user holds at most four vtys; the fifth is kept for level 3, which gets in by exec and by shell', async () => {
  const shells: Shell[] = [];
  for (let i = 0; i < 5; i++) {
    const c = await connect('bob', bobKey);
    shells.push(await shell(c));
  }
  assert.ok(await until(() => shells.slice(0, 4).every((s) => s.text().includes('<WX3000>'))), 'four prompts');
  assert.ok(await until(() => shells[4].text().includes('All user interfaces are used')), shells[4].text());
  const exec = await adminTry({ port: d.port, key: opsKey, user: 'ops', from: '127.0.0.1', command: 'display users' });
  assert.ok(exec.ok, exec.output);
  assert.match(exec.output, /^\+ 5   VTY 4   00:00:00 SSH  3\r?$/m);
  const admin = await connect('ops', opsKey);
  const sh = await shell(admin);
  assert.ok(await until(() => sh.text().includes('<WX3000>')), sh.text());
  sh.ch.write('free user-interface vty 0\r');
  assert.ok(await until(() => /\[Y\/N\]:$/.test(sh.text())), sh.text());
  sh.ch.write('y\r');
  assert.ok(await until(() => shells[0].closed()), `vty 0 freed: ${sh.text()}`);
});
