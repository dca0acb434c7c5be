// Editing keys (§2.4), buffer limit (§2.5), Enter forms, and a property test of the wrapped
// rendering against a VT100 model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURE, fixtureHandlers, Rec } from './fixture';
import { inline } from '../helpers/cli';
import { Screen } from './vt';
import { rng } from '../helpers/rng';

function fixture(width = 80) {
  const rec: Rec = { calls: [] };
  return { rec, d: inline(FIXTURE, fixtureHandlers(rec), rec, { width }) };
}

// [keys, resulting line, cursor index]
const KEYS: Array<[string, string, number]> = [
  ['abc\x01X', 'Xabc', 1], // Ctrl+A
  ['abc\x01\x05X', 'abcX', 4], // Ctrl+E
  ['abc\x02\x02X', 'aXbc', 2], // Ctrl+B
  ['abc\x01\x06X', 'aXbc', 2], // Ctrl+F
  ['abc\x1b[D\x1b[DX', 'aXbc', 2], // Left
  ['abc\x1bOD\x1bODX', 'aXbc', 2], // Left (SS3)
  ['abc\x01\x1b[CX', 'aXbc', 2], // Right
  ['abc\x01\x1bOCX', 'aXbc', 2],
  ['abc\x01\x04', 'bc', 0], // Ctrl+D
  ['abc\x01\x1b[3~', 'bc', 0], // Delete
  ['abc\x08', 'ab', 2], // Backspace 0x08 / Ctrl+H
  ['abc\x7f', 'ab', 2], // Backspace 0x7f
  ['abc\x02\x7f', 'ac', 1],
  ['one two three\x17', 'one two ', 8], // Ctrl+W
  ['one two  \x17', 'one ', 4],
  ['one two\x02\x02\x02\x18', 'two', 0], // Ctrl+X
  ['one two\x02\x02\x02\x19', 'one ', 4], // Ctrl+Y
  ['one two\x1bbX', 'one Xtwo', 5], // Esc B
  ['one two\x01\x1bfX', 'oneX two', 4], // Esc F
  ['one two\x01\x1bd', ' two', 0], // Esc D
  ['one two\x01\x1bD', ' two', 0],
  ['abc\x0b\x15', 'abc', 3], // Ctrl+K, Ctrl+U: no-ops
  ['abc\x03', '', 0], // Ctrl+C abandons the line
  ['a\x1b[5~b', 'ab', 2], // unknown sequences are ignored
];

test('editing keys change the line as the table says', async () => {
  for (const [keys, line, cur] of KEYS) {
    const { d } = fixture();
    await d.type(keys);
    assert.equal(d.engine.line, line, JSON.stringify(keys));
    assert.equal(d.engine.cursor, cur, 'cursor after ' + JSON.stringify(keys));
  }
});

test('plain typing is echoed verbatim, even past the window width', async () => {
  const { d } = fixture(20);
  const text = 'display version with a very long tail typed in';
  assert.equal(await d.type(text), text);
});

test('the buffer holds 510 characters; more beep', async () => {
  const { d } = fixture();
  const out = await d.type('a'.repeat(515));
  assert.equal(d.engine.line.length, 510);
  assert.equal(out, 'a'.repeat(510) + '\x07'.repeat(5));
});

test('CR, LF and CRLF are one Enter each, also when CR and LF arrive apart', async () => {
  const { d, rec } = fixture();
  await d.type('dir\r\ndir\ndir\r');
  await d.type('\ndir\r');
  assert.equal(rec.calls.length, 4);
  assert.equal(d.output().split('<WX3000>').length - 1, 5);
});

test('escape sequences split across reads still work', async () => {
  const { d } = fixture();
  await d.type('abc\x1b');
  await d.type('[');
  await d.type('DX');
  assert.equal(d.engine.line, 'abXc');
});

test('after any edit the screen shows prompt + line with the cursor in place (width 17)', async () => {
  const keys = ['x', 'y', ' ', 'z', '\x01', '\x05', '\x02', '\x06', '\x04', '\x7f', '\x17', '\x18', '\x19', '\x1bb', '\x1bf', '\x1bd', '\x1b[D', '\x1b[C'];
  const rand = rng(42);
  for (let round = 0; round < 40; round++) {
    const { d } = fixture(17);
    const screen = new Screen(17);
    screen.write(d.output());
    for (let step = 0; step < 60; step++) {
      const k = rand() < 0.5 ? keys[Math.floor(rand() * 4)] : keys[Math.floor(rand() * keys.length)];
      screen.write(await d.type(k));
      const expected = '<WX3000>' + d.engine.line;
      assert.equal(screen.logical(0), expected.replace(/ +$/, ''), `round ${round} step ${step}`);
      // cursor: prompt length + index of the editor cursor
      assert.equal(screen.offset(0), 8 + d.engine.cursor, `cursor, round ${round} step ${step}`);
    }
  }
});
