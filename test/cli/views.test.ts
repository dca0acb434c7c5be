// View stack (§1): system-view, quit, return, Ctrl+Z, falling through to system view, `#` lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURE, fixtureHandlers, Rec } from './fixture';
import { inline } from '../helpers/cli';

function fixture() {
  const rec: Rec = { calls: [] };
  return { rec, d: inline(FIXTURE, fixtureHandlers(rec), rec) };
}

test('prompts follow the stack; quit steps up and ends the session from user view', async () => {
  const { d } = fixture();
  assert.equal(d.output(), '<WX3000>');
  assert.equal(await d.type('sys\r'), 'sys\r\n[WX3000]');
  assert.equal(await d.type('local-user bob\r'), 'local-user bob\r\n[WX3000-luser-bob]');
  assert.equal(await d.type('quit\r'), 'quit\r\n[WX3000]');
  assert.equal(await d.type('quit\r'), 'quit\r\n<WX3000>');
  assert.equal(d.exited(), false);
  assert.equal(await d.type('quit\r'), 'quit\r\n');
  assert.equal(d.exited(), true);
  assert.equal(await d.type('dis ver\r'), '', 'nothing runs after the session ended');
});

test('return and Ctrl+Z go to user view; return does not exist in user view', async () => {
  const { d } = fixture();
  await d.type('sys\rlocal-user a\r');
  assert.equal(await d.type('return\r'), 'return\r\n<WX3000>');
  assert.match(await d.type('return\r'), /Unrecognized/);
  await d.type('sys\rlocal-user a\r');
  assert.equal(await d.type('pass\x1a'), 'pass\r\n<WX3000>');
  assert.equal(d.engine.line, '');
  assert.equal(await d.type('\x1a'), '\r\n<WX3000>');
});

test('a system-view command typed in a sub-view runs in system view and the prompt follows', async () => {
  const { d, rec } = fixture();
  await d.type('sys\r');
  await d.type('local-user a\r');
  assert.equal(await d.type('local-user b\r'), 'local-user b\r\n[WX3000-luser-b]');
  assert.equal(rec.calls[1].view, 'system');
  assert.equal(await d.type('user-interface vty 0 4\r'), 'user-interface vty 0 4\r\n[WX3000-ui-vty0-4]');
  assert.equal(await d.type('user-interface vty 1\r'), 'user-interface vty 1\r\n[WX3000-ui-vty1]');
  assert.equal(await d.type('sysname S1\r'), 'sysname S1\r\n[S1]');
  assert.equal(await d.type('quit\r'), 'quit\r\n<S1>');
});

test('sub-view commands run in place; quit from a fallen-through sub-view goes to its parent', async () => {
  const { d, rec } = fixture();
  await d.type('sys\rlocal-user a\r');
  assert.equal(await d.type('password simple x\r'), 'password simple x\r\n[WX3000-luser-a]');
  assert.equal(rec.calls.at(-1)!.view, 'luser');
  assert.equal(await d.type('quit\r'), 'quit\r\n[WX3000]');
});

test('a view without the navigation group does not inherit quit through its fallthrough', async () => {
  const { d } = fixture();
  await d.type('sys\rpublic-key peer k1\r');
  assert.equal(d.engine.currentPrompt, '[WX3000-pkey-public-key]');
  assert.match(await d.type('quit\r'), /Unrecognized/);
  assert.match(await d.type('return\r'), /Unrecognized/);
  assert.equal(await d.type('sysname P\r'), 'sysname P\r\n[P]', 'system commands still fall through');
  await d.type('public-key peer k2\r');
  assert.equal(await d.type('peer-public-key end\r'), 'peer-public-key end\r\n[P]');
});

test('lines starting with # do nothing in any view', async () => {
  const { d, rec } = fixture();
  assert.equal(await d.type('#\r'), '#\r\n<WX3000>');
  await d.type('sys\r');
  assert.equal(await d.type('  # local-user x\r'), '  # local-user x\r\n[WX3000]');
  assert.equal(rec.calls.length, 1);
});

test('the view commands accept the config-file flow netmiko pushes (no quit between sections)', async () => {
  const { d } = fixture();
  const out = await d.type('system-view\rlocal-user a\rpassword simple p\rlocal-user b\rreturn\r');
  assert.equal(
    out,
    'system-view\r\n[WX3000]local-user a\r\n[WX3000-luser-a]password simple p\r\n[WX3000-luser-a]local-user b\r\n[WX3000-luser-b]return\r\n<WX3000>',
  );
});
