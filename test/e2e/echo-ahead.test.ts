// Echo ahead (issue 21): the daemon echoes plain typing itself while the CLI's line editor would only
// append and echo. Whatever the typing speed, the terminal must get exactly what the CLI alone would
// have written: checked against an in-process engine fed the same keys, through the real OpenSSH
// client under a real pty. No timing is asserted; pauses only vary how the keys arrive.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SessionDirectory } from '../../src/device/sessions';
import { real } from '../helpers/cli';
import { sshBaseArgs, startDaemon, TestDaemon, tempDir } from '../helpers/daemon';
import { PtySsh } from '../helpers/pty-ssh';
import { rng } from '../helpers/rng';
import { addUser, passwordEnv } from '../helpers/users';
import { Screen } from '../cli/vt';

const PW = 'Ech0-ahead-pw';
const PROMPT = '<WX3000>';
let d: TestDaemon;
let tmp: string;

before(async () => {
  tmp = tempDir('wx3000-echo-');
  d = await startDaemon();
  addUser(d.dataDir, 'ops', { password: PW, level: 3 });
});
after(async () => {
  await d.stop();
});

async function shell(cols = 80): Promise<{ s: PtySsh; from: number }> {
  const s = login(d, 'ops', PW, cols);
  await s.waitFor(/<WX3000>$/);
  return { s, from: s.mark };
}

