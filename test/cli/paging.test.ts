// `---- More ----` paging (§5).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURE, fixtureHandlers, Rec } from './fixture';
import { inline } from '../helpers/cli';
import type { SessionOptions } from '../../src/cli';

const MORE = '  ---- More ----';
const ERASE = '\x1b[16D' + ' '.repeat(16) + '\x1b[16D';
const L = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => `line ${a + i}\r\n`).join('');

function fixture(session: Partial<SessionOptions> = {}) {
  const rec: Rec = { calls: [] };
  return inline(FIXTURE, fixtureHandlers(rec), rec, { screenLength: 5, ...session });
}

test('N-1 lines, then More; Space shows the next page, Enter one line', async () => {
  const d = fixture();
  assert.equal(await d.type('display lines 10\r'), 'display lines 10\r\n' + L(1, 4) + MORE);
  assert.equal(await d.type(' '), ERASE + L(5, 8) + MORE);
  assert.equal(await d.type('\r'), ERASE + L(9, 9) + MORE);
  assert.equal(await d.type('\n'), '', 'LF right after CR belongs to the same Enter');
  assert.equal(await d.type('\n'), ERASE + L(10, 10) + '<WX3000>');
});

test('q and Ctrl+C stop the output; other keys are ignored; keys after the answer wait', async () => {
  for (const stop of ['q', 'Q', '\x03']) {
    const d = fixture();
    await d.type('display lines 10\r');
    assert.equal(await d.type('x'), '', 'other keys do nothing at More');
    assert.equal(await d.type(stop), ERASE + '\r\n<WX3000>');
  }
  const d = fixture();
  assert.equal(await d.type('display lines 6\r'), 'display lines 6\r\n' + L(1, 4) + MORE);
  assert.equal(await d.type(' dir\r'), ERASE + L(5, 6) + '<WX3000>dir\r\n<WX3000>');
});

test('screen-length 0 and non-interactive sessions never page', async () => {
  assert.equal(await fixture({ screenLength: 0 }).type('display lines 30\r'), 'display lines 30\r\n' + L(1, 30) + '<WX3000>');
  assert.equal(await fixture({ interactive: false }).type('display lines 30\r'), L(1, 30));
});

test('lines wider than the window count as several rows', async () => {
  const rec: Rec = { calls: [] };
  const handlers = { ...fixtureHandlers(rec), lines: (ctx: Parameters<ReturnType<typeof fixtureHandlers>['lines']>[0]) => {
    ctx.io.print('x'.repeat(25));
    ctx.io.print('y');
    ctx.io.print('z');
    ctx.io.print('w');
  } };
  const d = inline(FIXTURE, handlers, rec, { screenLength: 5, width: 20 });
  assert.equal(await d.type('display lines 1\r'), 'display lines 1\r\n' + 'x'.repeat(25) + '\r\ny\r\nz\r\n' + MORE);
});
