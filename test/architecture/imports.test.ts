// The architecture line of DESIGN.md, checked on every import of every file under src/: layers point
// down only, with no cycle; ssh2/node-pty only under src/ssh; sqlite3 only in the store.
//
// The rules are data. A new module (src/config, src/files, src/netconf, …) gets a row in LAYERS;
// a directory under src/ without a row fails the test, so nobody forgets to place one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Layer {
  /** Higher imports lower; equal ranks never import each other (unless listed in SIDEWAYS). */
  rank: number;
  /** When set, the only modules this one may import (still lower ranks only). */
  only?: readonly string[];
  /** When set, the only modules that may import this one. */
  importedBy?: readonly string[];
}

/**
 *   bin → ssh → auth → device (with config, files) → store → common
 *   commands beside ssh: device services and the engine's types only
 *   cli and netconf: protocol engines, nothing of ours but common
 *   log at the bottom: what it writes to is injected
 */
const LAYERS: Record<string, Layer> = {
  bin: { rank: 8 },
  ssh: { rank: 7 },
  commands: { rank: 7, only: ['device', 'config', 'files', 'cli', 'common'] },
  auth: { rank: 6 },
  device: { rank: 5 },
  config: { rank: 5, only: ['device', 'store', 'common'] },
  files: { rank: 5 },
  store: { rank: 4, importedBy: ['device', 'config', 'files'] },
  cli: { rank: 2, only: ['common'] },
  netconf: { rank: 2, only: ['common'] },
  log: { rank: 1, only: ['common'] },
  common: { rank: 0 },
};

/** Imports between modules of one rank, each allowed in this direction only. */
const SIDEWAYS: readonly (readonly [string, string])[] = [
  ['config', 'device'],
  ['files', 'device'],
];

function allowed(from: string, to: string): boolean {
  const a = LAYERS[from];
  const b = LAYERS[to];
  if (!a || !b) return false;
  if (a.only && !a.only.includes(to)) return false;
  if (b.importedBy && !b.importedBy.includes(from)) return false;
  if (a.rank > b.rank) return true;
  return SIDEWAYS.some(([x, y]) => x === from && y === to);
}

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
  const re = /(?:import\s[^'"]*?from\s*|export\s[^'"]*?from\s*|import\s*\(\s*|require\s*\(\s*|import\s+)['"]([^'"]+)['"]/g;
  for (let m; (m = re.exec(text)); ) specs.push(m[1]);
  return specs;
}

const moduleOf = (rel: string) => rel.split(path.sep)[0];

const files = walk(SRC).map((f) => {
  const rel = path.relative(SRC, f);
  const specs = importsOf(f);
  const ours = specs.filter((s) => s.startsWith('.')).map((s) => moduleOf(path.relative(SRC, path.resolve(path.dirname(f), s))));
  return { rel, module: moduleOf(rel), packages: specs.filter((s) => !s.startsWith('.')), ours };
});

/** Every module-to-module import, with one file that makes it. */
function edges(): Map<string, { from: string; to: string; file: string }> {
  const out = new Map<string, { from: string; to: string; file: string }>();
  for (const f of files) {
    for (const to of f.ours) if (to !== f.module && !out.has(`${f.module}→${to}`)) out.set(`${f.module}→${to}`, { from: f.module, to, file: f.rel });
  }
  return out;
}

test('the source tree was found', () => {
  assert.ok(files.length > 5, `only ${files.length} files under ${SRC}`);
});

test('every module under src/ has a place in the layer order', () => {
  const unplaced = [...new Set(files.map((f) => f.module))].filter((m) => !LAYERS[m]);
  assert.deepEqual(unplaced, [], 'add a row to LAYERS');
});

test('every import between modules points down the layer order', () => {
  const wrong = [...edges().values()].filter((e) => !allowed(e.from, e.to)).map((e) => `${e.from} → ${e.to} (${e.file})`);
  assert.deepEqual(wrong, []);
});

test('the allowed relation itself has no cycle, so no set of imports can make one', () => {
  const names = Object.keys(LAYERS);
  const state = new Map<string, 'open' | 'done'>();
  const visit = (m: string, trail: string[]): void => {
    if (state.get(m) === 'done') return;
    assert.notEqual(state.get(m), 'open', `cycle: ${[...trail, m].join(' → ')}`);
    state.set(m, 'open');
    for (const n of names) if (n !== m && allowed(m, n)) visit(n, [...trail, m]);
    state.set(m, 'done');
  };
  for (const m of names) visit(m, []);
});

test('the checker refuses an upward arrow and an arrow its rows do not list', () => {
  // Guards the guard: a rule table that allowed everything would pass the tests above.
  assert.equal(allowed('device', 'auth'), false);
  assert.equal(allowed('log', 'device'), false);
  assert.equal(allowed('cli', 'device'), false);
  assert.equal(allowed('commands', 'store'), false);
  assert.equal(allowed('bin', 'store'), false);
  assert.equal(allowed('ssh', 'commands'), false);
  assert.equal(allowed('device', 'config'), false);
  assert.equal(allowed('config', 'cli'), false);
  assert.equal(allowed('bin', 'ssh'), true);
  assert.equal(allowed('device', 'store'), true);
});

test('ssh2 and node-pty are imported only under src/ssh', () => {
  const bad = files.filter((f) => f.module !== 'ssh' && f.packages.some((i) => /^(ssh2|node-pty)(\/|$)/.test(i)));
  assert.deepEqual(bad.map((f) => f.rel), []);
});

test('sqlite3 is imported only by the store', () => {
  const bad = files.filter((f) => f.rel !== path.join('store', 'store.ts') && f.packages.some((i) => /^sqlite3(\/|$)/.test(i)));
  assert.deepEqual(bad.map((f) => f.rel), []);
});

test('SQL is written only in the store', () => {
  const sql = /['"`]\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|PRAGMA)\s/;
  const bad = files.filter((f) => f.module !== 'store' && sql.test(fs.readFileSync(path.join(SRC, f.rel), 'utf8')));
  assert.deepEqual(bad.map((f) => f.rel), []);
});
