// CLI benchmark (not a test): engine start in a fresh Node process, and parse + dispatch time per
// line over the full tree. Run after `make test-build`: node build/tsc/scripts/bench/cli.js
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { CliEngine, Handler } from '../../src/cli';
import { matchLine, visibleCommands } from '../../src/cli/matcher';
import { cliTree } from '../../src/commands/host';

const START = `
const t0 = performance.now();
const { CliEngine } = require('./src/cli');
const { handlers } = require('./src/commands');
const { cliTree } = require('./src/commands/host');
const tree = cliTree();
const e = new CliEngine({ tree, handlers, services: {}, vars: { sysname: 'WX3000' }, write: () => {},
  session: { userName: 'b', level: 3, userInterface: 'vty 0', interactive: true } });
e.start();
process.stdout.write(JSON.stringify({ sinceStart: performance.now(), own: performance.now() - t0 }));
`;

function startFigures(runs: number): { sinceStart: number; own: number } {
  const cwd = path.resolve(__dirname, '../..');
  const all: Array<{ sinceStart: number; own: number }> = [];
  execFileSync(process.execPath, ['-e', START], { cwd }); // warm the JSON cache and the OS file cache
  for (let i = 0; i < runs; i++) all.push(JSON.parse(execFileSync(process.execPath, ['-e', START], { cwd, encoding: 'utf8' })));
  const med = (k: 'sinceStart' | 'own') => all.map((a) => a[k]).sort((a, b) => a - b)[Math.floor(runs / 2)];
  return { sinceStart: med('sinceStart'), own: med('own') };
}

const LINES = [
  'display version',
  'dis ver',
  'dis cu',
  'display current-configuration',
  'display versoin',
  'sysname Core-1',
  'undo terminal monitor',
  'screen-length disable',
  'super 3',
  'display',
  'd',
  'display this extra',
  'sysname bad/name',
  '# comment',
];

async function main(): Promise<void> {
  const s = startFigures(9);
  console.log(`engine start: ${s.sinceStart.toFixed(1)} ms after Node started (${s.own.toFixed(1)} ms loading tree + engine + handlers), median of 9`);

  const tree = cliTree();
  const cands = visibleCommands(tree, tree.views.get('system')!, 3);
  const N = 20_000;
  let t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) matchLine(LINES[i % LINES.length], cands);
  const parseUs = Number(process.hrtime.bigint() - t) / 1000 / N;

  const handlers: Record<string, Handler<unknown>> = {};
  for (const h of tree.handlerNames) handlers[h] = () => undefined;
  const e = new CliEngine<unknown>({
    tree,
    handlers,
    services: {},
    vars: { sysname: 'WX3000' },
    write: () => undefined,
    session: { userName: 'b', level: 3, userInterface: 'vty 0', interactive: false },
  });
  t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await e.runLine(LINES[i % LINES.length]);
  const dispatchUs = Number(process.hrtime.bigint() - t) / 1000 / N;

  let out = 0;
  const ie = new CliEngine<unknown>({
    tree,
    handlers,
    services: {},
    vars: { sysname: 'WX3000' },
    write: (d) => void (out += d.length),
    session: { userName: 'b', level: 3, userInterface: 'vty 0', interactive: true },
  });
  ie.start();
  t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    ie.feed(LINES[i % LINES.length] + '\r');
    await ie.idle();
  }
  const typedUs = Number(process.hrtime.bigint() - t) / 1000 / N;

  console.log(`parse (matchLine, ${cands.length} commands visible): ${parseUs.toFixed(2)} µs/line`);
  console.log(`parse + dispatch (runLine, no-op handlers): ${dispatchUs.toFixed(2)} µs/line`);
  console.log(`keystrokes → echo → dispatch → prompt (interactive feed): ${typedUs.toFixed(2)} µs/line`);
  void out;
}

void main();
