#!/usr/bin/env node
// npm postinstall: gives ssh2 1.17.0 a hook for key exchange methods of our own (post-quantum
// hybrids, src/ssh/kex). ssh2 picks the kex class in a private factory inside lib/protocol/kex.js,
// a closure that no runtime hook can reach, so two lines are added to that file at install. The
// file must be byte-for-byte the pinned release (or already patched): anything else fails the
// install loudly. src/ssh/kex/ssh2-kex-hook.ts refuses to start without the hook.
'use strict';
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const PRISTINE_SHA256 = '054ba4b81801596350f0e2e939746d2966297cffd4303b342c25b2fd5d295755';
const EDITS = [
  {
    find: '      throw new Error(`Unsupported key exchange algorithm: ${kexType}`);\n',
    add:
      '      const wx3000Kex = module.exports.wx3000KexExtension; // wx3000-mgmt patch\n' +
      '      if (wx3000Kex) { const k = wx3000Kex(kexType, KeyExchange, args); if (k) return k; }\n',
  },
  { find: null, add: 'module.exports.wx3000KexExtension = null; // wx3000-mgmt patch\n' },
];

function patched(src) {
  let out = src;
  for (const e of EDITS) {
    if (e.find === null) out += e.add;
    else {
      const at = out.indexOf(e.find);
      if (at < 0 || out.indexOf(e.find, at + 1) >= 0) throw new Error('anchor not found once');
      out = out.slice(0, at) + e.add + out.slice(at);
    }
  }
  return out;
}

/** Patches ssh2's kex.js (or FILE, for tests). */
function unpatched(src) {
  let out = src;
  for (const e of EDITS) out = out.replace(e.add, '');
  return out;
}

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

function main(file = require.resolve('ssh2/lib/protocol/kex.js', { paths: [path.join(__dirname, '..')] })) {
  const src = fs.readFileSync(file, 'utf8');
  if (sha256(src) !== PRISTINE_SHA256) {
    const original = unpatched(src);
    if (sha256(original) === PRISTINE_SHA256 && patched(original) === src) return; // applied already
    throw new Error(`${file} is not ssh2 1.17.0's (sha256 ${sha256(src)}); update scripts/patch-ssh2.js`);
  }
  // A new file, not an in-place write: node_modules may share inodes with another checkout.
  const tmp = `${file}.wx3000-${process.pid}`;
  fs.writeFileSync(tmp, patched(src));
  fs.renameSync(tmp, file);
}

try {
  main(process.argv[2]);
} catch (err) {
  console.error(`patch-ssh2: ${err.message}`);
  process.exit(1);
}
