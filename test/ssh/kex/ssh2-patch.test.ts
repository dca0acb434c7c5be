// scripts/patch-ssh2.js (npm postinstall) and the hook it gives ssh2: applied to the installed ssh2,
// idempotent, and loud on any kex.js that is not ssh2 1.17.0's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { installHybridKex } from '../../../src/ssh/kex/ssh2-kex-hook';
import { ROOT, tempDir } from '../../helpers/daemon';

const SCRIPT = path.join(ROOT, 'scripts/patch-ssh2.js');
const INSTALLED = require.resolve('ssh2/lib/protocol/kex.js');
const patch = (file: string) => spawnSync(process.execPath, [SCRIPT, file], { encoding: 'utf8' });
const ADDED = /^.*wx3000-mgmt patch\n(?:.*wx3000Kex\b.*\n)?/gm;

test('the installed ssh2 carries the kex hook and installHybridKex accepts it', () => {
  const kex = require('ssh2/lib/protocol/kex.js') as Record<string, unknown>;
  assert.ok('wx3000KexExtension' in kex);
  installHybridKex();
  assert.equal(typeof kex.wx3000KexExtension, 'function');
});

test('patching ssh2 1.17.0 gives the installed file; patching again changes nothing', () => {
  const dir = tempDir('wx3000-patch-');
  const installed = fs.readFileSync(INSTALLED, 'utf8');
  const pristine = installed.replace(ADDED, '');
  assert.notEqual(pristine, installed);
  const file = path.join(dir, 'kex.js');
  fs.writeFileSync(file, pristine);
  const first = patch(file);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(fs.readFileSync(file, 'utf8'), installed);
  const again = patch(file);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(fs.readFileSync(file, 'utf8'), installed);
});

test('any other kex.js fails the install loudly and is left alone', () => {
  const dir = tempDir('wx3000-patch-');
  const file = path.join(dir, 'kex.js');
  const other = fs.readFileSync(INSTALLED, 'utf8').replace(ADDED, '').replace("'use strict';", "'use strict'; // 1.17.1");
  fs.writeFileSync(file, other);
  const r = patch(file);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^patch-ssh2: .* is not ssh2 1\.17\.0's/);
  assert.equal(fs.readFileSync(file, 'utf8'), other);
});
