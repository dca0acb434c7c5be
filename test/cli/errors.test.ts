// The five Comware errors, exact text and caret column (§3), table-driven.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURE, fixtureHandlers, Rec } from './fixture';
import { inline } from '../helpers/cli';

const MSG = {
  U: " % Unrecognized command found at '^' position.",
  I: " % Incomplete command found at '^' position.",
  A: " % Ambiguous command found at '^' position.",
  T: " % Too many parameters found at '^' position.",
  W: " % Wrong parameter found at '^' position.",
};

// [line, error, caret column on the screen]; the prompt `<WX3000>` is 8 columns.
const CASES: Array<[string, keyof typeof MSG, number]> = [
  ['display versoin', 'U', 16],
  ['displa versoin', 'U', 15],
  ['xyz', 'U', 8],
  ['  xyz', 'U', 10],
  ['display', 'I', 15],
  ['display ', 'I', 15],
  ['dis', 'I', 11],
  ['d', 'A', 8],
  ['display v', 'A', 16],
  ['de x', 'A', 8],
  ['display version now', 'T', 24],
  ['dir   a b', 'T', 14],
  ['display vlan 5000', 'W', 21],
  ['display vlan abc', 'W', 21],
  ['display vlan 7 8', 'T', 23],
  ['ping 1.2.3.256', 'W', 13],
  ['ping', 'I', 12],
  ['delete 123456789012345678901', 'W', 15],
  ['header', 'I', 14],
  ['header motd', 'I', 19],
  ['header x', 'U', 15],
  ['undo header motd x', 'T', 25],
  ['undo', 'I', 12],
  ['undo terminal monitor now', 'T', 30],
  ['service-type', 'I', 20],
  ['service-type ssh x', 'T', 25],
  ['terminal monitor x', 'T', 25],
  ['debugging', 'I', 17],
  ['debugging abcdefghijk', 'W', 18],
];

test('each bad line prints the caret line and exactly one message', async () => {
  for (const [line, kind, col] of CASES) {
    const rec: Rec = { calls: [] };
    const d = inline(FIXTURE, fixtureHandlers(rec), rec);
    const out = await d.type(line + '\r');
    const expected = `${line}\r\n${' '.repeat(col)}^\r\n${MSG[kind]}\r\n<WX3000>`;
    assert.equal(out, expected, `line '${line}'`);
    assert.equal(rec.calls.length, 0, `line '${line}' ran something`);
  }
});

test('the caret follows the prompt length (system view, renamed device)', async () => {
  const rec: Rec = { calls: [] };
  const d = inline(FIXTURE, fixtureHandlers(rec), rec);
  await d.type('system-view\r');
  await d.type('sysname LongerName\r');
  const out = await d.type('sysnam\r');
  assert.equal(out, `sysnam\r\n${' '.repeat('[LongerName]sysnam'.length)}^\r\n${MSG.I}\r\n[LongerName]`);
});

test('commands above the session level are unrecognized, not forbidden', async () => {
  const rec: Rec = { calls: [] };
  const d = inline(FIXTURE, fixtureHandlers(rec), rec, { level: 0 });
  assert.equal(await d.type('display version\r'), `display version\r\n        ^\r\n${MSG.U}\r\n<WX3000>`);
  // `de` is no longer ambiguous: `delete` (level 3) is invisible, `debugging` (2) too.
  assert.match(await d.type('de\r'), /Unrecognized/);
  // `d` now means `dir`, the only visible d-command.
  await d.type('d\r');
  assert.equal(rec.calls.length, 1);
});

test('non-interactive errors have no echo and the caret counts from column 0', async () => {
  const rec: Rec = { calls: [] };
  const d = inline(FIXTURE, fixtureHandlers(rec), rec, { interactive: false });
  assert.equal(await d.type('display versoin\n'), `        ^\r\n${MSG.U}\r\n`);
  const r = await d.engine.runLine('dis vlan 0');
  assert.deepEqual(r, { output: `         ^\r\n${MSG.W}\r\n`, ok: false });
});
