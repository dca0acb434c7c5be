// The one client every server meets: the ssh2 Client from node_modules, algorithms pinned, TCP_NODELAY on.
import { Client, ClientChannel, ConnectConfig } from 'ssh2';
import * as fs from 'node:fs';
import { spawn } from 'node:child_process';
import type { BenchEnv } from './servers';
import { PROMPT } from './servers';

export type Method = 'publickey' | 'password';

export const PINNED = {
  kex: ['curve25519-sha256'],
  serverHostKey: ['ssh-ed25519'],
  cipher: ['chacha20-poly1305@openssh.com'],
  hmac: ['hmac-sha2-256-etm@openssh.com', 'hmac-sha2-256'],
  compress: ['none'],
};

const TIMEOUT_MS = 20000;
let privateKeyCache: { file: string; key: Buffer } | undefined;

function privateKey(env: BenchEnv): Buffer {
  if (privateKeyCache?.file !== env.keyFile) privateKeyCache = { file: env.keyFile, key: fs.readFileSync(env.keyFile) };
  return privateKeyCache.key;
}

/** Loopback is 127/8: spreading clients over source addresses keeps per-source pre-auth limits out of the way. */
export function sourceAddress(i: number): string {
  return `127.0.0.${2 + (i % 8)}`;
}

export interface LoginTimes {
  /** ms from TCP connect start to: key exchange done, authenticated, shell channel open, first prompt. */
  handshake: number;
  auth: number;
  channel?: number;
  prompt?: number;
}

export interface Conn {
  client: Client;
  times: LoginTimes;
  t0: number;
  end(): Promise<void>;
}

function now(): number {
  return performance.now();
}

/** Connects and authenticates; resolves when the server said USERAUTH_SUCCESS. */
export function connect(port: number, env: BenchEnv, method: Method, opts: { source?: string } = {}): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    const t0 = now();
    let handshake = 0;
    const timer = setTimeout(() => {
      client.end();
      reject(new Error(`login to :${port} timed out`));
    }, TIMEOUT_MS);
    const cfg: ConnectConfig = {
      host: '127.0.0.1',
      port,
      localAddress: opts.source,
      username: env.user,
      algorithms: PINNED as ConnectConfig['algorithms'],
      readyTimeout: TIMEOUT_MS,
      hostVerifier: () => true,
      tryKeyboard: false,
    };
    if (method === 'publickey') cfg.privateKey = privateKey(env);
    else cfg.password = env.password;
    client.on('handshake', () => (handshake = now() - t0));
    client.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    client.on('ready', () => {
      clearTimeout(timer);
      const closed = new Promise<void>((r) => client.once('close', () => r()));
      resolve({
        client,
        t0,
        times: { handshake, auth: now() - t0 },
        end: () => {
          client.end();
          return Promise.race([closed, new Promise<void>((r) => setTimeout(r, 3000))]).then(() => undefined);
        },
      });
    });
    client.connect(cfg);
    client.setNoDelay(true);
  });
}

export interface Shell {
  stream: ClientChannel;
  /** Everything received so far (latin1). */
  text(): string;
  /** Resolves with the time (performance.now) at which `pattern` first appears after `from` characters. */
  waitFor(pattern: string | RegExp, from?: number, timeoutMs?: number): Promise<number>;
}

/** Opens a pty shell (xterm 80x24) and waits for the prompt. */
export function openShell(conn: Conn): Promise<Shell> {
  return new Promise((resolve, reject) => {
    conn.client.shell({ term: 'xterm', cols: 80, rows: 24 }, (err, stream) => {
      if (err) return reject(err);
      conn.times.channel = now() - conn.t0;
      let buf = '';
      let waiter: (() => void) | undefined;
      stream.on('data', (d: Buffer) => {
        buf += d.toString('latin1');
        waiter?.();
      });
      stream.stderr.on('data', () => undefined);
      const shell: Shell = {
        stream,
        text: () => buf,
        waitFor(pattern, from = 0, timeoutMs = TIMEOUT_MS) {
          return new Promise((res, rej) => {
            const test = () => (typeof pattern === 'string' ? buf.indexOf(pattern, from) >= 0 : pattern.test(buf.slice(from)));
            if (test()) return res(now());
            const t = setTimeout(() => {
              waiter = undefined;
              rej(new Error(`timed out waiting for ${String(pattern)}; got ${JSON.stringify(buf.slice(-200))}`));
            }, timeoutMs);
            waiter = () => {
              if (test()) {
                clearTimeout(t);
                waiter = undefined;
                res(now());
              }
            };
          });
        },
      };
      shell
        .waitFor(PROMPT)
        .then((t) => {
          conn.times.prompt = t - conn.t0;
          resolve(shell);
        })
        .catch(reject);
    });
  });
}

