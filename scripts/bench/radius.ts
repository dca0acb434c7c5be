// Login latency through RADIUS (issue 18): a private FreeRADIUS and the daemon on loopback, password
// logins with the ssh2 client (handshake + authentication, no session), medians of N.
//   node build/tsc/scripts/bench/radius.js [N]
import { spawnSync } from 'node:child_process';
import { Client } from 'ssh2';
import { BIN, startDaemon } from '../../test/helpers/daemon';
import { startFreeRadius } from '../../test/helpers/freeradius';
import { addUser } from '../../test/helpers/users';
import { median } from './stats';

const PW = 'Bench-Pass-1';
const SECRET = 'bench-secret';

function login(port: number, user: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const c = new Client();
    c.on('ready', () => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      c.end();
      resolve(ms);
    });
    c.on('error', reject);
    c.connect({ host: '127.0.0.1', port, username: user, password: PW, tryKeyboard: false, readyTimeout: 60000 });
  });
}

function configure(dataDir: string, lines: string[]): void {
  const r = spawnSync(process.execPath, [BIN, 'console', '--data-dir', dataDir], { input: ['system-view', ...lines].join('\n') + '\n', encoding: 'utf8' });
  if (r.status !== 0 || /^\s*%/m.test(r.stdout)) throw new Error(`configuration failed: ${r.stdout}${r.stderr}`);
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 20);
  const radius = await startFreeRadius([{ name: 'radmin', password: PW, reply: ['H3C-Exec-Privilege = 3'] }], SECRET);
  const dead = await startFreeRadius([], SECRET);
  const deadPort = dead.authPort;
  await dead.stop();
  const d = await startDaemon();
  try {
    addUser(d.dataDir, 'ladmin', { password: PW, level: 3 });
    const scheme = (name: string, primary: number, extra: string[] = []) => [
      `radius scheme ${name}`,
      `primary authentication 127.0.0.1 ${primary}`,
      `key authentication simple ${SECRET}`,
      'user-name-format without-domain',
      ...extra,
      'quit',
    ];
    configure(d.dataDir, [
      ...scheme('rad', radius.authPort),
      ...scheme('pair', deadPort, [`secondary authentication 127.0.0.1 ${radius.authPort}`]),
      'domain rad',
      'authentication login radius-scheme rad',
      'authorization login radius-scheme rad',
      'quit',
      'domain pair',
      'authentication login radius-scheme pair',
      'quit',
    ]);
    await login(d.port, 'ladmin');
    await login(d.port, 'radmin@rad');
    const local: number[] = [];
    const viaRadius: number[] = [];
    for (let i = 0; i < n; i++) {
      local.push(await login(d.port, 'ladmin'));
      viaRadius.push(await login(d.port, 'radmin@rad'));
    }
    const firstWithDeadPrimary = await login(d.port, 'radmin@pair');
    const afterBlock: number[] = [];
    for (let i = 0; i < 5; i++) afterBlock.push(await login(d.port, 'radmin@pair'));
    const f = (x: number) => x.toFixed(1);
    console.log(`password login, local user (scrypt), median of ${n}: ${f(median(local))} ms`);
    console.log(`password login through RADIUS, median of ${n}: ${f(median(viaRadius))} ms (difference ${f(median(viaRadius) - median(local))} ms)`);
    console.log(`primary dead, secondary alive, defaults (timer response-timeout 3, retry 3): first login ${f(firstWithDeadPrimary)} ms`);
    console.log(`the same while the dead primary is in its quiet time, median of 5: ${f(median(afterBlock))} ms`);
  } finally {
    await d.stop();
    await radius.stop();
  }
}

main().catch((err: unknown) => {
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
