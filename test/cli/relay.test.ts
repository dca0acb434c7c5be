// A command that borrows the terminal (ssh2's relay): keys as typed, Ctrl+C and type-ahead included,
// window sizes, output unpaged; the prompt returns when it gives the terminal back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Handler, RawTerminal, ViewSource } from '../../src/cli';
import { inline } from '../helpers/cli';

const TREE: ViewSource[] = [
  {
    view: 'user',
    prompt: '<%sysname%>',
    helpHeader: 'User view commands:',
    commands: [{ syntax: 'relay', help: { relay: 'Relay the terminal' }, level: 0, handler: 'relay' }],
  },
];

test('a relaying command gets raw keys and window sizes until it releases the terminal', async () => {
  const got: string[] = [];
  const sizes: string[] = [];
  let term: RawTerminal | undefined;
  let release: () => void = () => undefined;
  const released = new Promise<void>((r) => (release = r));
  const relay: Handler<object> = async (ctx) => {
    ctx.io.print('Connecting.');
    // Keys typed while connecting wait for the remote side.
    await new Promise((r) => setTimeout(r, 20));
    term = await ctx.io.terminal();
    sizes.push(`${term.cols}x${term.rows}`);
    term.onInput((d) => {
      got.push(d);
      term!.write(`[${d}]`);
      if (d.includes('q')) {
        term!.release();
        release();
      }
    });
    term.onResize((c, r) => sizes.push(`${c}x${r}`));
    await released;
  };
  const d = inline(TREE, { relay }, {}, { width: 100, height: 30 });
  d.engine.feed('relay\rls\r');
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(got, ['ls\r'], 'type-ahead goes to the remote side');
  await d.type('\x03\x1b[A\t');
  assert.deepEqual(got.slice(1), ['\x03\x1b[A\t'], 'Ctrl+C, arrows and Tab are not the editor\'s');
  d.engine.resize(132, 43);
  d.engine.notify('***Message from vty0 to vty1\r\nhello');
  assert.deepEqual(sizes, ['100x30', '132x43']);
  await d.type('q');
  await released;
  await d.engine.idle();
  await new Promise((r) => setImmediate(r));
  // A message that came meanwhile is shown once the terminal is back, not inside the remote screen.
  assert.match(d.output(), /Connecting\.\r\n\[ls\r\]\[\x03\x1b\[A\t\]\[q\]\*\*\*Message from vty0 to vty1\r\nhello\r\n<WX3000>$/);
  // The keys are the editor's again.
  await d.type('rel');
  assert.equal(d.engine.line, 'rel');
});
