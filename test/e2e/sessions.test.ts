// SSH shells attached to CLI processes through a pty (issue 6), driven by the real OpenSSH client
// under a real pty: first-boot password change, five vtys and the sixth refused, exec exit codes,
// idle timeout, faults that must end one session only and leave no process behind.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Device } from '../../src/device';
import { runSsh, saveStartupConfig, sshBaseArgs, startDaemon, TestDaemon, tempDir } from '../helpers/daemon';
import type { ClientChannel } from 'ssh2';
import { PtySsh } from '../helpers/pty-ssh';
import { passwordClient } from '../helpers/raw-ssh';
import { addUser, passwordEnv } from '../helpers/users';
import { withStore } from '../store/fixtures';

const PW = 'Sess1on-pass';
let d: TestDaemon;
let tmp: string;

before(async () => {
  tmp = tempDir('wx3000-sess-');
  d = await startDaemon();
  addUser(d.dataDir, 'ops', { password: PW, level: 3 });
});
after(async () => {
  await d.stop();
});

function shell(user = 'ops', password = PW, daemon = d): PtySsh {
  return new PtySsh(
    [...sshBaseArgs(daemon.port), '-o', 'PubkeyAuthentication=no', '-o', 'NumberOfPasswordPrompts=1', `${user}@127.0.0.1`],
    passwordEnv(tmp, password),
  );
}

function exec(command: string, user = 'ops', password = PW) {
  return runSsh([...sshBaseArgs(d.port), '-o', 'PubkeyAuthentication=no', '-o', 'NumberOfPasswordPrompts=1', `${user}@127.0.0.1`, command], {
    env: passwordEnv(tmp, password),
  });
}