/** TCP connect → first prompt on a pty shell; the connection is closed afterwards. */
export async function loginToPrompt(port: number, env: BenchEnv, method: Method, source?: string): Promise<LoginTimes> {
  const conn = await connect(port, env, method, { source });
  try {
    await openShell(conn);
    return conn.times;
  } finally {
    await conn.end();
  }
}

/** Handshake + authentication only (no channel), then a clean close. */
export async function handshakeAuth(port: number, env: BenchEnv, method: Method, source?: string): Promise<number> {
  const conn = await connect(port, env, method, { source });
  await conn.end();
  return conn.times.auth;
}

/**
 * Keystroke echo: type one printable character, time until it comes back, erase it with DEL (and
 * wait for the erase), repeat. Returns one sample per keystroke, in ms.
 */
export async function echoLatency(shell: Shell, count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const from = shell.text().length;
    const t = now();
    shell.stream.write('x');
    const back = await shell.waitFor('x', from, 5000);
    out.push(back - t);
    const from2 = shell.text().length;
    shell.stream.write('\x7f');
    await shell.waitFor('\b', from2, 5000);
  }
  return out;
}

/** Runs one command over exec on an open connection; resolves with bytes received and ms taken. */
export function execCount(conn: Conn, command: string, timeoutMs = 120000): Promise<{ bytes: number; ms: number; code: number | null }> {
  return new Promise((resolve, reject) => {
    const t = now();
    const timer = setTimeout(() => reject(new Error(`exec '${command}' timed out`)), timeoutMs);
    conn.client.exec(command, (err, stream) => {
      if (err) {
        clearTimeout(timer);
        return reject(err);
      }
      let bytes = 0;
      let code: number | null = null;
      stream.on('data', (d: Buffer) => (bytes += d.length));
      stream.stderr.on('data', () => undefined);
      stream.on('exit', (c: number | null) => (code = c));
      stream.on('close', () => {
        clearTimeout(timer);
        resolve({ bytes, ms: now() - t, code });
      });
    });
  });
}

/**
 * The OpenSSH client itself (`ssh -tt`, publickey, same pinned algorithms): process start → prompt.
 * Includes the client's own start-up, which is the same for every server.
 */
export function opensshClientLogin(port: number, env: BenchEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = now();
    const p = spawn(
      'ssh',
      [
        '-tt', '-F', '/dev/null', '-p', String(port), '-i', env.keyFile,
        '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR',
        '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'GlobalKnownHostsFile=/dev/null',
        '-o', `KexAlgorithms=${PINNED.kex[0]}`, '-o', `Ciphers=${PINNED.cipher[0]}`, '-o', `HostKeyAlgorithms=${PINNED.serverHostKey[0]}`,
        `${env.user}@127.0.0.1`,
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    let done = false;
    const finish = (e?: Error, ms?: number) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      p.kill('SIGKILL');
      if (e) reject(e);
      else resolve(ms!);
    };
    const timer = setTimeout(() => finish(new Error(`ssh login timed out: ${out.slice(-200)} ${err}`)), TIMEOUT_MS);
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString('latin1');
      if (out.includes(PROMPT)) finish(undefined, now() - t);
    });
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (code) => setTimeout(() => finish(new Error(`ssh exited ${code}: ${err}`)), 100));
    p.on('error', (e) => finish(e));
  });
}
