// RFC 6242 framing: delimiters split across reads, several messages in one read, chunked framing,
// oversize messages dropped as they stream, broken chunk headers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frame, FrameDecoder } from '../../src/netconf/framing';

function decoder(max = 1024) {
  const got: string[] = [];
  let oversize = 0;
  let broken = '';
  const d = new FrameDecoder({ message: (m) => got.push(m), oversize: () => oversize++, broken: (why) => (broken = why) }, max);
  return { d, got, oversize: () => oversize, broken: () => broken };
}

test('end-of-message framing: a delimiter split across reads, and two messages in one read', () => {
  const { d, got } = decoder();
  const bytes = Buffer.from('<a/>]]>]]><b>x</b>]]>]]>');
  for (let i = 0; i < 8; i++) d.push(bytes.subarray(i, i + 1)); // `<a/>]]>]` then the rest
  d.push(bytes.subarray(8));
  assert.deepEqual(got, ['<a/>', '<b>x</b>']);
});

test('chunked framing: several chunks make one message; multi-byte characters survive a split', () => {
  const { d, got } = decoder();
  d.framing = 'chunked';
  const body = Buffer.from('<x>é</x>');
  const wire = Buffer.concat([Buffer.from(`\n#4\n`), body.subarray(0, 4), Buffer.from(`\n#${body.length - 4}\n`), body.subarray(4), Buffer.from('\n##\n')]);
  for (const byte of wire) d.push(Buffer.from([byte]));
  assert.deepEqual(got, ['<x>é</x>']);
  d.push(frame('<y/>', 'chunked'));
  assert.deepEqual(got, ['<x>é</x>', '<y/>']);
});

test('a message over the limit is dropped as it arrives and reported once; the next one is read', () => {
  for (const framing of ['eom', 'chunked'] as const) {
    const { d, got, oversize } = decoder(100);
    d.framing = framing;
    const big = frame('<rpc>' + 'x'.repeat(10_000) + '</rpc>', framing);
    for (let i = 0; i < big.length; i += 333) d.push(big.subarray(i, i + 333));
    assert.equal(oversize(), 1, framing);
    assert.equal((d as unknown as { parts: Buffer[] }).parts.length, 0, 'nothing of the big message is kept');
    d.push(frame('<ok/>', framing));
    assert.deepEqual(got, ['<ok/>'], framing);
  }
});

test('broken chunk headers end the stream', () => {
  for (const bad of ['#4\nabcd', '\n#0\n', '\n#x\n', '\n#99999999999\n', '\n##\n', '\nabc']) {
    const { d, broken, got } = decoder();
    d.framing = 'chunked';
    d.push(Buffer.from(bad));
    assert.notEqual(broken(), '', JSON.stringify(bad));
    d.push(frame('<ok/>', 'chunked'));
    assert.deepEqual(got, [], 'nothing is read after a framing error');
  }
});
