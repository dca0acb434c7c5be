// Handler crashes and host wiring mistakes: reported, never fatal, never leaking a password.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ViewSource } from '../../src/cli';
import { inline } from '../helpers/cli';

const TREE: ViewSource[] = [
  {
    view: 'user',
    prompt: '<%sysname%>',
    helpHeader: 'User view commands:',
    commands: [
      { syntax: 'crash', level: 0, handler: 'crash', help: { crash: 'Crash' } },
      { syntax: 'secret pw:STRING<1-20>', level: 0, handler: 'crash', secret: true, help: { secret: 'Set a secret', pw: 'Secret' } },
    ],
  },
];

const SESSION = { userName: 'u', level: 0, userInterface: 'vty 0' };
const crash = () => {
  throw new Error('boom');
};

test('a crashing handler prints a one-line failure, the session goes on, the host hears of it', async () => {
  const errors: Array<[string, string]> = [];
  const d = inline(TREE, { crash }, undefined, SESSION, { onError: (err, line) => errors.push([(err as Error).message, line]) });
  await d.type('crash\r');
  assert.equal(d.output(), '<WX3000>crash\r\n% Failed to execute the command.\r\n<WX3000>');
  await d.type('secret Hunter2\r');
  assert.deepEqual(errors, [
    ['boom', 'crash'],
    ['boom', 'secret pw:STRING<1-20>'],
  ]);
  assert.ok(!JSON.stringify(errors).includes('Hunter2'));
});

test('an engine refuses a tree naming a handler the host did not supply', () => {
  assert.throws(() => inline(TREE, {}, undefined, SESSION), /handler 'crash'/);
});
