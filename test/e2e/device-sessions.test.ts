// The session commands against a running daemon and real OpenSSH clients: display users,
// display ssh server session, send, free user-interface.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as dgram from 'node:dgram';
import { spawnSync } from 'node:child_process';
import { BIN, runSsh, sshBaseArgs, startDaemon, TestDaemon, tempDir } from '../helpers/daemon';
import { PtySsh } from '../helpers/pty-ssh';
import { addUser, passwordEnv } from '../helpers/users';

const PW = 'Dev1ce-pass';
let d: TestDaemon;
let tmp: string;

before(async () => {
  tmp = tempDir('wx3000-devsess-');
  d = await startDaemon();
  addUser(d.dataDir, 'ops', { password: PW, level: 3 });
  addUser(d.dataDir, 'bob', { password: PW, level: 1 });
});
after(async () => {
  await d.stop();
});

function shell(user: string): PtySsh {
  return new PtySsh(
    [...sshBaseArgs(d.port), '-o', 'PubkeyAuthentication=no', '-o', 'NumberOfPasswordPrompts=1', `${user}@127.0.0.1`],
    passwordEnv(tmp, PW),
  );
}

/** Types one line and waits for the next prompt; what came meanwhile. */
async function runLine(s: PtySsh, line: string): Promise<string> {
  const m = s.mark;
  s.write(line + '\r');
  return s.waitFor(/[>\]]$/, 15000, m);
}

test('display users, display ssh server session, send and free between two live sessions', async () => {
  const a = shell('ops');
  await a.waitFor(/<WX3000>$/);
  const b = shell('bob');
  try {
    await b.waitFor(/<WX3000>$/);
    let m = a.mark;
    a.write('display users\r');
    const users = await a.waitFor(/<WX3000>$/, 15000, m);
    assert.match(users, /\+ 1   VTY 0   \d\d:\d\d:\d\d SSH  3/);
    assert.match(users, /\n  2   VTY 1   \d\d:\d\d:\d\d SSH  1/);
    assert.match(users, /VTY 1   :\r\n        User name: bob\r\n        Location: 127\.0\.0\.1/);

    m = a.mark;
    a.write('display ssh server session\r');
    const sess = await a.waitFor(/<WX3000>$/, 15000, m);
    assert.match(sess, / Conn {6}Ver  Encry {5}State {8}Retry  SerType  Username/);
    assert.match(sess, / VTY 0 {5}2\.0 .*ops/);
    assert.match(sess, / VTY 1 {5}2\.0 .*bob/);

    m = a.mark;
    a.write('send vty 1\r');
    await a.waitFor(/abort with CTRL\+C:$/, 15000, m);
    const mb = b.mark;
    a.write('maintenance at noon\r');
    await a.waitFor(/<WX3000>$/, 15000, m);
    const msg = await b.waitFor(/maintenance at noon/, 15000, mb);
    assert.match(msg, /Message from vty0 to vty1/);

    m = a.mark;
    a.write('free user-interface vty 0\r');
    assert.match(await a.waitFor(/<WX3000>$/, 15000, m), /% The current user interface cannot be freed\./);
    m = a.mark;
    a.write('free user-interface vty 1\r');
    await a.waitFor(/Are you sure to free user-interface vty1\? \[Y\/N\]:$/, 15000, m);
    a.write('y\r');
    assert.match(await a.waitFor(/<WX3000>$/, 15000, m), /\[OK\]/);
    await b.waitExit();
  } finally {
    a.kill();
    b.kill();
  }
});

test('sessions follow their account: a level change reaches the live session; deleting or blocking ends it at once', async () => {
  addUser(d.dataDir, 'carl', { password: PW, level: 1 });
  addUser(d.dataDir, 'dora', { password: PW, level: 1 });
  const a = shell('ops');
  const c = shell('carl');
  const e = shell('dora');
  const run = (line: string) => runLine(a, line);
  try {
    await a.waitFor(/<WX3000>$/);
    await c.waitFor(/<WX3000>$/);
    await e.waitFor(/<WX3000>$/);
    await run('screen-length disable');
    await run('system-view');
    // carl is re-levelled: told on his screen, and system-view (level 2) works for him at once.
    let mc = c.mark;
    await run('local-user carl');
    await run('authorization-attribute level 2');
    await c.waitFor(/% The privilege level of user carl was changed to 2 by ops\(vty\d\)\./, 15000, mc);
    mc = c.mark;
    c.write('system-view\r');
    await c.waitFor(/\[WX3000\]$/, 15000, mc);
    // dora is blocked, carl deleted: each session ends with the reason, well before a generous deadline.
    await run('local-user dora');
    const blocked = Date.now();
    await run('state block');
    await e.waitFor(/% The user account dora was blocked by ops\(vty\d\)\. The session is closed\./);
    await e.waitExit(5000);
    assert.ok(Date.now() - blocked < 5000, 'ended at once');
    await run('quit');
    const deleted = Date.now();
    const out = await run('undo local-user carl');
    assert.doesNotMatch(out, /% /);
    await c.waitFor(/% The user account carl was deleted by ops\(vty\d\)\. The session is closed\./);
    await c.waitExit(5000);
    assert.ok(Date.now() - deleted < 5000, 'ended at once');
    // Audited: the daemon's log says what ended and who did it.
    assert.match(d.stderr(), /session ended: account deleted .*user=carl by=ops\(vty\d\)/);
    assert.match(d.stderr(), /session ended: account blocked .*user=dora/);
    assert.match(d.stderr(), /session level changed with the account .*user=carl from=1 to=2/);
    // The log buffer is written behind the log line: look until it is there.
    let logbuffer = '';
    for (let i = 0; i < 50 && !/ACCOUNT_CHANGED: session ended: account deleted/.test(logbuffer); i++) logbuffer = await run('display logbuffer');
    assert.match(logbuffer, /SHELL\/6\/ACCOUNT_CHANGED: session ended: account deleted/);
  } finally {
    a.kill();
    c.kill();
    e.kill();
  }
});

