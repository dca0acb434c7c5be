// NETCONF over SSH end to end with real clients: ncclient (as pyhpecw7 drives it) on the NETCONF
// port, OpenSSH's `ssh -s netconf` on the main port, and the CLI seeing what NETCONF changed.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { ROOT, sshBaseArgs } from '../helpers/daemon';
import { PtySsh } from '../helpers/pty-ssh';
import { passwordEnv } from '../helpers/users';
import { PYTHON, requires } from '../helpers/require-tool';
import { run } from '../interop/fixture';
import { ADMIN_PW, GUEST_PW, NetconfDaemon, startNetconfDaemon, VIEWER_PW } from './netconf-fixture';

const ncclient = requires('python3:ncclient');
let s: NetconfDaemon;

before(async () => {
  if (ncclient.available) s = await startNetconfDaemon();
});
after(async () => {
  await s?.stop();
});

const tag = (e: unknown) => (e as { tag?: string } | null)?.tag;

/** `display logbuffer` once it shows `re`: the daemon's logger writes the buffer asynchronously. */
async function logbuffer(re: RegExp): Promise<string> {
  let out = '';
  for (let i = 0; i < 20 && !re.test(out); i++) {
    if (i) await new Promise((r) => setTimeout(r, 250));
    out = (await s.ssh('admin', ADMIN_PW, ['127.0.0.1', 'display logbuffer'])).stdout;
  }
  return out;
}

ncclient.test('NETCONF over SSH is enabled from the CLI and shown by display netconf service and the configuration', { timeout: 60000 }, async () => {
  const r = await s.ssh('admin', ADMIN_PW, ['127.0.0.1', 'display netconf service']);
  assert.match(r.stdout, new RegExp(`NETCONF over SSH: Enabled \\(port ${s.ncPort}\\)`));
  const cfg = await s.ssh('admin', ADMIN_PW, ['127.0.0.1', 'display current-configuration']);
  assert.match(cfg.stdout, / netconf ssh server enable\r?\n/);
  assert.match(cfg.stdout, new RegExp(` netconf ssh server port ${s.ncPort}`));
});

ncclient.test('ncclient (hpcomware and h3c handlers) on the NETCONF port: capabilities, get-config HostName, get Device/Base', { timeout: 60000 }, async () => {
  for (const device of ['hpcomware', 'h3c']) {
    const o = await s.nc('capabilities', [device]);
    assert.ok(o.ok, String(o.error));
    const caps = o.capabilities as string[];
    for (const c of ['urn:ietf:params:netconf:base:1.0', 'urn:ietf:params:netconf:base:1.1', 'urn:hp:params:netconf:capability:hp-netconf-ext:1.0']) assert.ok(caps.includes(c), c);
    assert.match(String(o.hostname), /<top xmlns="http:\/\/www.hp.com\/netconf\/config:1.0"><Device><Base><HostName>WX3000<\/HostName><\/Base><\/Device><\/top>/);
    assert.match(String(o.get), /<HostName>WX3000<\/HostName><LocalTime>[0-9T:-]+<\/LocalTime><Uptime>\d+<\/Uptime>/);
  }
});

ncclient.test('ncclient via the main port, and OpenSSH `ssh -s netconf` there (end-of-message framing); no shell on the NETCONF port', { timeout: 60000 }, async () => {
  const o = await s.nc('connect', [], 'admin', ADMIN_PW, s.port);
  assert.ok(o.ok, String(o.error));
  const hello = '<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities><capability>urn:ietf:params:netconf:base:1.0</capability></capabilities></hello>]]>]]>';
  const rpc = (id: number, body: string) => `<rpc message-id="${id}" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">${body}</rpc>]]>]]>`;
  const r = await s.ssh('admin', ADMIN_PW, ['-s', '127.0.0.1', 'netconf'], hello + rpc(1, '<get-config><source><running/></source></get-config>') + rpc(2, '<close-session/>'));
  assert.equal(r.status, 0, r.stderr);
  const msgs = r.stdout.split(']]>]]>');
  assert.match(msgs[0], /<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities>.*<session-id>\d+<\/session-id><\/hello>/);
  assert.match(msgs[1], /<rpc-reply [^>]*message-id="1"><data><top xmlns="http:\/\/www.hp.com\/netconf\/config:1.0"><Device><Base><HostName>/);
  assert.match(msgs[2], /message-id="2"><ok\/><\/rpc-reply>/);
  const shell = await run('ssh', [...sshBaseArgs(s.ncPort), '-o', 'PubkeyAuthentication=no', 'admin@127.0.0.1', 'display version'], { env: passwordEnv(s.tmp, ADMIN_PW) });
  assert.notEqual(shell.status, 0, 'no exec on the NETCONF port');
  assert.doesNotMatch(shell.stdout, /WX3000/);
});

ncclient.test('edit-config renames the device: an open CLI session\'s prompt and display current-configuration follow', { timeout: 60000 }, async () => {
  const sh = new PtySsh([...sshBaseArgs(s.port), '-o', 'PubkeyAuthentication=no', 'admin@127.0.0.1'], passwordEnv(s.tmp, ADMIN_PW));
  try {
    await sh.waitFor(/<WX3000>$/);
    const o = await s.nc('rename', ['NC-RENAMED']);
    assert.ok(o.ok, String(o.error));
    assert.match(String(o.edit), /<ok\/>/);
    assert.match(String(o.hostname), /<HostName>NC-RENAMED<\/HostName>/);
    const mark = sh.mark;
    sh.write('\r');
    await sh.waitFor(/<NC-RENAMED>$/, 15000, mark);
    sh.write('display current-configuration | include sysname\r');
    await sh.waitFor(/ sysname NC-RENAMED[\s\S]*<NC-RENAMED>$/, 15000, mark);
    const re = /NETCONF\/6\/CMD: admin\(netconf\d+\) edit-config Device\/Base merge HostName=NC-RENAMED/;
    assert.match(await logbuffer(re), re);
  } finally {
    sh.kill();
    await s.nc('rename', ['WX3000']);
  }
});

