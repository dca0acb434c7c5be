// Property test with a seeded generator: random lines and random bytes never make the engine
// throw, and every line that does not run yields exactly one of the five Comware errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { CliEngine, compileTree, Handler, readSources, Tree } from '../../src/cli';
import { matchLine, visibleCommands } from '../../src/cli/matcher';
import { errorLines, ERROR_TEXT } from '../../src/cli/messages';
import { FIXTURE } from './fixture';
import { rng } from '../helpers/rng';

const trees: Array<[string, Tree]> = [
  ['real', compileTree(readSources(path.resolve(__dirname, '../../../../cli-tree')))],
  ['fixture', compileTree(FIXTURE)],
];

function vocabulary(tree: Tree): string[] {
  const words = new Set<string>(['0', '1', '3', '4', '4095', '-1', '10.0.0.1', '1.2.3.999', 'x', 'ABC', '#', '%', '?', 'a'.repeat(40)]);
  for (const v of tree.views.values())
    for (const c of v.own) for (const n of c.nodes) for (const e of n.edges) if (e.kind === 'kw') words.add(e.word);
  return [...words];
}

const MESSAGES = new Set(Object.values(ERROR_TEXT));

function randomLine(rand: () => number, vocab: string[]): string {
  const n = Math.floor(rand() * 6);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    let w = vocab[Math.floor(rand() * vocab.length)];
    const r = rand();
    if (r < 0.3) w = w.slice(0, 1 + Math.floor(rand() * w.length)); // abbreviation
    else if (r < 0.4) w = w.toUpperCase();
    else if (r < 0.45) w = String.fromCharCode(33 + Math.floor(rand() * 94)) + w;
    parts.push(w);
  }
  return ' '.repeat(Math.floor(rand() * 2)) + parts.join(' '.repeat(1 + Math.floor(rand() * 2)));
}

test('10^5 random lines per tree: a command or exactly one of the five errors, caret within the line', () => {
  for (const [name, tree] of trees) {
    const rand = rng(name.length * 7919);
    const vocab = vocabulary(tree);
    const views = [...tree.views.values()];
    for (let i = 0; i < 100_000; i++) {
      const line = randomLine(rand, vocab);
      const view = views[Math.floor(rand() * views.length)];
      const level = Math.floor(rand() * 4);
      const r = matchLine(line, visibleCommands(tree, view, level));
      if (r.ok) {
        assert.ok(r.matched.cand.cmd.level <= level, 'a command above the level matched');
        continue;
      }
      const [caret, msg] = errorLines(r.kind, r.column);
      assert.ok(MESSAGES.has(msg), `${name}: '${line}'`);
      assert.ok(r.column <= line.length, `${name}: caret beyond '${line}'`);
      assert.equal(caret.length, r.column + 1);
    }
  }
});

const noop: Handler<unknown> = () => undefined;

function engineOver(tree: Tree, interactive: boolean, write: (s: string) => void, width = 80) {
  const handlers: Record<string, Handler<unknown>> = {};
  for (const h of tree.handlerNames) handlers[h] = noop;
  return new CliEngine<unknown>({
    tree,
    handlers,
    services: {},
    session: { userName: 'f', level: 3, userInterface: 'vty 0', interactive, width, screenLength: 7 },
    vars: { sysname: 'WX3000' },
    write,
  });
}

test('random lines through runLine: output is empty or one caret line plus one message', async () => {
  for (const [name, tree] of trees) {
    const rand = rng(99 + name.length);
    const vocab = vocabulary(tree);
    const e = engineOver(tree, false, () => undefined);
    for (let i = 0; i < 10_000; i++) {
      const line = randomLine(rand, vocab);
      const { output, ok } = await e.runLine(line);
      if (ok) {
        assert.equal(output, '', `'${line}'`);
        continue;
      }
      const lines = output.split('\r\n');
      assert.equal(lines.length, 3, `'${line}' → ${JSON.stringify(output)}`);
      assert.match(lines[0], /^ *\^$/);
      assert.ok(MESSAGES.has(lines[1]), `'${line}'`);
    }
  }
});

test('10^5 random byte chunks into an interactive engine never throw and leave it usable', async () => {
  const special = ['\r', '\n', '\r\n', '\t', '?', '\x1b', '\x1b[', '\x1b[A', '\x1b[B', '\x1b[C', '\x1b[D', '\x1bO', '\x1b[3~', '\x1bb', '\x1bf', '\x1bd', ' ', 'dis', 'sys', 'q'];
  for (const [name, tree] of trees) {
    const rand = rng(4242 + name.length);
    let out = '';
    const e = engineOver(tree, true, (s) => (out += s), 20 + Math.floor(rand() * 100));
    e.start();
    for (let i = 0; i < 100_000; i++) {
      let chunk = '';
      const n = 1 + Math.floor(rand() * 4);
      for (let j = 0; j < n; j++) {
        chunk += rand() < 0.5 ? special[Math.floor(rand() * special.length)] : String.fromCharCode(Math.floor(rand() * 256));
      }
      e.feed(Buffer.from(chunk, 'latin1'));
      if (i % 64 === 0) {
        await e.idle();
        assert.ok(!/(^|[^\r])\n/.test(out), 'every line ends in CRLF');
        out = out.slice(-1);
      }
    }
    await e.idle();
    // Whatever state the noise left (a More prompt, a half escape), Ctrl+C, Ctrl+Z and Enter recover.
    e.feed('q\x03\x1a\x03\r');
    await e.idle();
    out = '';
    e.feed('display version\r');
    await e.idle();
    assert.equal(out, 'display version\r\n<WX3000>', name);
  }
});
