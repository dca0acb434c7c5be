import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyNameProblem, userNameProblem } from '../../src/store/names';

test('valid Comware user names', () => {
  for (const n of ['admin', 'b', 'alla', 'Ala', 'user.name-1_2', 'x'.repeat(55), 'ALL_users', '#$%&!']) {
    assert.equal(userNameProblem(n), undefined, n);
  }
});

test('invalid user names: length, forbidden characters, spaces, control characters, a/al/all', () => {
  const bad = ['', 'x'.repeat(56), 'a', 'al', 'all', 'ALL', 'Al', 'A', 'bob smith', 'tab\tname', 'nl\n', 'del\x7f', 'é'];
  for (const c of '\\|/:*?<>@') bad.push(`bo${c}b`);
  for (const n of bad) assert.notEqual(userNameProblem(n), undefined, JSON.stringify(n));
});

test('key names', () => {
  assert.equal(keyNameProblem('bobkey'), undefined);
  assert.notEqual(keyNameProblem(''), undefined);
  assert.notEqual(keyNameProblem('a b'), undefined);
  assert.notEqual(keyNameProblem('k'.repeat(65)), undefined);
});
