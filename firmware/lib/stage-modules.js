#!/usr/bin/env node
// Stages the production node_modules of the firmware image: the runtime dependency closure of
// package.json, read from package-lock.json, copied from an installed node_modules (whose native
// addons were built for the target), then trimmed to what Node loads at run time.
//
//   node firmware/lib/stage-modules.js LOCKFILE SRC_NODE_MODULES DEST_NODE_MODULES PLATFORM-ARCH
//
// Plain JavaScript on purpose: it runs before (and independently of) the TypeScript build.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const [lockFile, srcDir, destDir, target] = process.argv.slice(2);
if (!lockFile || !srcDir || !destDir || !target) {
  process.stderr.write('usage: stage-modules.js LOCKFILE SRC_NODE_MODULES DEST_NODE_MODULES PLATFORM-ARCH\n');
  process.exit(2);
}

/**
 * Dependencies needed only to install or build a package, never require()d at run time:
 * header-only addon helpers, the prebuilt-binary downloader and its archive reader, the compiler
 * driver and the build-time CPU probe. Edges to them are not followed.
 */
const BUILD_ONLY = new Set(['node-addon-api', 'nan', 'prebuild-install', 'node-gyp', 'buildcheck', 'tar']);

/** Top-level directories of a package that hold no run-time code (deeper ones may: yaml/dist/doc). */
const DROP_DIRS = new Set([
  'test', 'tests', '__tests__', 'example', 'examples', 'docs', 'doc', 'bench', 'benchmark', 'benchmarks',
  '.github', 'coverage', 'typings', 'man', '.vscode',
]);

/** Files dropped anywhere: documentation, typings, source maps, native sources and build products. */
const DROP_FILE = [
  /\.(md|markdown|map|ts|mts|cts|tsbuildinfo)$/i, // .d.ts included
  /\.(test|spec)\.[cm]?js$/i,
  /\.(c|cc|cpp|cxx|h|hh|hpp|o|a|obj|lib|gyp|gypi|mk|Makefile|tgz|zip|gz)$/i,
  /^(Makefile|binding\.gyp|\.npmignore|\.eslintrc.*|\.prettierrc.*|\.editorconfig|\.travis\.yml|\.DS_Store|appveyor\.yml|tsconfig.*\.json|CHANGELOG.*|HISTORY.*|CHANGES.*)$/i,
];

/** Per-package extras: install scripts, vendored sources, browser/ESM builds Node never loads here. */
const DROP_PER_PACKAGE = {
  'node-pty': ['scripts', 'third_party', 'deps', 'src', 'node-addon-api'],
  sqlite3: ['deps', 'src', 'node-addon-api'],
  'cpu-features': ['deps', 'src', 'buildcheck.js'],
  ssh2: ['install.js', 'util', 'lib/protocol/crypto/src'],
  yaml: ['browser'],
};

const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
const packages = lock.packages;
if (!packages || !packages['']) throw new Error(`${lockFile}: lockfileVersion 2 or 3 expected`);

/** Node's lookup from a package location: its own node_modules, then each ancestor's. */
function resolve(from, name) {
  let base = from;
  for (;;) {
    const loc = (base ? base + '/' : '') + 'node_modules/' + name;
    if (packages[loc]) return loc;
    if (!base) return undefined;
    const i = base.lastIndexOf('/node_modules/');
    base = i >= 0 ? base.slice(0, i) : '';
  }
}

const needed = new Map(); // location -> package name
const missing = [];
const queue = [''];
while (queue.length) {
  const from = queue.shift();
  const meta = packages[from];
  const deps = { ...(meta.dependencies || {}) };
  const optional = new Set(Object.keys(meta.optionalDependencies || {}));
  for (const name of optional) deps[name] = meta.optionalDependencies[name];
  for (const name of Object.keys(deps).sort()) {
    if (BUILD_ONLY.has(name)) continue;
    const loc = resolve(from, name);
    if (!loc) {
      if (!optional.has(name)) missing.push(`${name} (needed by ${from || 'the root package'})`);
      continue;
    }
    if (needed.has(loc)) continue;
    // An optional dependency that the install skipped (other platform, failed build) stays out.
    if (!fs.existsSync(path.join(srcDir, loc.replace(/^node_modules\//, '')))) {
      if (optional.has(name) || packages[loc].optional) continue;
      missing.push(`${loc} (not installed in ${srcDir})`);
      continue;
    }
    needed.set(loc, name);
    queue.push(loc);
  }
}
if (missing.length) {
  process.stderr.write(`error: production dependencies missing:\n  ${missing.join('\n  ')}\n`);
  process.exit(1);
}

function dropped(pkgName, rel, isDir) {
  const base = path.basename(rel);
  const extra = DROP_PER_PACKAGE[pkgName] || [];
  if (extra.includes(rel)) return true;
  if (isDir) {
    if (base === 'node_modules') return true; // nested packages are staged on their own
    if (!rel.includes('/') && DROP_DIRS.has(base)) return true;
    // prebuilt binaries: only the target's
    const parts = rel.split('/');
    if (parts.length === 2 && parts[0] === 'prebuilds' && parts[1] !== target) return true;
    return false;
  }
  // Inside a build/ directory only the addon itself (and node-pty's spawn-helper) survives.
  if (/(^|\/)build\//.test(rel)) return !/(^|\/)build\/Release\/([^/]+\.node|spawn-helper)$/.test(rel);
  if (/^LICEN[CS]E|^COPYING|^NOTICE/i.test(base)) return false;
  return DROP_FILE.some((re) => re.test(base));
}

let files = 0;
function copyTree(pkgName, src, dest, rel) {
  fs.mkdirSync(dest, { recursive: true });
  for (const ent of fs.readdirSync(src, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const r = rel ? rel + '/' + ent.name : ent.name;
    const s = path.join(src, ent.name);
    const d = path.join(dest, ent.name);
    if (ent.isDirectory()) {
      if (!dropped(pkgName, r, true)) copyTree(pkgName, s, d, r);
    } else if (ent.isFile()) {
      if (dropped(pkgName, r, false)) continue;
      fs.copyFileSync(s, d);
      const mode = fs.statSync(s).mode & 0o111 ? 0o755 : 0o644;
      fs.chmodSync(d, mode);
      files++;
    } else if (ent.isSymbolicLink()) {
      // .bin links and the like: nothing at run time follows them
      continue;
    }
  }
}

/** Removes directories left empty by the pruning. */
function pruneEmpty(dir) {
  for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
    if (ent.isDirectory()) pruneEmpty(path.join(dir, ent.name));
  }
  if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
}

fs.mkdirSync(destDir, { recursive: true });
for (const [loc, name] of [...needed].sort()) {
  const rel = loc.replace(/^node_modules\//, '');
  copyTree(name, path.join(srcDir, rel), path.join(destDir, rel), '');
  if (!fs.existsSync(path.join(destDir, rel, 'package.json'))) throw new Error(`${loc}: package.json was pruned`);
}
pruneEmpty(destDir);
process.stdout.write(`staged ${needed.size} packages, ${files} files\n`);
