// `?` help (§2.1) and Tab completion (§2.2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURE, fixtureHandlers, Rec } from './fixture';
import { inline } from '../helpers/cli';

function fixture(level = 3) {
  const rec: Rec = { calls: [] };
  return { rec, d: inline(FIXTURE, fixtureHandlers(rec), rec, { level }) };
}

test('bare ? lists the view header and visible commands, then re-shows the prompt', async () => {
  const { d } = fixture(1);
  const out = await d.type('?');
  assert.equal(
    out,
    [
      '?',
      'User view commands:',
      '  ask           Ask questions',
      '  dir           List files',
      '  display       Display current system information',
      '  fail          Fail semantically',
      '  ping          Ping a host',
      '  quit          Exit from current command view',
      '  service-type  Service types',
      '  setlevel      Set level',
      '  slow          Take a while',
      '  terminal      Terminal',
      '  undo          Cancel current setting',
      '<WX3000>',
    ].join('\r\n'),
  );
});

test('? after a word lists what may follow, parameters as types, and <cr>', async () => {
  const { d } = fixture();
  assert.equal(
    await d.type('display ?'),
    [
      'display ?',
      '  lines    Numbered lines',
      '  users    User information',
      '  version  Version information',
      '  vlan     VLAN information',
      '<WX3000>display ',
    ].join('\r\n'),
  );
  assert.equal(await d.type('vlan ?'), ['vlan ?', '  INTEGER<1-4094>  VLAN ID', '  <cr>', '<WX3000>display vlan '].join('\r\n'));
  assert.equal(d.engine.line, 'display vlan ');
});

test('partial help lists matching keywords only; no match is an Unrecognized error', async () => {
  const { d } = fixture();
  assert.equal(await d.type('d?'), ['d?', '  debugging', '  delete', '  dir', '  display', '<WX3000>d'].join('\r\n'));
  await d.type('\x03');
  assert.equal(
    await d.type('dis q?'),
    ['dis q?', '            ^', " % Unrecognized command found at '^' position.", '<WX3000>dis q'].join('\r\n'),
  );
});

test('help hides commands above the level and shows the sub-view header', async () => {
  const { d } = fixture(0);
  const out = await d.type('?');
  assert.doesNotMatch(out, /display|delete|system-view|terminal/);
  const { d: d3 } = fixture(3);
  await d3.type('sys\r');
  assert.match(await d3.type('?'), /^\?\r\nSystem view commands:\r\n  local-user /);
});

test('Tab completes a unique prefix with a trailing space', async () => {
  const { d } = fixture();
  await d.type('sys\t');
  assert.equal(d.engine.line, 'system-view ');
  await d.type('\x03dis ver\t');
  assert.equal(d.engine.line, 'dis version ');
});

test('Tab cycles through several candidates; another key ends the cycle', async () => {
  const { d } = fixture();
  await d.type('dis v\t');
  assert.equal(d.engine.line, 'dis version');
  await d.type('\t');
  assert.equal(d.engine.line, 'dis vlan');
  await d.type('\t');
  assert.equal(d.engine.line, 'dis version');
  await d.type(' ');
  assert.equal(d.engine.line, 'dis version ');
});

test('Tab with no candidate re-displays the line on a new line', async () => {
  const { d } = fixture();
  assert.equal(await d.type('dis qq\t'), 'dis qq\r\n<WX3000>dis qq');
  assert.equal(d.engine.line, 'dis qq');
});

test('Tab does not complete commands above the level', async () => {
  const { d } = fixture(0);
  assert.equal(await d.type('del\t'), 'del\r\n<WX3000>del');
});