test('wx3000 user del of a logged-in user ends the session through the running daemon', async () => {
  addUser(d.dataDir, 'gone', { password: PW, level: 1 });
  const g = shell('gone');
  try {
    await g.waitFor(/<WX3000>$/);
    const r = spawnSync(process.execPath, [BIN, 'user', 'del', 'gone', '--data-dir', d.dataDir], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    await g.waitFor(/% The user account gone was deleted by an offline tool\. The session is closed\./);
    await g.waitExit(5000);
  } finally {
    g.kill();
  }
});

test('terminal monitor shows another user\'s login, a failed login and a change live; undo stops it', async () => {
  const watcher = shell('ops');
  let other: PtySsh | undefined;
  try {
    await watcher.waitFor(/<WX3000>$/);
    let m = watcher.mark;
    watcher.write('terminal monitor\r');
    assert.match(await watcher.waitFor(/<WX3000>$/, 15000, m), /% Current terminal monitor is on\./);
    m = watcher.mark;
    other = shell('bob');
    await other.waitFor(/<WX3000>$/);
    await watcher.waitFor(/%\w{3} \d\d \d\d:\d\d:\d\d:\d{3} \d{4} WX3000 SHELL\/6\/LOGIN: login succeeded .*user=bob/, 15000, m);
    const bad = runSsh([...sshBaseArgs(d.port), '-o', 'PubkeyAuthentication=no', '-o', 'NumberOfPasswordPrompts=1', 'nobody@127.0.0.1', 'display version'], {
      env: passwordEnv(tmp, 'wrong-password'),
    });
    assert.notEqual(bad.status, 0);
    await watcher.waitFor(/SSH\/4\/AUTH_FAILED: login failed .*user=nobody/, 15000, m);
    // Informational records are above level 4: with terminal logging level 4 only warnings and worse come.
    watcher.write('terminal logging level 4\r');
    await watcher.waitFor(/% Current terminal logging is on\.\r\n<WX3000>$/, 15000, m);
    m = watcher.mark;
    other.write('quit\r');
    await other.waitExit();
    const again = runSsh([...sshBaseArgs(d.port), '-o', 'PubkeyAuthentication=no', '-o', 'NumberOfPasswordPrompts=1', 'nobody@127.0.0.1', 'display version'], {
      env: passwordEnv(tmp, 'wrong-password'),
    });
    assert.notEqual(again.status, 0);
    const seen = await watcher.waitFor(/AUTH_FAILED/, 15000, m);
    assert.doesNotMatch(seen, /SHELL\/6\//, 'no informational record at level 4');
    watcher.write('terminal logging\rsystem-view\rsysname Watched\r');
    await watcher.waitFor(/SHELL\/6\/CMD: ops\(vty\d\) ran command: sysname Watched/, 15000, m);
    m = watcher.mark;
    watcher.write('sysname WX3000\rreturn\rundo terminal monitor\r');
    await watcher.waitFor(/% Current terminal monitor is off\.\r\n<WX3000>$/, 15000, m);
    m = watcher.mark;
    const b2 = shell('bob');
    await b2.waitFor(/<WX3000>$/);
    b2.kill();
    await new Promise((r) => setTimeout(r, 300));
    assert.doesNotMatch(watcher.since(m), /LOGIN/, 'nothing after undo terminal monitor');
  } finally {
    watcher.kill();
    other?.kill();
  }
});

test('info-center loghost: configured from the CLI, shown in the configuration, the daemon sends to it at once; undo stops it', async () => {
  const collector = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => collector.bind(0, '127.0.0.1', () => resolve()));
  const port = collector.address().port;
  const received: string[] = [];
  collector.on('message', (m) => received.push(m.toString()));
  const exec = (line: string) => runSsh([...sshBaseArgs(d.port), '-o', 'PubkeyAuthentication=no', 'ops@127.0.0.1', line], { env: passwordEnv(tmp, PW) });
  const until = async (what: () => boolean, label: string) => {
    for (let i = 0; i < 200 && !what(); i++) await new Promise((r) => setTimeout(r, 25));
    assert.ok(what(), label);
  };
  const admin = shell('ops');
  const run = (line: string) => runLine(admin, line);
  try {
    await admin.waitFor(/<WX3000>$/);
    await run('screen-length disable');
    await run('system-view');
    assert.doesNotMatch(await run(`info-center loghost 127.0.0.1 port ${port}`), /% /);
    assert.match(await run('display current-configuration'), new RegExp(`\\n info-center loghost 127\\.0\\.0\\.1 port ${port}\\r\\n`));
    assert.equal(exec('display version').status, 0);
    await until(() => received.some((l) => /login succeeded .*user=ops/.test(l)), 'the next login reaches the collector');
    assert.match(received.find((l) => /login succeeded/.test(l))!, /^<38>1 /, 'auth facility, informational');
    assert.doesNotMatch(await run('undo info-center loghost'), /% /);
    assert.doesNotMatch(await run('display current-configuration'), /info-center/);
    const before = received.length;
    assert.equal(exec('display version').status, 0);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(received.slice(before).filter((l) => /login succeeded/.test(l)).length, 0, 'nothing after undo');
  } finally {
    admin.kill();
    collector.close();
  }
});
