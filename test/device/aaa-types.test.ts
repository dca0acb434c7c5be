// The `user@domain` split and the name RADIUS receives (comware-aaa-files.md §1.2, §2.1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loginMethod, methodText, newDomain, radiusUserName, splitUserName } from '../../src/device/aaa-types';

test('user@domain splits at the first @; a second @, an empty user or domain is invalid', () => {
  assert.deepEqual(splitUserName('bob'), { userId: 'bob' });
  assert.deepEqual(splitUserName('bob@corp'), { userId: 'bob', domain: 'corp' });
  assert.equal(splitUserName('bob@corp@x'), undefined);
  assert.equal(splitUserName('@corp'), undefined);
  assert.equal(splitUserName('bob@'), undefined);
});

test('user-name-format: with-domain appends the default domain, without-domain strips, keep-original keeps', () => {
  assert.equal(radiusUserName('bob', 'bob', 'system', 'with-domain'), 'bob@system');
  assert.equal(radiusUserName('bob@corp', 'bob', 'corp', 'without-domain'), 'bob');
  assert.equal(radiusUserName('bob', 'bob', 'system', 'keep-original'), 'bob');
  assert.equal(radiusUserName('bob@corp', 'bob', 'corp', 'keep-original'), 'bob@corp');
});

test('login overrides default; nothing set is local', () => {
  const d = newDomain('corp');
  assert.deepEqual(loginMethod(d, 'authentication'), { kind: 'local' });
  d.methods['authentication.default'] = { kind: 'none' };
  assert.deepEqual(loginMethod(d, 'authentication'), { kind: 'none' });
  d.methods['authentication.login'] = { kind: 'radius', scheme: 'rad', local: true };
  assert.equal(methodText(loginMethod(d, 'authentication')), 'RADIUS=rad, Local');
  assert.deepEqual(loginMethod(d, 'accounting'), { kind: 'local' });
});
