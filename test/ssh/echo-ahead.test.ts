// Echo ahead's two halves wired to each other in-process (daemon: src/ssh/echo-ahead.ts, CLI:
// src/bin/echo-ahead-cli.ts), with a pty and a control socket that deliver only when told to, so every
// ordering between them can be tried. The screen checks with real clients are in test/e2e/echo-ahead.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EchoAhead } from '../../src/ssh/echo-ahead';
import { EchoAheadCli, type EchoEngine } from '../../src/bin/echo-ahead-cli';

/** An engine that appends plain printable bytes and echoes them, as the real one does at the end of its line. */
class FakeEngine implements EchoEngine {
  line = '';
  fed: string[] = [];
  constructor(private write: (s: string) => void) {}
  feed(d: Buffer): void {
    for (const b of d) {
      this.fed.push(b.toString(16));
      if (b >= 0x20 && b < 0x7f) {
        this.line += String.fromCharCode(b);
        this.write(String.fromCharCode(b));
      }
    }
  }
  feedEchoed(ch: string): void {
    this.fed.push(`echoed ${ch}`);
    this.line += ch;
  }
  echoRoom(): number {
    return 10;
  }
}

function pair() {
  const screen: string[] = [];
  const toPty: Buffer[] = [];
  const toDaemon: Buffer[] = [];
  const offers: Array<() => void> = [];
  let written = 0;
  const daemon = new EchoAhead((e) => screen.push(e.toString('latin1')));
  const engine = new FakeEngine((s) => cli.out(s));
  let stopAnswer: (() => void) | undefined;
  let cli: EchoAheadCli = undefined as unknown as EchoAheadCli;
  cli = new EchoAheadCli(
    engine,
    {
      echoOffer: (o) => offers.push(() => daemon.offered(o)),
      echoStop: () =>
        new Promise((resolve) => {
          stopAnswer = () => resolve(daemon.stop());
        }),
    },
    () => written,
    (s) => {
      written += s.length;
      toDaemon.push(Buffer.from(s, 'latin1'));
    },
  );
  return {
    screen,
    engine,
    cli,
    daemon,
    offers,
    type: (s: string | Buffer) => toPty.push(daemon.input(Buffer.isBuffer(s) ? s : Buffer.from(s, 'latin1'))),
    /** The pty delivers to the CLI, `split` bytes at a time. */
    ptyIn(split = Infinity) {
      const all = Buffer.concat(toPty.splice(0));
      for (let i = 0; i < all.length; i += split) cli.input(all.subarray(i, Math.min(all.length, i + split)));
    },
    ptyOut() {
      for (const b of toDaemon.splice(0)) {
        screen.push(b.toString('latin1'));
        daemon.output(b.length);
      }
    },
    control: () => offers.splice(0).forEach((f) => f()),
    answerStop: () => stopAnswer?.(),
  };
}

test('echoes only after an offer whose counts meet, and hands the CLI marked characters', () => {
  const p = pair();
  p.type('a');
  p.ptyIn();
  // The CLI echoed and offered; the offer arrives before its echo: not taken yet.
  p.control();
  p.type('b'); // forwarded unechoed: the offer was stale
  p.ptyOut();
  assert.deepEqual(p.screen, ['a']);
  p.ptyIn();
  p.ptyOut();
  p.control();
  assert.deepEqual(p.screen, ['a', 'b']);
  p.type('cd');
  assert.deepEqual(p.screen, ['a', 'b', 'cd'], 'echoed by the daemon at once');
  p.ptyIn(1); // the mark and its character in different reads
  assert.equal(p.engine.line, 'abcd');
  assert.deepEqual(p.engine.fed.slice(-2), ['echoed c', 'echoed d']);
  p.type('\x01e'); // a control key ends it; what follows goes to the CLI too
  p.ptyIn();
  p.ptyOut();
  assert.deepEqual(p.screen, ['a', 'b', 'cd', 'e']);
});

test('a client byte equal to the mark reaches the CLI as itself, echoing or not', () => {
  const p = pair();
  p.type(Buffer.from([0xff, 0x41]));
  p.ptyIn(1);
  p.ptyOut();
  p.control();
  p.type(Buffer.from([0x42, 0xff, 0xff, 0x43]));
  p.ptyIn(1);
  assert.deepEqual(p.engine.fed, ['ff', '41', 'echoed B', 'ff', 'ff', '43']);
});

test('the CLI writes its own text only after the daemon stopped and every echoed byte is in', async () => {
  const p = pair();
  p.type('a');
  p.ptyIn();
  p.ptyOut();
  p.control();
  p.type('xy'); // echoed by the daemon, not yet read by the CLI
  let wrote = '';
  p.cli.whenQuiet(() => (wrote = p.engine.line));
  p.answerStop();
  await new Promise((r) => setImmediate(r));
  assert.equal(wrote, '', 'held while echoed bytes are in flight');
  p.type('z'); // after the stop: unechoed
  p.ptyIn(2);
  assert.equal(wrote, 'axy', 'ran once the echoed bytes were in, before the later one');
  assert.equal(p.engine.line, 'axyz');
  assert.deepEqual(p.screen, ['a', 'xy']);
});
