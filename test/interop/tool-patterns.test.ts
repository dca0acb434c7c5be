// Scrapli and Oxidized are not packaged: our prompts, error lines and paging bytes are checked against the
// patterns they use (reference/comware-cli.md §13), driving the CLI engine in-process over a temp device.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Device } from '../../src/device';
import type { CliServices } from '../../src/commands';
import { Driver, newDevice, real } from '../helpers/cli';

// scrapli_community hp_comware (python, re.M | re.I)
const SCRAPLI_USER = /^<[a-z0-9.\-_@()/:]{1,48}>\s*$/im;
const SCRAPLI_CONFIG = /^(?=\[[a-z0-9.\-_@/:]{1,64}\]$).*$/im;
// scrapligo hp_comware
const SCRAPLIGO_USER = /^<[\w.\-@/:]{1,63}>$/im;
const SCRAPLIGO_CONFIG = /^[[\w.\-@/:]{1,63}]$/im;
// Oxidized comware (Ruby: ^ and $ are line anchors)
const OXIDIZED = /^\0*(<[\w.-]+>).?$/m;
const SCRAPLI_FAILED = ["% Unrecognized command found at '^' position."];
const SCRAPLIGO_FAILED = [...SCRAPLI_FAILED, '% Ambiguous command', '% Wrong parameter', '% Incomplete command', '% Too many parameters'];

let device: Device;

before(() => {
  device = newDevice();
});
after(async () => {
  await device.close();
  fs.rmSync(device.paths.dir, { recursive: true, force: true });
});

/** bob on vty 0, as a tool logs in: a wide terminal, paging as given (none by default). */
function session(opts: { screenLength?: number } = {}): Promise<Driver<CliServices>> {
  return real({ userName: 'bob', userInterface: 'vty 0', width: 256, height: 24, screenLength: opts.screenLength ?? 0 }, { device });
}

test('user view prompt <WX3000>: scrapli, scrapligo, Oxidized and netmiko all recognise it', async () => {
  const t = await session();
  assert.equal(t.lastLine(), '<WX3000>');
  for (const re of [SCRAPLI_USER, SCRAPLIGO_USER, OXIDIZED]) assert.match(t.lastLine(), re, String(re));
  assert.doesNotMatch(t.lastLine(), SCRAPLI_CONFIG);
  // A bare Enter: CRLF then the same prompt (netmiko's prompt discovery).
  assert.equal(await t.type('\r'), '\r\n<WX3000>');
  // netmiko: last line ends in > or ], base prompt = without first and last character.
  assert.equal(t.lastLine().slice(1, -1), 'WX3000');
});

test('system view prompt [WX3000]: scrapli config patterns match, user-view patterns do not', async () => {
  const t = await session();
  await t.type('system-view\r');
  const p = t.lastLine();
  assert.equal(p, '[WX3000]');
  for (const re of [SCRAPLI_CONFIG, SCRAPLIGO_CONFIG]) assert.match(p, re, String(re));
  for (const re of [SCRAPLI_USER, SCRAPLIGO_USER, OXIDIZED]) assert.doesNotMatch(p, re, String(re));
  // scrapli de-escalates with quit, one level at a time; return goes straight to user view (netmiko).
  await t.type('quit\r');
  assert.equal(t.lastLine(), '<WX3000>');
  await t.type('system-view\r');
  await t.type('return\r');
  assert.equal(t.lastLine(), '<WX3000>');
});

test('sub-view prompt [WX3000-luser-bob] matches scrapli config patterns and contains the sysname', async () => {
  const shape = '[WX3000-luser-bob]';
  for (const re of [SCRAPLI_CONFIG, SCRAPLIGO_CONFIG]) assert.match(shape, re, String(re));
  const t = await session();
  await t.type('system-view\r');
  await t.type('local-user bob\r');
  assert.equal(t.lastLine(), shape);
  await t.type('quit\r');
  assert.equal(t.lastLine(), '[WX3000]', 'quit steps up one level');
});

test('errors: a caret line and one % line that scrapli/scrapligo treat as failures, then the prompt', async () => {
  const t = await session();
  for (const bad of ['displayy version', 'display versionn', 'display version extra', 'display']) {
    const out = await t.type(bad + '\r');
    const lines = out.split('\r\n');
    assert.equal(lines[0], bad, 'verbatim echo');
    assert.equal(lines[lines.length - 1], '<WX3000>', 'prompt last');
    const body = lines.slice(1, -1).filter((l) => l !== '');
    assert.equal(body.length, 2, `caret + message for '${bad}': ${JSON.stringify(body)}`);
    assert.match(body[0], /^ *\^$/);
    assert.match(body[1], /^ % [A-Z][a-z]+( [a-z]+)* found at '\^' position\.$/);
    assert.ok(SCRAPLIGO_FAILED.some((f) => body[1].includes(f)), `scrapligo flags: ${body[1]}`);
    if (bad.startsWith('displayy')) assert.ok(SCRAPLI_FAILED.some((f) => body[1].includes(f)));
  }
});

test('screen-length disable and undo terminal monitor: accepted with at most one line', async () => {
  const t = await session();
  const sl = (await t.type('screen-length disable\r')).split('\r\n').filter((l) => l);
  assert.ok(sl.length <= 3, JSON.stringify(sl)); // echo, at most one reply line, prompt
  assert.ok(!SCRAPLIGO_FAILED.some((f) => sl.join('\n').includes(f)), JSON.stringify(sl));
  assert.equal(sl[sl.length - 1], '<WX3000>');
  const tm = (await t.type('undo terminal monitor\r')).split('\r\n').filter((l) => l);
  assert.ok(tm.length <= 3 && !SCRAPLIGO_FAILED.some((f) => tm.join('\n').includes(f)), JSON.stringify(tm));
});

test("paging: '  ---- More ----' on an interactive session, erased with ESC[16D, none after screen-length disable", async () => {
  const t = await session({ screenLength: 4 });
  const first = await t.type('display version\r');
  assert.ok(first.endsWith('  ---- More ----'), JSON.stringify(first.slice(-40)));
  // Oxidized and netmiko never see this: they send screen-length disable first.
  const rest = await t.type(' ');
  assert.ok(rest.startsWith('\x1b[16D' + ' '.repeat(16) + '\x1b[16D'), JSON.stringify(rest.slice(0, 40)));
  let guard = 0;
  while (!t.output().endsWith('<WX3000>') && guard++ < 20) await t.type(' ');
  assert.equal(t.lastLine(), '<WX3000>');
  await t.type('screen-length disable\r');
  const all = await t.type('display version\r');
  assert.doesNotMatch(all, /---- More ----/);
  assert.ok(all.endsWith('<WX3000>'));
});
