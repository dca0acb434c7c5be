// Cost of each key exchange on the daemon (issue 20; DESIGN.md goal: a post-quantum handshake < 1.5×
// a curve25519 one): server CPU per handshake, and handshakes per second at 8 at once, for curve25519
// and each hybrid. The client is OpenSSH 10.5 (../shared/tools/openssh-10.5: the ssh2 client has no
// post-quantum kex) for every row, so the rows differ only in the kex. A "handshake" is key exchange,
// host-key signature, NEWKEYS and one `none` authentication request, then the client gives up
// (PreferredAuthentications=keyboard-interactive, which the daemon does not offer): no session, no CLI.
// Also the bare cost of each server-side key agreement, in-process. Run: node build/tsc/scripts/bench/kex.js [handshakes]
import { spawn } from 'node:child_process';
import { generateKeyPairSync, diffieHellman } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { HYBRID_KEX, hybridServerReply } from '../../src/ssh/kex/hybrid';
import { treeCpuSeconds } from './proc';

const ROOT = path.resolve(__dirname, '../../../..');
const BIN = path.join(ROOT, 'dist/bin/wx3000.js');
const SSH10 = path.resolve(ROOT, '../shared/tools/openssh-10.5/bin/ssh');
const ROUNDS = 4;
const KEXES = ['curve25519-sha256', 'mlkem768x25519-sha256', 'sntrup761x25519-sha512'];

interface KexRow {
  kex: string;
  handshakes: number;
  cpuMsPerHandshake: number;
  handshakesPerSecond8: number;
  agreementCpuMs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

let retries = 0;

/**
 * One handshake; a connection the daemon refused (its pre-auth limit counts sockets the clients have
 * closed but it has not yet seen close) is tried again and counted.
 */
async function handshake(port: number, kex: string, source: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await handshakeOnce(port, kex, source);
    } catch (err) {
      if (attempt === 3) throw err;
      retries++;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

function handshakeOnce(port: number, kex: string, source: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = ['-F', '/dev/null', '-p', String(port), '-b', source, '-o', `KexAlgorithms=${kex}`, '-o', 'BatchMode=yes',
      '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=INFO',
      '-o', 'PreferredAuthentications=keyboard-interactive', 'nobody@127.0.0.1', 'true'];
    const p = spawn(SSH10, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code, signal) =>
      /Permission denied/.test(err) ? resolve() : reject(new Error(`${kex} from ${source}: exit ${code ?? signal}: ${err.trim()}`)),
    );
  });
}

async function startDaemon(): Promise<{ pid: number; port: number; stop: () => void }> {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'wx3000-bench-kex-'));
  const p = spawn(process.execPath, [BIN, 'serve', '--data-dir', data, '--port', '0', '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('daemon did not start')), 30000);
    p.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on [\d.]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(Number(m[1]));
      }
    });
  });
  return {
    pid: p.pid!,
    port,
    stop: () => {
      p.kill('SIGTERM');
      setTimeout(() => fs.rmSync(data, { recursive: true, force: true }), 2000).unref();
    },
  };
}

/** Server-side agreement alone: X25519 key pair + shared secret, or a hybrid's C_INIT → S_REPLY. */
function agreementCpuMs(kex: string, n: number): number {
  let op: () => void;
  const kem = HYBRID_KEX.get(kex);
  const clientEcdh = generateKeyPairSync('x25519');
  if (!kem) {
    op = () => diffieHellman({ privateKey: generateKeyPairSync('x25519').privateKey, publicKey: clientEcdh.publicKey });
  } else {
    const ecdhPublic = Buffer.from(clientEcdh.publicKey.export({ format: 'jwk' }).x as string, 'base64url');
    // Any well-formed public key does; sntrup761 has no invalid ones, ML-KEM's come from key generation.
    const kemPublic = kem.publicKeyBytes === 1184 ? Buffer.from(ml_kem768.keygen().publicKey) : Buffer.alloc(kem.publicKeyBytes, 0x5a);
    const init = Buffer.concat([kemPublic, ecdhPublic]);
    op = () => hybridServerReply(kem, init);
  }
  for (let i = 0; i < 20; i++) op();
  const t = process.cpuUsage();
  for (let i = 0; i < n; i++) op();
  const u = process.cpuUsage(t);
  return (u.user + u.system) / 1000 / n;
}