function login(daemon: TestDaemon, user: string, password: string, cols = 80): PtySsh {
  return new PtySsh(
    [...sshBaseArgs(daemon.port), '-o', 'PubkeyAuthentication=no', '-o', 'NumberOfPasswordPrompts=1', `${user}@127.0.0.1`],
    passwordEnv(tmp, password),
    { cols, rows: 40 },
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The test's own pty turns the CLI's CRLF into CR CR LF on the way to us. */
function norm(s: string): string {
  return s.replace(/\r\r\n/g, '\r\n');
}

/** What the CLI alone writes for `steps` (strings are keys, numbers are window resizes to that width). */
async function reference(steps: Array<string | number>, cols: number): Promise<string> {
  const drv = await real({ width: cols, height: 40, userInterface: 'vty 0' });
  try {
    const first = drv.output().length;
    for (const k of steps) {
      if (typeof k === 'number') drv.engine.resize(k, 40);
      else await drv.type(k);
    }
    return drv.output().slice(first);
  } finally {
    await drv.dispose();
  }
}

/** Waits until `want` characters came after `from`, then a little longer for anything extra. */
async function settle(s: PtySsh, from: number, want: number): Promise<string> {
  const deadline = Date.now() + 20000;
  while (norm(s.since(from)).length < want && Date.now() < deadline) await sleep(20);
  await sleep(300);
  return norm(s.since(from));
}

const LONG = 'display ' + 'abcdefghij'.repeat(11);
/** Plain typing mixed with every kind of key the editor treats otherwise. */
const KEYS: string[] = [
  ...LONG, // wraps at 80 columns
  '\x7f', '\x7f', '\x1b[D', '\x1b[D', 'Z', 'Y', '\x05', 't', 'a', 'i', 'l', '\x01', 'X', '\x05', ' ', 'm', 'o',
  '\t', '?', 'r', 'e', '\x17', 'x', 'y', 'z', '\x12', 'q', '\x03',
  'd', 'i', 's', '?', '\t', 'p', '\t', ' ', 'c', 'l', '\t', '\x18', 'f', 'o', 'o', ' ', 'b', 'a', 'r', '\r',
  '\x1b[A', ' ', 'b', 'a', 'z', '\x1b[B', 's', 'y', 's', '\t', '\r', 'i', 'n', 't', ' ', 'x', '\x1a',
  ...'b'.repeat(515), // past the longest line: the last ones beep
  // Not Ctrl+C: typed ahead of a running command, it drops what came before it, which depends on timing.
  '\x18', 'o', 'k',
];

test('keys one by one, all at once and in random bursts: exactly what the CLI alone writes', async () => {
  const want = await reference(KEYS, 80);
  const deliveries: Array<[string, (s: PtySsh) => Promise<void>]> = [
    [
      'one by one, each echoed before the next',
      async (s) => {
        for (const k of KEYS) {
          const m = s.mark;
          s.write(k);
          // The next key goes after this one's answer (an echo, a beep or more), or a short wait.
          for (let i = 0; i < 50 && s.mark === m; i++) await sleep(2);
        }
      },
    ],
    ['all in one write (a paste)', async (s) => s.write(KEYS.join(''))],
    [
      'random bursts',
      async (s) => {
        const r = rng(21);
        for (let i = 0; i < KEYS.length; ) {
          const n = 1 + Math.floor(r() * 6);
          s.write(KEYS.slice(i, i + n).join(''));
          i += n;
          if (r() < 0.6) await sleep(Math.floor(r() * 4));
        }
      },
    ],
  ];
  for (const [what, deliver] of deliveries) {
    const { s, from } = await shell();
    try {
      await deliver(s);
      const got = await settle(s, from, want.length);
      assert.equal(JSON.stringify(got), JSON.stringify(want), what);
    } finally {
      s.kill();
    }
  }
});

test('a window resized between keys: the echo follows the new width as the CLI would', async () => {
  const steps: Array<string | number> = [...'display '.padEnd(70, 'w'), 50, ...'abcdefghij'.repeat(4), '\x7f', '\x1b[D', 'Q', '\x05', 'e', 40, 'n', 'd'];
  const want = await reference(steps, 80);
  const { s, from } = await shell();
  try {
    for (const k of steps) {
      if (typeof k === 'number') {
        await sleep(300);
        s.proc.resize(k, 40);
        await sleep(300); // the CLI takes SIGWINCH before the next key, as the reference does
        continue;
      }
      const m = s.mark;
      s.write(k);
      for (let i = 0; i < 50 && s.mark === m; i++) await sleep(2);
    }
    const got = await settle(s, from, want.length);
    assert.equal(JSON.stringify(got), JSON.stringify(want));
  } finally {
    s.kill();
  }
});

test('messages from other sessions while typing fast: the line is redrawn whole under each, nothing lost', async () => {
  const { s, from } = await shell();
  const sender = new SessionDirectory();
  await sender.connect(path.join(d.dataDir, 'control.sock'));
  const text = 'display ' + 'mnopqrstuv'.repeat(6);
  const notes = 8;
  try {
    const typing = (async () => {
      for (const ch of text) {
        s.write(ch);
        await sleep(3);
      }
    })();
    const sending = (async () => {
      for (let i = 1; i <= notes; i++) {
        await sleep(25);
        await sender.send('all', `note ${i}`);
      }
    })();
    await Promise.all([typing, sending]);
    await s.waitFor(new RegExp(`note ${notes}\\r\\n[^]*${text.slice(-20)}$`), 20000, from);
    await sleep(300);
    const screen = new Screen(80);
    screen.write(PROMPT + norm(s.since(from)));
    const rows = screen.rows.map((_, i) => screen.text(i));
    // Each message: the line so far, the header, the text; then the line again below it.
    let seen = 0;
    let last = '';
    for (let i = 0; i < rows.length; i++) {
      if (!rows[i].startsWith('***Message from')) continue;
      seen++;
      assert.equal(rows[i], '***Message from aux0 to vty0', `row ${i}`);
      assert.equal(rows[i + 1], `note ${seen}`, `row ${i + 1}`);
      const before = rows[i - 1];
      assert.ok(before.startsWith(PROMPT) && text.startsWith(before.slice(PROMPT.length)), `row ${i - 1}: ${JSON.stringify(before)}`);
      assert.ok(before.length >= last.length, 'the line only grows');
      last = before;
    }
    assert.equal(seen, notes);
    assert.equal(rows.at(-1), PROMPT + text, 'the whole line, once, at the end');
    assert.equal(screen.r, rows.length - 1);
    assert.equal(screen.c, (PROMPT + text).length, 'the cursor at its end');
  } finally {
    sender.close();
    s.kill();
  }
});

/** The CLI pid of the newest session, from the daemon's log (debug). */
function lastSessionPid(daemon = d): number {
  const all = [...daemon.stderr().matchAll(/session started .* pid=(\d+)/g)];
  assert.ok(all.length, 'a session was started');
  return Number(all.at(-1)![1]);
}

test('a stopped CLI: plain typing is still echoed, by the daemon; the rest waits for the CLI, which then carries on', async () => {
  const keys = [...'display', '\t', ...' ver', '\x1b[D', 'Q'];
  const want = await reference(keys, 80);
  const { s, from } = await shell();
  const pid = lastSessionPid();
  try {
    s.write('d');
    await s.waitFor(/^d$/, 15000, from);
    await sleep(300); // the CLI's offer reaches the daemon
    process.kill(pid, 'SIGSTOP');
    for (const k of 'isplay') s.write(k);
    await s.waitFor(/^display$/, 15000, from);
    s.write('\t ver\x1b[DQ');
    await sleep(300);
    assert.equal(norm(s.since(from)), 'display', 'a Tab ends the daemon echo: nothing after it is echoed without the CLI');
    process.kill(pid, 'SIGCONT');
    assert.equal(JSON.stringify(await settle(s, from, want.length)), JSON.stringify(want));
  } finally {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      /* gone */
    }
    s.kill();
  }
});

test('terminal monitor log lines while typing fast: each above the line, the line whole below', async (t) => {
  const { s } = await shell();
  const text = 'display ' + 'QZ'.repeat(30);
  try {
    s.write('terminal monitor\r');
    await s.waitFor(/% Current terminal monitor is on\.\r\n<WX3000>$/);
    const from = s.mark;
    const typing = (async () => {
      for (const ch of text) {
        s.write(ch);
        await sleep(8);
      }
    })();
    // Other logins: each is a live log record on the typing session.
    const logins = (async () => {
      for (let i = 0; i < 3; i++) {
        const other = (await shell()).s;
        other.kill();
        await sleep(50);
      }
    })();
    await Promise.all([typing, logins]);
    await s.waitFor(new RegExp(`${text.slice(-20)}$`), 20000, from);
    await sleep(500);
    const screen = new Screen(80);
    screen.write(PROMPT + norm(s.since(from)));
    const rows = screen.rows.map((_, i) => screen.text(i));
    let last = '';
    let records = 0;
    for (const [i, row] of rows.entries()) {
      if (row.startsWith('%')) records++;
      if (!row.startsWith(PROMPT)) {
        assert.doesNotMatch(row, /QZ/, `row ${i}: typing inside a log line: ${JSON.stringify(row)}`);
        continue;
      }
      assert.ok(text.startsWith(row.slice(PROMPT.length)), `row ${i}: ${JSON.stringify(row)}`);
      assert.ok(row.length >= last.length, 'the line only grows');
      last = row;
    }
    t.diagnostic(`${records} log lines, the line redrawn ${rows.filter((r) => r.startsWith(PROMPT)).length - 1} times`);
    assert.ok(records >= 1, 'log records were shown');
    assert.equal(rows.at(-1), PROMPT + text);
    assert.equal(screen.c, (PROMPT + text).length, 'the cursor at its end');
  } finally {
    s.kill();
  }
});

test('after the forced password change at the first login, plain typing is echoed ahead too', async () => {
  const fresh = await startDaemon();
  const once = fs.readFileSync(path.join(fresh.dataDir, 'initial-admin-password'), 'utf8').trim();
  const s = login(fresh, 'admin', once);
  let pid = 0;
  try {
    for (const [ask, answer] of [[/Old password:$/, once], [/New password:$/, 'N3w-admin-pass'], [/Confirm:$/, 'N3w-admin-pass']] as const) {
      await s.waitFor(ask);
      s.write(answer + '\r');
    }
    await s.waitFor(/<WX3000>$/);
    pid = lastSessionPid(fresh);
    const from = s.mark;
    s.write('d');
    await s.waitFor(/^d$/, 15000, from);
    await sleep(300); // the CLI's offer reaches the daemon
    process.kill(pid, 'SIGSTOP');
    s.write('isplay');
    await s.waitFor(/^display$/, 15000, from); // only the daemon can have echoed these
    process.kill(pid, 'SIGCONT');
    s.write('\t');
    await s.waitFor(/^display $/, 15000, from);
  } finally {
    if (pid) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        /* gone */
      }
    }
    s.kill();
    await fresh.stop();
  }
});