ncclient.test('edit-config creates a local user who then logs in over SSH', { timeout: 60000 }, async () => {
  const o = await s.nc('create-user', ['carol', 'Carol-Pw-2024!', '2']);
  assert.ok(o.ok, String(o.error));
  assert.match(String(o.edit), /<ok\/>/);
  assert.match(String(o.user), /<User><Name>carol<\/Name><Level>2<\/Level><ServiceType>ssh<\/ServiceType><State>active<\/State><\/User>/);
  assert.doesNotMatch(String(o.user), /Password/);
  assert.equal(tag(o.duplicate), 'data-exists');
  const r = await s.ssh('carol', 'Carol-Pw-2024!', ['127.0.0.1', 'display users']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /User name: carol/);
  const cfg = await s.ssh('admin', ADMIN_PW, ['127.0.0.1', 'display current-configuration']);
  assert.match(cfg.stdout, /local-user carol\r?\n password hash \$scrypt\$/);
});

ncclient.test('rollback-on-error undoes a rename and a new user when a later change fails', { timeout: 60000 }, async () => {
  const o = await s.nc('rollback');
  assert.equal(tag(o.error), 'data-missing', JSON.stringify(o));
  assert.match(String(o.after), /<HostName>WX3000<\/HostName>/);
  assert.doesNotMatch(String(o.after), /dave/);
  assert.match(await logbuffer(/edit-config rolled back/), /edit-config rolled back/);
});

ncclient.test('CLI Execution returns display version in CDATA; CLI Configuration runs system-view lines', { timeout: 60000 }, async () => {
  const o = await s.nc('cli');
  assert.ok(o.ok, String(o.error));
  // pyhpecw7 takes the text between `CDATA[` and `]]`.
  const text = /CDATA\[([\s\S]*?)\]\]/.exec(String(o.execution))?.[1] ?? '';
  assert.match(text, /WX3000 Unified Switch Software Version/);
  assert.match(String(o.configuration), /<CLI><Configuration><!\[CDATA\[[\s\S]*\]\]><\/Configuration><\/CLI>/);
  assert.doesNotMatch(String(o.configuration), /%/);
});

ncclient.test('levels 1-2 read but may not edit, lock or run CLI; level 0 is refused at the subsystem', { timeout: 60000 }, async () => {
  const o = await s.nc('read-only', [], 'viewer', VIEWER_PW);
  assert.ok(o.ok, String(o.error));
  assert.match(String(o.get), /<HostName>/);
  for (const k of ['edit', 'lock', 'cli']) assert.equal(tag(o[k]), 'access-denied', k);
  const g = await s.nc('connect', [], 'guest', GUEST_PW);
  assert.equal(g.ok, false);
  assert.match(await logbuffer(/NETCONF session refused: level 0/), /NETCONF session refused: level 0/);
});

ncclient.test('a lock blocks a second session and the CLI until unlocked; sessions show in display users and free ends one', { timeout: 90000 }, async () => {
  const p = spawn(PYTHON, [path.join(ROOT, 'test/e2e/netconf_client.py'), 'hold-lock', String(s.ncPort), 'admin', ADMIN_PW], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let buf = '';
  let err = '';
  p.stdout.on('data', (d) => {
    buf += d;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      lines.push(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
    }
  });
  p.stderr.on('data', (d) => (err += d));
  const exited = new Promise<void>((r) => p.once('close', () => r()));
  const nextLine = async (n: number) => {
    const deadline = Date.now() + 30000;
    while (lines.length < n) {
      if (p.exitCode !== null || Date.now() > deadline) throw new Error(`hold-lock: ${lines.join('\n')} ${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return JSON.parse(lines[n - 1]) as Record<string, unknown>;
  };
  try {
    const held = await nextLine(1);
    const r = await s.cli(['system-view', 'sysname LOCKED-OUT', 'quit', 'quit']);
    assert.match(r.stdout, new RegExp(`% The configuration is locked by NETCONF ${held.locked}; try again later\\.`));
    const users = await s.ssh('admin', ADMIN_PW, ['127.0.0.1', 'display users']);
    assert.match(users.stdout, new RegExp(`NETCONF ${held.locked} +\\d\\d:\\d\\d:\\d\\d NETCONF 3`));
    p.stdin.write('go\n');
    const relocked = await nextLine(2);
    // The second session now holds the lock; freeing it releases the lock at once.
    const freed = await s.cli([`free user-interface netconf ${relocked.relocked}`, 'Y', 'quit']);
    assert.match(freed.stdout, /\[OK\]/);
    const ok = await s.cli(['system-view', 'sysname WX3000', 'quit', 'quit']);
    assert.doesNotMatch(ok.stdout, /locked/);
    p.stdin.write('go\n');
    await exited;
    const o = JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
    assert.ok(o.ok, String(o.error));
    assert.equal(tag(o.second_lock), 'lock-denied');
    assert.equal(tag(o.second_edit), 'lock-denied');
    assert.match(String(o.sessions), /<LockHeld>true<\/LockHeld>/);
    assert.match(String(o.after_unlock), /<ok\/>/);
  } finally {
    p.kill('SIGKILL');
  }
});
