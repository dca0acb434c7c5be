// `| { begin | include | exclude } REGEX` after display commands (§2.1, §11).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURE, fixtureHandlers, Rec } from './fixture';
import { inline } from '../helpers/cli';

function fixture() {
  const rec: Rec = { calls: [] };
  return inline(FIXTURE, fixtureHandlers(rec), rec, { screenLength: 0 });
}

const L = (...n: number[]) => n.map((i) => `line ${i}\r\n`).join('');

test('include, exclude and begin filter the output lines; keywords abbreviate', async () => {
  const cases: Array<[string, string]> = [
    ['display lines 5 | include [24]', L(2, 4)],
    ['dis lin 5 | in [24]', L(2, 4)],
    ['display lines 5 | exclude 3', L(1, 2, 4, 5)],
    ['display lines 5 | begin 3', L(3, 4, 5)],
    ['display lines 5 | b line', L(1, 2, 3, 4, 5)],
    ['display lines 12 | include ^line 1 *$', L(1)],
  ];
  for (const [line, out] of cases) assert.equal(await fixture().type(line + '\r'), `${line}\r\n${out}<WX3000>`, line);
});

test('filter errors are the usual five', async () => {
  const cases: Array<[string, string, number]> = [
    ['dis lines 3 |', 'Incomplete command', 21],
    ['dis lines 3 | in', 'Incomplete command', 24],
    ['dis lines 3 | xyz a', 'Unrecognized command', 22],
    ['dis lines 3 | i (', 'Wrong parameter', 24],
    ['dir | include x', 'Too many parameters', 12],
  ];
  for (const [line, msg, col] of cases) {
    const out = await fixture().type(line + '\r');
    assert.equal(out, `${line}\r\n${' '.repeat(col)}^\r\n % ${msg} found at '^' position.\r\n<WX3000>`, line);
  }
});

test('? shows | after a command that filters, then the filter keywords, then TEXT', async () => {
  const d = fixture();
  assert.equal(await d.type('display lines 3 ?'), 'display lines 3 ?\r\n  |  Matching output\r\n  <cr>\r\n<WX3000>display lines 3 ');
  assert.match(await d.type('| ?'), /^\| \?\r\n  begin    Display the first line .*\r\n  exclude  .*\r\n  include  .*\r\n<WX3000>display lines 3 \| $/);
  assert.equal(await d.type('in?'), 'in?\r\n  include\r\n<WX3000>display lines 3 | in');
  await d.type('\t');
  assert.equal(d.engine.line, 'display lines 3 | include ');
  assert.equal(await d.type('?'), '?\r\n  TEXT  Regular expression\r\n<WX3000>display lines 3 | include ');
  assert.doesNotMatch(await fixture().type('dir ?'), /Matching output/);
});
