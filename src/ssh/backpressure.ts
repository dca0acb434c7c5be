// Channel → pty with backpressure. node-pty queues every write in the daemon without bound, and ssh2
// extends a channel's window as soon as its data is read, so a client pushing bytes faster than the
// CLI reads them used to grow the daemon by as much as it sent. Here the channel is paused while the
// pty's queue is over a small bound: ssh2 then stops extending the window (its readable buffer fills
// to at most one window, 2 MiB), and a well-behaved client stops sending.
//
// Keystrokes take a shorter way: node-pty writes the master with an asynchronous fs.write, a round
// trip through libuv's thread pool (about 100 µs of a ~450 µs echo, measured with
// scripts/bench/echo.ts). The master is non-blocking, so while node-pty's queue is empty the bytes are
// written at once with writeSync; only what the kernel does not take (EAGAIN, a short write) goes
// through node-pty's queue, behind which everything later then waits, so the order is kept.
import * as fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { IPty } from 'node-pty';

/** Bytes queued for the pty before the channel is paused; it resumes at half of this. */
export const PTY_QUEUE_BOUND = 64 * 1024;
const POLL_MS = 10;

interface WriteQueue {
  _writeQueue: { buffer: Buffer; offset: number }[];
}

/** node-pty's write queue (node-pty 1.x internals; the bound test in test/ssh fails if they move). */
function writeQueue(pty: IPty): WriteQueue {
  const stream = (pty as unknown as { _writeStream?: WriteQueue })._writeStream;
  if (!stream || !Array.isArray(stream._writeQueue)) throw new Error('node-pty internals changed: no _writeStream._writeQueue');
  return stream;
}

/** The master's descriptor (node-pty 1.x keeps it as `_fd`); the direct path needs it. */
function masterFd(pty: IPty): number {
  const fd = (pty as unknown as { _fd?: unknown })._fd;
  if (typeof fd !== 'number' || fd < 0) throw new Error('node-pty internals changed: no _fd');
  return fd;
}

/**
 * Writes `d` to the pty: straight to the master when nothing is queued, else (and for whatever the
 * kernel leaves) behind node-pty's queue. EIO and the like mean the CLI is gone: the session is
 * ending, and the bytes are dropped here rather than logged by node-pty.
 */
export function writePty(pty: IPty, q: WriteQueue, fd: number, d: Buffer): void {
  if (q._writeQueue.length === 0) {
    let n = 0;
    try {
      n = fs.writeSync(fd, d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') return;
    }
    if (n >= d.length) return;
    d = d.subarray(n);
  }
  pty.write(d);
}

export function queuedBytes(q: WriteQueue): number {
  let n = 0;
  for (const t of q._writeQueue) n += t.buffer.length - t.offset;
  return n;
}

/**
 * Feeds the channel's data to the pty, pausing the channel while the pty lags behind. `filter` sees
 * every chunk first and returns the bytes the pty gets (echo ahead, src/ssh/echo-ahead.ts).
 */
export function channelToPty(channel: Readable, pty: IPty, closed: () => boolean, filter?: (d: Buffer) => Buffer): void {
  const q = writeQueue(pty);
  const fd = masterFd(pty);
  let poll: NodeJS.Timeout | undefined;
  channel.on('data', (d: Buffer) => {
    if (closed()) return;
    writePty(pty, q, fd, filter ? filter(d) : d);
    if (poll || queuedBytes(q) <= PTY_QUEUE_BOUND) return;
    channel.pause();
    // node-pty emits nothing when its queue drains, so the queue is looked at until it has.
    poll = setInterval(() => {
      if (!closed() && queuedBytes(q) > PTY_QUEUE_BOUND / 2) return;
      clearInterval(poll);
      poll = undefined;
      if (!closed()) channel.resume();
    }, POLL_MS);
  });
}
