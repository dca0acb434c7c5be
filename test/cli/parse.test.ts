// Abbreviations, case, exact-match priority, choices, options, repeats, typed parameters, undo forms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURE, fixtureHandlers, Rec } from './fixture';
import { inline } from '../helpers/cli';

async function run(line: string, level = 3) {
  const rec: Rec = { calls: [] };
  const d = inline(FIXTURE, fixtureHandlers(rec), rec, { level });
  const out = await d.type(line + '\r');
  return { call: rec.calls[0], out, calls: rec.calls };
}

const OK: Array<[string, Record<string, unknown>, string[], boolean]> = [
  ['display version', {}, ['display', 'version'], false],
  ['dis ver', {}, ['display', 'version'], false],
  ['DIS VER', {}, ['display', 'version'], false],
  ['  dis   ver  ', {}, ['display', 'version'], false],
  ['dis vl', {}, ['display', 'vlan'], false],
  ['dis vl 4094', { id: 4094 }, ['display', 'vlan'], false],
  ['dis us a', {}, ['display', 'users', 'all'], false],
  ['dir', {}, ['dir'], false],
  ['deb all', {}, ['debugging', 'all'], false],
  ['deb ALL', {}, ['debugging', 'all'], false],
  ['deb Ospf', { module: 'Ospf' }, ['debugging'], false],
  ['ping 10.0.0.1', { host: '10.0.0.1' }, ['ping'], false],
  ['delete CaseKept.cfg', { name: 'CaseKept.cfg' }, ['delete'], false],
  ['header motd %Authorised  use only%  ', { text: '%Authorised  use only%' }, ['header', 'motd'], false],
  ['he l x', { text: 'x' }, ['header', 'login'], false],
  ['undo header motd', {}, ['undo', 'header', 'motd'], true],
  ['u he l', {}, ['undo', 'header', 'login'], true],
  ['service-type ssh', {}, ['service-type', 'ssh'], false],
  ['ser ter ssh tel', {}, ['service-type', 'terminal', 'ssh', 'telnet'], false],
  ['t m', {}, ['terminal', 'monitor'], false],
  ['u t m', {}, ['undo', 'terminal', 'monitor'], true],
];

test('lines that match run their handler with parameters and full keywords', async () => {
  for (const [line, args, kws, undo] of OK) {
    const { call, out } = await run(line);
    assert.ok(call, `'${line}' did not run: ${JSON.stringify(out)}`);
    assert.deepEqual(call.args, args, line);
    assert.deepEqual(call.keywords, kws, line);
    assert.equal(call.undo, undo, line);
  }
});

test('ambiguity is judged among the keywords valid at that position only', async () => {
  // service-type's `terminal` is at position 2, so `ter` at position 1 means `terminal monitor`.
  assert.match((await run('ter mon')).out, /^ter mon\r\n<WX3000>$/);
  // `te` at position 2 of service-type: telnet vs terminal.
  assert.match((await run('ser te')).out, /Ambiguous/);
});

test('an exact keyword wins over longer keywords it prefixes', async () => {
  const rec: Rec = { calls: [] };
  const d = inline(
    [
      {
        view: 'user',
        prompt: '<%sysname%>',
        helpHeader: 'User view commands:',
        commands: [
          { syntax: 'ssh', level: 0, handler: 'rec', help: { ssh: 'a' } },
          { syntax: 'ssh2', level: 0, handler: 'rec', help: { ssh2: 'b' } },
        ],
      },
    ],
    fixtureHandlers(rec),
    rec,
  );
  await d.type('ssh\r');
  await d.type('SSH2\r');
  assert.deepEqual(rec.calls.map((c) => c.keywords), [['ssh'], ['ssh2']]);
  assert.match(await d.type('ss\r'), /Ambiguous/);
});

test('parameters keep their case; integers arrive as numbers', async () => {
  assert.deepEqual((await run('dis vlan 0010')).call.args, { id: 10 });
  assert.deepEqual((await run('delete MiXeD')).call.args, { name: 'MiXeD' });
});
