// A private FreeRADIUS (Debian `freeradius`) on loopback, as shared/reference/test-servers.md says:
// a copy of /etc/freeradius/3.0 trimmed to the modules a PAP login and a detail file need.
import { ChildProcess, spawn } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from './daemon';

const SYSTEM_CONFIG = '/etc/freeradius/3.0';
const KEEP_MODULES = ['always', 'detail', 'expr', 'files', 'pap'];

export interface RadiusUser {
  name: string;
  password: string;
  /** Reply items, one per line, e.g. `H3C-Exec-Privilege = 3`. */
  reply?: string[];
}

export interface FreeRadius {
  authPort: number;
  acctPort: number;
  secret: string;
  /** Everything FreeRADIUS printed (it runs with -X for the log). */
  output(): string;
  /** The accounting records the detail module wrote (empty when none). */
  detail(): string;
  stop(): Promise<void>;
}

/** The freeradius binary, or undefined when the package is missing (CI installs it: the test fails there). */
export function freeradiusBinary(): string | undefined {
  for (const p of ['/usr/sbin/freeradius', '/usr/sbin/radiusd']) if (fs.existsSync(p)) return p;
  return undefined;
}

/** Ports the kernel hands out, freed again at once: FreeRADIUS takes them a moment later. */
async function freeUdpPorts(n: number): Promise<number[]> {
  const socks = await Promise.all(
    Array.from({ length: n }, () => new Promise<dgram.Socket>((resolve) => {
      const s = dgram.createSocket('udp4');
      s.bind(0, '127.0.0.1', () => resolve(s));
    })),
  );
  const ports = socks.map((s) => s.address().port);
  await Promise.all(socks.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return ports;
}

function usersFile(users: RadiusUser[]): string {
  return users
    .map((u) => {
      const reply = (u.reply ?? []).map((r, i, all) => `\t${r}${i < all.length - 1 ? ',' : ''}`);
      return [`"${u.name}" Cleartext-Password := "${u.password}"`, ...reply, ''].join('\n');
    })
    .join('\n');
}

function siteFile(authPort: number, acctPort: number): string {
  return `server default {
listen {
\ttype = auth
\tipaddr = 127.0.0.1
\tport = ${authPort}
}
listen {
\ttype = acct
\tipaddr = 127.0.0.1
\tport = ${acctPort}
}
authorize {
\tfiles
\tpap
}
authenticate {
\tAuth-Type PAP {
\t\tpap
\t}
}
preacct {
\tacct_unique
}
accounting {
\tdetail
}
post-auth {
}
}
`;
}

function configure(dir: string, users: RadiusUser[], secret: string, authPort: number, acctPort: number): void {
  fs.cpSync(SYSTEM_CONFIG, dir, { recursive: true });
  const mods = path.join(dir, 'mods-enabled');
  for (const f of fs.readdirSync(mods)) if (!KEEP_MODULES.includes(f)) fs.rmSync(path.join(mods, f));
  fs.rmSync(path.join(dir, 'sites-enabled'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'sites-enabled'));
  fs.writeFileSync(path.join(dir, 'sites-enabled', 'default'), siteFile(authPort, acctPort));
  fs.writeFileSync(path.join(dir, 'clients.conf'), `client lo {\n\tipaddr = 127.0.0.1\n\tsecret = ${secret}\n}\n`);
  fs.writeFileSync(path.join(dir, 'mods-config', 'files', 'authorize'), usersFile(users));
  // One detail file in the private directory, whatever the date or the client address.
  fs.rmSync(path.join(mods, 'detail'));
  fs.writeFileSync(path.join(mods, 'detail'), 'detail {\n\tfilename = ${radacctdir}/detail\n\tpermissions = 0600\n\theader = "%t"\n}\n');
  const conf = path.join(dir, 'radiusd.conf');
  const text = fs
    .readFileSync(conf, 'utf8')
    .replace(/^(\s*)(user|group) = freerad$/gm, '$1# $2 = freerad')
    .replace(/^(\s*)reject_delay = \d+$/m, '$1reject_delay = 0')
    .replace(/^logdir = .*$/m, `logdir = ${path.join(dir, 'log')}`)
    .replace(/^radacctdir = .*$/m, `radacctdir = ${path.join(dir, 'radacct')}`)
    .replace(/^run_dir = .*$/m, `run_dir = ${path.join(dir, 'run')}`);
  fs.writeFileSync(conf, text);
  for (const sub of ['log', 'radacct', 'run']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
}

/** Starts FreeRADIUS on two free loopback ports; resolves once it says it is ready. */
export async function startFreeRadius(users: RadiusUser[], secret = 'testing123-Secret'): Promise<FreeRadius> {
  const bin = freeradiusBinary();
  if (!bin) throw new Error('freeradius is not installed (scripts/install-test-deps.sh installs it)');
  const dir = tempDir('wx3000-radius-');
  let lastError = '';
  // A port freed by freeUdpPorts may be taken again before FreeRADIUS binds it: try a few times.
  for (let attempt = 0; attempt < 3; attempt++) {
    const [authPort, acctPort] = await freeUdpPorts(2);
    fs.rmSync(dir, { recursive: true, force: true });
    configure(dir, users, secret, authPort, acctPort);
    const proc = spawn(bin, ['-f', '-X', '-d', dir, '-l', 'stdout'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout!.on('data', (d) => (out += d));
    proc.stderr!.on('data', (d) => (out += d));
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 20000);
      const check = () => {
        if (out.includes('Ready to process requests')) {
          clearTimeout(timer);
          resolve(true);
        }
      };
      proc.stdout!.on('data', check);
      proc.once('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (ready) return handle(proc, dir, authPort, acctPort, secret, () => out);
    lastError = out.slice(-2000);
    await stopProcess(proc);
  }
  throw new Error(`freeradius did not start: ${lastError}`);
}

function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
    proc.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    proc.kill('SIGTERM');
  });
}

function handle(proc: ChildProcess, dir: string, authPort: number, acctPort: number, secret: string, output: () => string): FreeRadius {
  return {
    authPort,
    acctPort,
    secret,
    output,
    detail: () => {
      const f = path.join(dir, 'radacct', 'detail');
      return fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '';
    },
    stop: () => stopProcess(proc),
  };
}
