// History (§2.6), type-ahead order, interactive questions, Ctrl+C on a running command, notify,
// and the non-interactive modes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURE, fixtureHandlers, Rec } from './fixture';
import { inline } from '../helpers/cli';
import type { SessionOptions } from '../../src/cli';

function fixture(session: Partial<SessionOptions> = {}) {
  const rec: Rec = { calls: [] };
  return { rec, d: inline(FIXTURE, fixtureHandlers(rec), rec, session) };
}

const history = (d: ReturnType<typeof fixture>['d']) => d.engine.historyLines;

test('history keeps successful lines as typed, duplicates once, failures never, secrets never', async () => {
  const { d } = fixture();
  await d.type('dis ver\rdis ver\rdisplay version\rdis versoin\rsys\rlocal-user a\rpassword simple pw\rreturn\r');
  assert.deepEqual(history(d), ['dis ver', 'display version', 'sys', 'local-user a', 'return']);
  const { d: d2 } = fixture();
  await d2.type('fail\rdir\r');
  assert.deepEqual(history(d2), ['dir'], 'a semantic failure is not kept');
});

test('history is bounded by historySize (default 10)', async () => {
  const { d } = fixture();
  for (let i = 1; i <= 12; i++) await d.type(`dis vlan ${i}\r`);
  assert.equal(history(d).length, 10);
  assert.equal(history(d)[0], 'dis vlan 3');
  const { d: none } = fixture({ historySize: 0 });
  await none.type('dir\r');
  assert.deepEqual(history(none), []);
});

test('Up/Down and Ctrl+P/Ctrl+N walk the history and restore the line being typed', async () => {
  const { d } = fixture();
  await d.type('dir\rdis ver\r');
  await d.type('partial');
  await d.type('\x1b[A');
  assert.equal(d.engine.line, 'dis ver');
  await d.type('\x10');
  assert.equal(d.engine.line, 'dir');
  assert.equal(await d.type('\x10'), '\x07', 'beep at the oldest entry');
  await d.type('\x0e');
  assert.equal(d.engine.line, 'dis ver');
  await d.type('\x1bOB');
  assert.equal(d.engine.line, 'partial');
  await d.type('\x1b[A\r');
  assert.deepEqual(history(d), ['dir', 'dis ver']);
});

test('type-ahead is queued while a command runs and executed in order, each line echoed', async () => {
  const { d, rec } = fixture();
  d.engine.feed('slow\r');
  d.engine.feed('dir\r');
  d.engine.feed('dis ver\r');
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(d.output(), '<WX3000>slow\r\n', 'nothing echoed while the command runs');
  await new Promise((r) => setTimeout(r, 80));
  await d.engine.idle();
  assert.equal(d.output(), '<WX3000>slow\r\nslow done\r\n<WX3000>dir\r\n<WX3000>dis ver\r\n<WX3000>');
  assert.deepEqual(rec.calls.map((c) => c.handler), ['slow', 'rec', 'rec']);
});

test('Ctrl+C during a running command stops it and drops the type-ahead before it', async () => {
  const { d } = fixture();
  d.engine.feed('slow\r');
  d.engine.feed('dir\r\x03');
  await new Promise((r) => setTimeout(r, 80));
  await d.engine.idle();
  assert.equal(d.output(), '<WX3000>slow\r\nstopped\r\n<WX3000>');
});

test('ask and confirm: echo, no echo, the [Y/N] rules, and Ctrl+C abandons', async () => {
  const { d } = fixture();
  assert.equal(await d.type('ask\r'), 'ask\r\nName:');
  assert.equal(await d.type('bob\r'), 'bob\r\n Password:');
  assert.equal(await d.type('secret\r'), '\r\nContinue? [Y/N]:', 'the password is not echoed');
  assert.equal(await d.type('\r'), "\r\nBefore pressing ENTER you must choose 'YES' or 'NO'[Y/N]:");
  assert.equal(await d.type('maybe\r'), "maybe\r\nBefore pressing ENTER you must choose 'YES' or 'NO'[Y/N]:");
  assert.equal(await d.type('Y\r'), 'Y\r\ngot bob/6/true\r\n<WX3000>');
  assert.equal(await d.type('ask\r'), 'ask\r\nName:');
  assert.equal(await d.type('x\x03'), 'x\r\n<WX3000>');
});

test('notify prints above the prompt and keeps the line being typed', async () => {
  const { d } = fixture();
  await d.type('dis v');
  const before = d.output().length;
  d.engine.notify('Message from vty1');
  assert.equal(d.output().slice(before), '\r\nMessage from vty1\r\n<WX3000>dis v');
  assert.equal(d.engine.line, 'dis v');
});

test('non-interactive input: no prompt, no echo, no paging; lines run in order; end() finishes', async () => {
  const { d, rec } = fixture({ interactive: false, screenLength: 5 });
  let ended = false;
  assert.equal(d.output(), '');
  const out = await d.type('display lines 12\ndir\nsys\nlocal-user x\n?');
  assert.equal(out, Array.from({ length: 12 }, (_, i) => `line ${i + 1}\r\n`).join(''));
  assert.equal(rec.calls.length, 3);
  d.engine.end();
  await d.engine.idle();
  ended = d.exited();
  assert.ok(ended, 'end of input ends the session');
  assert.equal(rec.calls.length, 3, 'the unterminated last line ran (and failed: "?" is no command)');
});

test('runLine returns output and status, keeps view state between calls', async () => {
  const { d } = fixture({ interactive: false });
  assert.deepEqual(await d.engine.runLine('display lines 2'), { output: 'line 1\r\nline 2\r\n', ok: true });
  assert.deepEqual(await d.engine.runLine('fail'), { output: "% Such file or path doesn't exist.\r\n", ok: false });
  // Exec: nobody can answer a question, and the user is told so.
  assert.deepEqual(await d.engine.runLine('ask'), { output: '% This command asks a question and cannot run without a terminal.\r\n', ok: false });
  assert.equal((await d.engine.runLine('sys')).ok, true);
  assert.equal(d.engine.currentView, 'system');
  assert.equal((await d.engine.runLine('quit')).ok, true);
  assert.equal((await d.engine.runLine('quit')).ok, true);
  assert.ok(d.exited());
});

test('piped input answers questions from the following lines, even after EOF was seen', async () => {
  const { d } = fixture({ interactive: false });
  d.engine.feed('ask\nbob\npw\ny\ndir\n');
  d.engine.end();
  await d.engine.idle();
  assert.equal(d.output(), 'Name:\r\n Password:\r\nContinue? [Y/N]:\r\ngot bob/2/true\r\n');
  assert.ok(d.exited());
  const { d: cut } = fixture({ interactive: false });
  cut.engine.feed('ask\nbob\n');
  cut.engine.end();
  await cut.engine.idle();
  assert.equal(cut.output(), 'Name:\r\n% This command asks a question and cannot run without a terminal.\r\n', 'no input left for the second question');
  assert.ok(cut.exited());
});

test('resize changes where long lines wrap', async () => {
  const { d } = fixture({ width: 80 });
  d.engine.resize(20, 10);
  await d.type('a'.repeat(30) + '\x01');
  assert.match(d.output(), /\x1b\[1A/, 'Ctrl+A climbs one row at width 20');
});
