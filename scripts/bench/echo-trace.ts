// Echo tracing for scripts/bench/echo.ts, loaded with `node --require` into the daemon (and, through
// the daemon's pty.spawn, into every CLI process it starts). It patches library prototypes from the
// outside, so production code carries no tracing at all. Each stage's time is taken when the traced
// byte ("x", the bench's keystroke) passes it; process.hrtime.bigint() is CLOCK_MONOTONIC, so the
// processes' figures compare. The marks are kept in memory and written to
// $WX3000_ECHO_TRACE/trace.PID.json on SIGUSR2 and at exit (no file I/O while a keystroke is in flight).
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as tty from 'node:tty';

const dir = process.env.WX3000_ECHO_TRACE;
const MARK = 0x78; // 'x'

type Stage = 'ch_in' | 'ch_wcall' | 'pty_wcall' | 'pty_wdone' | 'cli_in' | 'cli_wdone' | 'pty_out' | 'ch_wdone';
const marks: Array<[Stage, string]> = [];

function isMark(d: unknown): boolean {
  if (typeof d === 'string') return d === 'x';
  return Buffer.isBuffer(d) || d instanceof Uint8Array ? d.length === 1 && d[0] === MARK : false;
}

function mark(stage: Stage): void {
  marks.push([stage, process.hrtime.bigint().toString()]);
}

function flush(): void {
  if (!dir) return;
  try {
    fs.writeFileSync(path.join(dir, `trace.${process.pid}.json`), JSON.stringify({ pid: process.pid, role: role(), marks }));
  } catch {
    /* the bench reads what it finds */
  }
}

function role(): string {
  return process.argv.some((a) => a.endsWith('cli-session.js')) ? 'cli' : 'daemon';
}

/** Both processes: bytes arriving on a tty (the daemon's pty master, the CLI's stdin). */
function traceTtyReads(stage: (self: tty.ReadStream) => Stage | undefined): void {
  const push = net.Socket.prototype.push;
  net.Socket.prototype.push = function (this: net.Socket, chunk: unknown, enc?: BufferEncoding) {
    if (this instanceof tty.ReadStream && isMark(chunk)) {
      const s = stage(this);
      if (s) mark(s);
    }
    return push.call(this, chunk, enc);
  } as typeof push;
}

function daemon(): void {
  const hook = __filename;
  // CLI processes are traced too: the hook rides along in their argv.
  const ptyMod = require('node-pty') as typeof import('node-pty');
  const spawn = ptyMod.spawn;
  (ptyMod as { spawn: typeof spawn }).spawn = (file, args, opts) => {
    const env = { ...(opts?.env ?? {}), WX3000_ECHO_TRACE: dir };
    return spawn(file, ['--require', hook, ...(Array.isArray(args) ? args : [args])], { ...opts, env });
  };
  // Channel data in (ssh2 pushes each CHANNEL_DATA payload) and out (Channel.write, which encrypts
  // and writes to the socket synchronously when the window allows).
  const { Channel } = require('ssh2/lib/Channel.js') as { Channel: { prototype: { push: (...a: unknown[]) => boolean; write: (...a: unknown[]) => boolean } } };
  const chPush = Channel.prototype.push;
  Channel.prototype.push = function (this: unknown, ...a: unknown[]) {
    if (isMark(a[0])) mark('ch_in');
    return chPush.apply(this, a);
  };
  const chWrite = Channel.prototype.write;
  Channel.prototype.write = function (this: unknown, ...a: unknown[]) {
    if (isMark(a[0])) mark('ch_wcall');
    const r = chWrite.apply(this, a);
    if (isMark(a[0])) mark('ch_wdone');
    return r;
  };
  // node-pty writes the master with fs.write (a thread-pool round trip).
  const realFs = require('node:fs') as { write: unknown; writeSync: unknown };
  // The daemon's direct path (src/ssh/backpressure.ts): a synchronous write, issued and done.
  const fsWriteSync = realFs.writeSync as (...a: unknown[]) => number;
  realFs.writeSync = function (...a: unknown[]) {
    if (typeof a[0] !== 'number' || !isMark(a[1])) return fsWriteSync(...a);
    mark('pty_wcall');
    const n = fsWriteSync(...a);
    mark('pty_wdone');
    return n;
  };
  const fsWrite = realFs.write as (...a: unknown[]) => void;
  realFs.write = function (...a: unknown[]) {
    if (typeof a[0] === 'number' && isMark(a[1])) {
      mark('pty_wcall');
      const cb = a[a.length - 1] as (...r: unknown[]) => void;
      a[a.length - 1] = (...r: unknown[]) => {
        mark('pty_wdone');
        cb(...r);
      };
    }
    return fsWrite(...a);
  };
  traceTtyReads(() => 'pty_out');
}

function cli(): void {
  traceTtyReads((s) => (s === (process.stdin as unknown) ? 'cli_in' : undefined));
  const out = process.stdout;
  const write = out.write;
  out.write = function (this: NodeJS.WriteStream, ...a: unknown[]) {
    const r = (write as (...x: unknown[]) => boolean).apply(this, a);
    if (isMark(a[0])) mark('cli_wdone');
    return r;
  } as typeof write;
}

if (dir) {
  if (role() === 'cli') cli();
  else daemon();
  process.on('SIGUSR2', flush);
  process.on('exit', flush);
}
