// Every handler the tree names exists, and every registered handler is used by the tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { compileTree, readSources } from '../../src/cli';
import { handlers, sections } from '../../src/commands';

const tree = compileTree(readSources(path.resolve(__dirname, '../../../../cli-tree')));

test('every handler named in cli-tree is registered', () => {
  const missing = [...tree.handlerNames].filter((h) => typeof handlers[h] !== 'function');
  assert.deepEqual(missing, []);
});

test('every registered handler is named in cli-tree', () => {
  const unused = Object.keys(handlers).filter((h) => !tree.handlerNames.has(h));
  assert.deepEqual(unused, []);
});

test('every section renderer is named by a view and exists', () => {
  assert.deepEqual([...tree.sectionNames].filter((s) => !(s in sections)), []);
  assert.deepEqual(Object.keys(sections).filter((s) => !tree.sectionNames.has(s)), []);
});