async function main(): Promise<number> {
  const n = Number(process.argv[2]) || 40;
  if (!fs.existsSync(SSH10)) {
    console.log(`kex bench: ${SSH10} is missing; no figures.`);
    return process.env.CI === 'true' ? 1 : 0;
  }
  const d = await startDaemon();
  const cpuSeconds: Record<string, number> = {};
  const handshakes: Record<string, number> = {};
  const rate: Record<string, number[]> = {};
  try {
    for (const kex of KEXES) await handshake(d.port, kex, '127.0.0.2'); // warm: JIT, host keys, spare CLI
    // Rounds interleave the kexes so drifting machine load hits every row alike. CPU is summed over
    // all rounds: /proc counts in 10 ms ticks.
    const per = Math.max(1, Math.ceil(n / ROUNDS / 2));
    for (let round = 0; round < ROUNDS; round++) {
      for (const kex of KEXES) {
        const before = treeCpuSeconds(d.pid);
        for (let i = 0; i < per; i++) await handshake(d.port, kex, '127.0.0.2');
        const t = performance.now();
        const each = Math.max(1, Math.ceil(per / 8));
        await Promise.all(
          Array.from({ length: 8 }, async (_, w) => {
            for (let i = 0; i < each; i++) await handshake(d.port, kex, `127.0.0.${2 + w}`);
          }),
        );
        (rate[kex] ??= []).push((8 * each) / ((performance.now() - t) / 1000));
        cpuSeconds[kex] = (cpuSeconds[kex] ?? 0) + treeCpuSeconds(d.pid) - before;
        handshakes[kex] = (handshakes[kex] ?? 0) + per + 8 * each;
      }
    }
  } finally {
    d.stop();
  }
  const rows: KexRow[] = KEXES.map((kex) => ({
    kex,
    handshakes: handshakes[kex],
    cpuMsPerHandshake: (cpuSeconds[kex] * 1000) / handshakes[kex],
    handshakesPerSecond8: median(rate[kex]),
    agreementCpuMs: agreementCpuMs(kex, 200),
  }));
  const base = rows[0];
  const fmt = (x: number, d = 2) => x.toFixed(d);
  console.log(`Client OpenSSH 10.5; ${base.handshakes} handshakes per kex in ${ROUNDS} interleaved rounds, half one at a time, half 8 at once; server CPU from /proc over all of them.\n`);
  console.log('| kex | server CPU per handshake, ms | ×curve25519 | handshakes/s, 8 at once | ×curve25519 | key agreement alone, CPU ms |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.kex} | ${fmt(r.cpuMsPerHandshake)} | ${fmt(r.cpuMsPerHandshake / base.cpuMsPerHandshake)} | ${fmt(r.handshakesPerSecond8, 1)} | ${fmt(r.handshakesPerSecond8 / base.handshakesPerSecond8)} | ${fmt(r.agreementCpuMs, 3)} |`,
    );
  }
  const worst = Math.max(...rows.slice(1).map((r) => r.cpuMsPerHandshake / base.cpuMsPerHandshake));
  if (retries) console.log(`\n${retries} connection(s) refused by the pre-auth limit and tried again.`);
  console.log(`\nGoal: a post-quantum handshake < 1.5× a curve25519 one (server CPU): worst ${fmt(worst)}× — ${worst < 1.5 ? 'met' : 'NOT met'}.`);
  console.log(JSON.stringify({ kex: rows }));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`kex bench: ${err.message}`);
    process.exit(1);
  },
);
