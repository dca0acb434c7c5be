// Reproducible firmware builds (issue 8): the same tree gives the same bytes, and the archive is
// normalised (sorted entries, owner 0:0, one mtime).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../helpers/daemon';
import { buildImage } from './image';

const tmp = tempDir('wx3000-fw-repro-');
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('two builds of the same tree are byte for byte identical', (t) => {
  const a = buildImage(path.join(tmp, 'a.tar.gz'), { WX3000_PART_SIZES: '0' });
  const b = buildImage(path.join(tmp, 'b.tar.gz'), { WX3000_PART_SIZES: '0' });
  t.diagnostic(`builds: ${a.ms} ms, ${b.ms} ms; sha256 ${a.sha256}`);
  assert.equal(a.sha256, b.sha256);

  const list = spawnSync('tar', ['-tvzf', a.file, '--numeric-owner'], { encoding: 'utf8' });
  assert.equal(list.status, 0, list.stderr);
  const rows = list.stdout.trim().split('\n').map((l) => l.split(/\s+/));
  const names = rows.map((r) => r[5].replace(/\/$/, ''));
  assert.deepEqual(names, [...names].sort((x, y) => (Buffer.compare(Buffer.from(x), Buffer.from(y)))), 'sorted entries');
  assert.deepEqual([...new Set(rows.map((r) => r[1]))], ['0/0'], 'owner 0:0');
  assert.equal(new Set(rows.map((r) => `${r[3]} ${r[4]}`)).size, 1, 'one mtime');
  // An overlay: nothing outside our own paths, and never the system directories themselves.
  for (const n of names) {
    assert.match(n, /^(opt\/wx3000\/|etc\/wx3000\/|etc\/init\.d\/wx3000$|lib\/systemd\/system\/wx3000\.service$|var\/lib\/wx3000$|var\/log\/wx3000$|etc\/wx3000$|opt\/wx3000$)/, n);
  }
});
