// The architecture line of DESIGN.md: ssh2/node-pty only under src/ssh, sqlite3 only in the store,
// and the CLI engine knows nothing of SSH, ptys, databases or device services.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');
const SRC = path.join(ROOT, 'src');

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs: string[] = [];
  const re = /(?:import\s[^'"]*?from\s*|import\s*\(\s*|require\s*\(\s*|import\s+)['"]([^'"]+)['"]/g;
  for (let m; (m = re.exec(text)); ) specs.push(m[1]);
  return specs;
}

const files = walk(SRC).map((f) => ({ rel: path.relative(SRC, f), imports: importsOf(f) }));

test('the source tree was found', () => {
  assert.ok(files.length > 5, `only ${files.length} files under ${SRC}`);
});

test('ssh2 and node-pty are imported only under src/ssh', () => {
  const bad = files.filter((f) => !f.rel.startsWith('ssh/') && f.imports.some((i) => /^(ssh2|node-pty)(\/|$)/.test(i)));
  assert.deepEqual(bad.map((f) => f.rel), []);
});

test('sqlite3 is imported only by the store', () => {
  const bad = files.filter((f) => f.rel !== 'store/store.ts' && f.imports.some((i) => /^sqlite3(\/|$)/.test(i)));
  assert.deepEqual(bad.map((f) => f.rel), []);
});

test('the CLI engine imports nothing of ssh, users, device, commands or auth', () => {
  const bad = files.filter(
    (f) =>
      f.rel.startsWith('cli/') &&
      f.imports.some((i) => /^\.\.\/(ssh|users|device|commands|auth)(\/|$)/.test(i) || /^(ssh2|node-pty|sqlite3)/.test(i)),
  );
  assert.deepEqual(bad.map((f) => f.rel), []);
});

test('command handlers change the device only through src/device', () => {
  const bad = files.filter(
    (f) => f.rel.startsWith('commands/') && f.imports.some((i) => /^\.\.\/(ssh|users)(\/|$)/.test(i)),
  );
  assert.deepEqual(bad.map((f) => f.rel), []);
});
