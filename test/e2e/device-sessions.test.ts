// The session commands against a running daemon and real OpenSSH clients: display users,
// display ssh server session, send, free user-interface.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sshBaseArgs, startDaemon, TestDaemon, tempDir } from '../helpers/daemon';
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
