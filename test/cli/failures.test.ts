// Handler crashes and host wiring mistakes: reported, never fatal, never leaking a password.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CliEngine, compileTree, ViewSource } from '../../src/cli';

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

function engine(errors: Array<[string, string]>, write: (s: string) => void) {
  return new CliEngine<undefined>({
    tree: compileTree(TREE),
    handlers: {
      crash: () => {
        throw new Error('boom');
      },
    },
    services: undefined,
    session: { userName: 'u', level: 0, userInterface: 'vty 0', interactive: true },
    vars: { sysname: 'WX3000' },
    write,
    onError: (err, line) => errors.push([(err as Error).message, line]),
  });
}

test('a crashing handler prints a one-line failure, the session goes on, the host hears of it', async () => {
  const errors: Array<[string, string]> = [];
  let out = '';
  const e = engine(errors, (s) => (out += s));
  e.start();
  e.feed('crash\r');
  await e.idle();
  assert.equal(out, '<WX3000>crash\r\n% Failed to execute the command.\r\n<WX3000>');
  e.feed('secret Hunter2\r');
  await e.idle();
  assert.deepEqual(errors, [
    ['boom', 'crash'],
    ['boom', 'secret pw:STRING<1-20>'],
  ]);
  assert.ok(!JSON.stringify(errors).includes('Hunter2'));
});

test('an engine refuses a tree naming a handler the host did not supply', () => {
  assert.throws(
    () =>
      new CliEngine<undefined>({
        tree: compileTree(TREE),
        handlers: {},
        services: undefined,
        session: { userName: 'u', level: 0, userInterface: 'vty 0', interactive: true },
        write: () => undefined,
      }),
    /handler 'crash'/,
  );
});
