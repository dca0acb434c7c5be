// Every handler the tree names exists, and every registered handler is used by the tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { compileTree, readSources } from '../../src/cli';
import { handlers, missingHandlers } from '../../src/commands';
import { CONFIG_LAYOUT } from '../../src/commands/config-layout';

const tree = compileTree(readSources(path.resolve(__dirname, '../../../../cli-tree')));

test('every handler named in cli-tree is registered', () => {
  const missing = [...tree.handlerNames].filter((h) => typeof handlers[h] !== 'function');
  assert.deepEqual(missing, []);
});

test('every registered handler is exported, as a function, by the module the registry names', () => {
  assert.deepEqual(missingHandlers(), []);
});

test('every registered handler is named in cli-tree', () => {
  const unused = Object.keys(handlers).filter((h) => !tree.handlerNames.has(h));
  assert.deepEqual(unused, []);
});

test('every configuration section a view names for display this exists', () => {
  assert.deepEqual([...tree.sectionNames].filter((s) => !CONFIG_LAYOUT.some((c) => c.name === s)), []);
  // Only the default domain is shown by no view's display this.
  assert.deepEqual(CONFIG_LAYOUT.map((c) => c.name).filter((s) => !tree.sectionNames.has(s)), ['domain-default']);
});
