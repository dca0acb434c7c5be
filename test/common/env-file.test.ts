// KEY=VALUE config files (firmware /etc/wx3000/wx3000.conf) and `serve --config-file` precedence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from '../../src/common/args';
import { parseEnvFile } from '../../src/common/env-file';
import { UsageError } from '../../src/common/errors';
import { applyConfigFile } from '../../src/bin/serve-config-file';
import { tempDir } from '../helpers/daemon';

const SERVE_FLAGS = { values: ['data-dir', 'listen', 'port', 'log-level', 'syslog', 'config-file'] };

test('env file: comments, blanks, quotes, export', () => {
  const m = parseEnvFile('# c\n\nLISTEN=0.0.0.0\nexport PORT=22\nDATA_DIR="/var/lib/wx3000"\nSYSLOG=\nX=\'a b\'\r\n');
  assert.deepEqual([...m], [
    ['LISTEN', '0.0.0.0'],
    ['PORT', '22'],
    ['DATA_DIR', '/var/lib/wx3000'],
    ['SYSLOG', ''],
    ['X', 'a b'],
  ]);
  assert.throws(() => parseEnvFile('PORT 22'), UsageError);
  assert.throws(() => parseEnvFile('LISTEN=a b'), /line 1/);
});

test('serve --config-file fills missing flags; command-line flags win; unknown keys are errors', () => {
  const dir = tempDir();
  const file = path.join(dir, 'wx3000.conf');
  fs.writeFileSync(file, 'LISTEN=127.0.0.1\nPORT=2200\nDATA_DIR=/x\nLOG_LEVEL=debug\nSYSLOG=\nWX3000_OPTS="--port 1"\n');
  const args = parseArgs(['--config-file', file, '--port', '0'], SERVE_FLAGS);
  applyConfigFile(args);
  assert.equal(args.flags.get('port'), '0');
  assert.equal(args.flags.get('listen'), '127.0.0.1');
  assert.equal(args.flags.get('data-dir'), '/x');
  assert.equal(args.flags.get('log-level'), 'debug');
  assert.equal(args.flags.has('syslog'), false, 'an empty value is not set');

  fs.writeFileSync(file, 'PROT=22\n');
  assert.throws(() => applyConfigFile(parseArgs(['--config-file', file], SERVE_FLAGS)), /unknown setting PROT/);
  assert.throws(() => applyConfigFile(parseArgs(['--config-file', path.join(dir, 'none')], SERVE_FLAGS)), /cannot read/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the firmware defaults file is accepted by serve --config-file', () => {
  const file = path.resolve(__dirname, '../../../../firmware/etc/wx3000.conf');
  const args = parseArgs(['--config-file', file], SERVE_FLAGS);
  applyConfigFile(args);
  assert.equal(args.flags.get('listen'), '0.0.0.0');
  assert.equal(args.flags.get('port'), '22');
  assert.equal(args.flags.get('data-dir'), '/var/lib/wx3000');
});
