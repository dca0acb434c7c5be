// `wx3000 console | head -1`: the reader goes away mid-output; the console ends quietly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { BIN, tempDir } from '../helpers/daemon';

test('a closed stdout ends the console without a stack trace', () => {
  const dir = tempDir();
  const r = spawnSync('bash', ['-c', `set -o pipefail; for i in $(seq 200); do echo "display version"; done | "${process.execPath}" "${BIN}" console --data-dir "${dir}" 2>err.txt | head -c 5; cat err.txt`], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 20000,
  });
  assert.equal(r.stdout, '3Com ');
  assert.doesNotMatch(r.stdout + r.stderr, /Error|EPIPE|at /);
  assert.equal(r.status, 0);
});
