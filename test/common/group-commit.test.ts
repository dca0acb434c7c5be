// Group commit: spacing under load, and drain() writing what waits at once (before a close).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GroupCommit } from '../../src/common/group-commit';

test('items that arrive during the spacing wait for it; drain writes them at once and waits for the write', async () => {
  const writes: number[][] = [];
  const q = new GroupCommit<number, number>(10_000, async (items) => {
    await new Promise((r) => setTimeout(r, 5));
    writes.push(items);
    return items.map((i) => i * 2);
  });
  assert.equal(await q.add(1), 2, 'alone, written at once');
  const later = [q.add(2), q.add(3)];
  await new Promise((r) => setTimeout(r, 30));
  assert.deepEqual(writes, [[1]], 'the next write waits for the spacing');
  await q.drain();
  assert.deepEqual(writes, [[1], [2, 3]], 'drain wrote the waiting items together');
  assert.deepEqual(await Promise.all(later), [4, 6]);
  await q.drain();
  assert.equal(writes.length, 2, 'nothing waiting: drain writes nothing');
});