/** CLI processes (cli-session.js) whose parent is the daemon. */
function cliProcesses(daemonPid: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8');
        const ppid = Number(/^\d+ \(.*\) \S (\d+)/.exec(fs.readFileSync(`/proc/${p}/stat`, 'utf8'))?.[1]);
        return cmd.includes('cli-session.js') && ppid === daemonPid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** The CLI pid of the newest session, from the daemon's log. */
function lastSessionPid(daemon = d): number {
  const all = [...daemon.stderr().matchAll(/session started .* pid=(\d+)/g)];
  assert.ok(all.length, 'a session was started');
  return Number(all.at(-1)![1]);
}

async function eventually(check: () => boolean, what: string, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('shell', () => {
  test('the prompt appears, CRLF only, and quit ends the connection', async () => {
    const s = shell();
    try {
      await s.waitFor(/<WX3000>$/);
      s.write('system-view\r');
      await s.waitFor(/System View: return to User View with Ctrl\+Z\.\r\n\[WX3000\]$/);
      assert.doesNotMatch(s.output, /\r\r\n/);
      s.write('quit\r');
      await s.waitFor(/\[WX3000\]quit\r\n<WX3000>$/);
      s.write('quit\r');
      assert.equal(await s.waitExit(), 0);
    } finally {
      s.kill();
    }
  });

  test('five sessions at once; the sixth is told all user interfaces are in use', async () => {
    const open: PtySsh[] = [];
    try {
      for (let i = 0; i < 5; i++) {
        const s = shell();
        open.push(s);
        await s.waitFor(/<WX3000>$/);
      }
      const sixth = shell();
      open.push(sixth);
      await sixth.waitFor(/All user interfaces are used, please try later!/);
      await sixth.waitExit();
      // The five are undisturbed.
      for (const s of open.slice(0, 5)) {
        const m = s.mark;
        s.write('\r');
        await s.waitFor(/\r\n<WX3000>$/, 10000, m);
      }
    } finally {
      open.forEach((s) => s.kill());
    }
  });

  test('a window resize reaches the CLI', async () => {
    const s = shell();
    try {
      await s.waitFor(/<WX3000>$/);
      const pid = lastSessionPid();
      s.proc.resize(61, 17);
      // The CLI's pty follows the client's window: stty of the CLI's terminal reports it.
      await eventually(() => {
        const tty = fs.readlinkSync(`/proc/${pid}/fd/0`);
        const out = require('node:child_process').execFileSync('stty', ['-F', tty, 'size'], { encoding: 'utf8' });
        return out.trim() === '17 61';
      }, 'pty size 17x61');
    } finally {
      s.kill();
    }
  });
});

describe('banners', () => {
  test('header login before authentication; header motd and shell after login, before the first prompt', async () => {
    const device = new Device(d.dataDir);
    const settings = await device.settings();
    await settings.set('header.login', 'Authorised use only');
    await settings.set('header.motd', 'Maintenance tonight');
    await settings.set('header.shell', 'Welcome to WX3000\nsecond line');
    await d.reload();
    const s = new PtySsh(
      [...sshBaseArgs(d.port, { quiet: false }), '-o', 'PubkeyAuthentication=no', '-o', 'NumberOfPasswordPrompts=1', 'ops@127.0.0.1'],
      passwordEnv(tmp, PW),
    );
    try {
      const screen = await s.waitFor(/<WX3000>$/);
      assert.match(screen, /Authorised use only[\s\S]*Maintenance tonight\r\nWelcome to WX3000\r\nsecond line\r\n<WX3000>$/);
      // An exec request is for scripts: its output is the command's alone.
      const r = exec('display clock');
      assert.equal(r.status, 0);
      assert.doesNotMatch(r.stdout, /Welcome|Maintenance/);
    } finally {
      s.kill();
      await settings.reset('header.login');
      await settings.reset('header.motd');
      await settings.reset('header.shell');
      await device.close();
      await d.reload();
    }
  });
});

describe('line mode', () => {
  test('a shell without a pty (ssh -T) reads typed-ahead lines and answers them', () => {
    const r = runSsh(
      [...sshBaseArgs(d.port), '-T', '-o', 'PubkeyAuthentication=no', '-o', 'NumberOfPasswordPrompts=1', 'ops@127.0.0.1'],
      { env: passwordEnv(tmp, PW), input: 'display clock\nsystem-view\ndisplay this\nquit\nquit\n' },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\d\d:\d\d:\d\d UTC/);
    assert.match(r.stdout, /System View: return to User View with Ctrl\+Z\.\r\n#\r\n/);
  });
});

describe('exec', () => {
  test('exit status 0 for a good line, 1 with the Comware error for a bad one', () => {
    const good = exec('display version');
    assert.equal(good.status, 0, good.stderr);
    assert.match(good.stdout, /WX3000/);
    const bad = exec('display versoin');
    assert.equal(bad.status, 1);
    assert.match(bad.stdout + bad.stderr, /% Unrecognized command found at '\^' position\./);
  });

  test('protocol inbound telnet on the vtys refuses SSH logins at once; all lets them in again', async () => {
    const device = new Device(d.dataDir);
    try {
      await (await device.settings()).set('ui.vty.protocol-inbound', 'telnet');
      await d.reload();
      const refused = exec('display clock');
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, /SSH logins are not permitted/);
      await (await device.settings()).set('ui.vty.protocol-inbound', 'all');
      await d.reload();
      assert.equal(exec('display clock').status, 0);
    } finally {
      await device.close();
    }
  });

  test('exec respects the level', () => {
    addUser(d.dataDir, 'viewer', { password: PW, level: 0 });
    const r = exec('system-view', 'viewer');
    assert.equal(r.status, 1);
    assert.match(r.stdout + r.stderr, /% Unrecognized command/);
  });
});

describe('faults', () => {
  test('kill -9 of one CLI process ends only its session', async () => {
    const a = shell();
    const b = shell();
    try {
      await a.waitFor(/<WX3000>$/);
      await b.waitFor(/<WX3000>$/);
      const pids = cliProcesses(d.proc.pid!);
      assert.ok(pids.length >= 2, `CLI processes: ${pids}`);
      process.kill(lastSessionPid(), 'SIGKILL');
      const ended = await Promise.race([a.waitExit(8000).then(() => 'a'), b.waitExit(8000).then(() => 'b')]).catch(() => 'none');
      assert.notEqual(ended, 'none', 'one session ended');
      const survivor = ended === 'a' ? b : a;
      const m = survivor.mark;
      survivor.write('\r');
      await survivor.waitFor(/<WX3000>$/, 10000, m);
      assert.equal(d.proc.exitCode, null, 'daemon alive');
    } finally {
      a.kill();
      b.kill();
    }
  });

  test('killing the client mid-session leaves no CLI process', async () => {
    await eventually(() => cliProcesses(d.proc.pid!).length <= 1, 'only the spare left before');
    const s = shell();
    await s.waitFor(/<WX3000>$/);
    const pid = lastSessionPid();
    assert.ok(cliProcesses(d.proc.pid!).includes(pid), 'the session has its CLI process');
    s.kill();
    await eventually(() => !fs.existsSync(`/proc/${pid}`), 'the CLI process of the killed client is gone');
    // What remains is the warm spare alone.
    await eventually(() => cliProcesses(d.proc.pid!).length === 1, 'only the warm spare remains');
  });
});

/** Answers the forced change at login: old password, then the new one twice. */
async function changeAtLogin(s: PtySsh, old: string, next: string): Promise<void> {
  await s.waitFor(/Old password:$/);
  s.write(old + '\r');
  await s.waitFor(/New password:$/);
  s.write(next + '\r');
  await s.waitFor(/Confirm:$/);
  s.write(next + '\r');
}

describe('first boot', () => {
  test('the one-time password works once and forces a change; afterwards only the new one works', async () => {
    const fresh = await startDaemon();
    try {
      const once = fs.readFileSync(path.join(fresh.dataDir, 'initial-admin-password'), 'utf8').trim();
      // Everything in the data directory is the device user's alone, but the public halves of host keys.
      for (const f of fs.readdirSync(fresh.dataDir)) {
        const st = fs.statSync(path.join(fresh.dataDir, f));
        const mode = st.mode & 0o777;
        assert.equal(mode, st.isDirectory() ? 0o700 : f.endsWith('.pub') ? 0o644 : 0o600, `${f} mode ${mode.toString(8)}`);
      }
      // stdout is a pipe here (as under an init system): the password itself is not printed.
      assert.match(fresh.stdout(), /user admin \(level 3\) has a one-time password \(in .*initial-admin-password\)/);
      assert.doesNotMatch(fresh.stdout() + fresh.stderr(), new RegExp(once));
      // password-control applies to the forced change: a short password ends the session, nothing changed.
      const weak = shell('admin', once, fresh);
      await changeAtLogin(weak, once, 'abc');
      await weak.waitFor(/% Password not changed: the password must contain at least 10 characters\. The session will end\./);
      assert.notEqual(await weak.waitExit(), 0);
      assert.ok(fs.existsSync(path.join(fresh.dataDir, 'initial-admin-password')), 'still the one-time password');
      const s = shell('admin', once, fresh);
      await changeAtLogin(s, once, 'N3w-admin-pass');
      await s.waitFor(/<WX3000>$/);
      assert.doesNotMatch(s.output, new RegExp(once), 'the password is never echoed');
      assert.equal(fs.existsSync(path.join(fresh.dataDir, 'initial-admin-password')), false, 'the one-time password file is gone');
      s.write('quit\r');
      await s.waitExit();
      const old = shell('admin', once, fresh);
      assert.notEqual(await old.waitExit(), 0);
      const next = shell('admin', 'N3w-admin-pass', fresh);
      await next.waitFor(/<WX3000>$/);
      next.kill();
    } finally {
      await fresh.stop();
    }
  });
});

describe('password aging', () => {
  test('an expired password is changed before the first prompt, as a first one; then the new one logs in plainly', async () => {
    addUser(d.dataDir, 'aged', { level: 1, password: 'Aged-pass-one' });
    await withStore(new Device(d.dataDir), (s) => s.run("UPDATE password_history SET set_at = 0 WHERE subject = 'aged'"));
    const s = shell('aged', 'Aged-pass-one');
    await s.waitFor(/Your password has expired\. For security reasons, you need to change your password\.\r\nOld password:$/);
    await changeAtLogin(s, 'Aged-pass-one', 'Aged-pass-two');
    await s.waitFor(/<WX3000>$/);
    s.write('quit\r');
    await s.waitExit();
    const next = shell('aged', 'Aged-pass-two');
    await next.waitFor(/<WX3000>$/);
    assert.doesNotMatch(next.output, /expired|Old password/);
    next.kill();
  });
});

describe('idle timeout', () => {
  test('an idle session is closed', async () => {
    const dir = tempDir();
    saveStartupConfig(dir, ['user-interface vty 0 4', 'idle-timeout 0 1']);
    const idle = await startDaemon({ dataDir: dir });
    addUser(dir, 'ops', { password: PW });
    try {
      const s = shell('ops', PW, idle);
      await s.waitFor(/<WX3000>$/);
      await s.waitExit(10000);
      assert.match(idle.stderr(), /idle timeout/);
    } finally {
      await idle.stop();
    }
  });
});

describe('hostile terminal requests', () => {
  test('zero, huge and odd window sizes and TERM values neither crash the daemon nor the session', async () => {
    const c = await passwordClient(d.port, 'ops', PW);
    try {
      const out = await new Promise<string>((resolve, reject) => {
        c.shell({ term: 'x'.repeat(500), cols: 0, rows: 0, width: 0, height: 0 }, (err, stream) => {
          if (err) return reject(err);
          let buf = '';
          stream.on('data', (chunk: Buffer) => {
            buf += chunk.toString();
            if (buf.endsWith('<WX3000>') && !buf.includes('sent')) {
              buf += 'sent';
              stream.setWindow(0, 0, 0, 0);
              stream.setWindow(2 ** 31, 2 ** 31, 0, 0);
              stream.setWindow(24, 80, 0, 0);
              stream.write('display clock\r');
            }
            if (/UTC[^\n]*\r\n<WX3000>$/.test(buf)) resolve(buf);
          });
          setTimeout(() => reject(new Error(`no answer: ${JSON.stringify(buf)}`)), 15000);
        });
      });
      assert.match(out, /\d\d:\d\d:\d\d UTC/);
    } finally {
      c.end();
    }
    assert.equal(d.proc.exitCode, null, 'daemon alive');
  });
});

describe('several sessions on one connection', () => {
  test('quitting one shell keeps the connection and its other shell', async () => {
    const c = await passwordClient(d.port, 'ops', PW);
    type Chan = ClientChannel;
    const open = () =>
      new Promise<{ stream: Chan; text: () => string }>((resolve, reject) =>
        c.shell({ term: 'vt100', cols: 80, rows: 24 }, (err, stream) => {
          if (err) return reject(err);
          let buf = '';
          stream.on('data', (chunk: Buffer) => (buf += chunk.toString()));
          resolve({ stream, text: () => buf });
        }),
      );
    const until = async (cond: () => boolean, what: string) => {
      for (let i = 0; i < 300 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(cond(), what);
    };
    try {
      const a = await open();
      const b = await open();
      await until(() => a.text().endsWith('<WX3000>') && b.text().endsWith('<WX3000>'), 'two prompts');
      const bClosed = new Promise<void>((r) => b.stream.once('close', () => r()));
      b.stream.write('quit\r');
      await bClosed;
      a.stream.write('display clock\r');
      await until(() => /UTC[^\n]*\r\n<WX3000>$/.test(a.text()), 'the other shell still answers');
    } finally {
      c.end();
    }
  });
});

describe('daemon life cycle', () => {
  test('an idle daemon writes nothing to its data directory (flash wears)', async () => {
    const idle = await startDaemon({ args: ['--log-level', 'info'] });
    try {
      const state = () =>
        fs
          .readdirSync(idle.dataDir)
          .filter((f) => !f.endsWith('.sock'))
          .map((f) => {
            const st = fs.statSync(path.join(idle.dataDir, f));
            return `${f}:${st.size}:${st.mtimeMs}`;
          })
          .sort()
          .join('\n');
      await new Promise((r) => setTimeout(r, 500)); // the start-up writes are over
      const before = state();
      await new Promise((r) => setTimeout(r, 3000));
      assert.equal(state(), before);
    } finally {
      await idle.stop();
    }
  });

  test('SIGTERM tells open sessions the device is shutting down, ends their CLIs and exits 0', async () => {
    const dd = await startDaemon();
    addUser(dd.dataDir, 'ops', { password: PW });
    const s = new PtySsh(
      [...sshBaseArgs(dd.port, { quiet: false }), '-o', 'PubkeyAuthentication=no', '-o', 'NumberOfPasswordPrompts=1', 'ops@127.0.0.1'],
      passwordEnv(tmp, PW),
    );
    try {
      await s.waitFor(/<WX3000>$/);
      const pid = lastSessionPid(dd);
      assert.equal(await dd.stop('SIGTERM'), 0);
      await s.waitExit();
      assert.match(s.output, /The device is shutting down/);
      assert.equal(fs.existsSync(`/proc/${pid}`), false, 'the CLI process is gone');
    } finally {
      s.kill();
    }
  });
});
