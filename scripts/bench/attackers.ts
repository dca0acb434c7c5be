// The attacks of issue 16, as small bounded loopback clients: used by test/ssh/flood.test.ts (which
// asserts only outcomes) and by scripts/bench/flood.ts (which measures the admin's latency).
import { spawn } from 'node:child_process';
import * as net from 'node:net';

/** One connection that sends an identification and then nothing. */
export function stalled(port: number, localAddress: string): Promise<net.Socket> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port, localAddress });
    sock.on('error', () => undefined);
    sock.resume(); // read and drop what the server sends, so its close is seen
    sock.once('connect', () => {
      sock.write('SSH-2.0-Stall_1.0\r\n');
      resolve(sock);
    });
    sock.once('close', () => resolve(sock));
  });
}

/** `count` stalled connections spread over `addresses`, opened at once and held. */
export async function holdStalled(port: number, addresses: string[], count: number): Promise<net.Socket[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => stalled(port, addresses[i % addresses.length])));
}

/**
 * Attackers that each keep one stalled connection open, reopening it as soon as it is closed (after
 * `pauseMs`). stop() ends them all; `opened` counts the TCP connections they made.
 */
export function reopeners(port: number, addresses: string[], n: number, pauseMs = 5) {
  let running = true;
  let opened = 0;
  const socks = new Set<net.Socket>();
  const one = async (address: string) => {
    while (running) {
      opened++;
      const s = await stalled(port, address);
      socks.add(s);
      if (!s.destroyed) await new Promise((r) => s.once('close', r));
      socks.delete(s);
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  };
  const done = Promise.all(Array.from({ length: n }, (_, i) => one(addresses[i % addresses.length])));
  return {
    get opened() {
      return opened;
    },
    async stop() {
      running = false;
      for (const s of socks) s.destroy();
      await done;
    },
  };
}

/** Closes sockets and waits until they are gone. */
export async function closeAll(socks: Iterable<net.Socket>): Promise<void> {
  const all = [...socks];
  for (const s of all) s.destroy();
  await Promise.all(all.map((s) => (s.closed ? undefined : new Promise((r) => s.once('close', r)))));
}

export interface LoginResult {
  ok: boolean;
  ms: number;
  output: string;
}

/** The admin's try: OpenSSH `ssh -b ADDRESS` with a key, one exec command; bounded by timeoutMs. */
export function adminTry(args: { port: number; key: string; user: string; from: string; command?: string; timeoutMs?: number }): Promise<LoginResult> {
  const start = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(
      'ssh',
      [
        '-F', '/dev/null',
        '-o', 'LogLevel=ERROR',
        '-o', 'BatchMode=yes',
        '-o', 'StrictHostKeyChecking=no',
        '-o', 'UserKnownHostsFile=/dev/null',
        '-o', 'GlobalKnownHostsFile=/dev/null',
        '-o', 'IdentitiesOnly=yes',
        '-o', `ConnectTimeout=${Math.ceil((args.timeoutMs ?? 10000) / 1000)}`,
        '-i', args.key,
        '-b', args.from,
        '-p', String(args.port),
        `${args.user}@127.0.0.1`,
        args.command ?? 'display version',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), args.timeoutMs ?? 10000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ ok: code === 0, ms: Number(process.hrtime.bigint() - start) / 1e6, output });
    });
  });
}

/** Retries like the admin (once a second) until a login succeeds; the time to the first success. */
export async function adminRetry(args: Parameters<typeof adminTry>[0] & { giveUpMs: number }): Promise<LoginResult & { tries: number }> {
  const start = Date.now();
  let tries = 0;
  for (;;) {
    tries++;
    const r = await adminTry({ ...args, timeoutMs: Math.min(args.timeoutMs ?? 10000, Math.max(1000, args.giveUpMs - (Date.now() - start))) });
    if (r.ok || Date.now() - start >= args.giveUpMs) return { ...r, ms: Date.now() - start, tries };
    await new Promise((res) => setTimeout(res, 1000));
  }
}
