// One outgoing SSH connection up to a logged-in state: host key decision (the CLI asks), then the
// device's key if `identity-key` was given, then the password (asked, up to three times). Ctrl+C
// (the target's signal) ends it at any point before it is up.
import { Client } from 'ssh2';
import type { AuthenticationType, AuthHandlerMiddleware, NextAuthHandler } from 'ssh2';
import { OutgoingError, OutgoingStopped, OutgoingTarget } from '../../device/ssh-client';
import { clientAlgorithms } from './algorithms';
import { DeviceAgent, DeviceIdentity } from './device-agent';

/** From the TCP connect to the server's host key: a server that says nothing is given up. */
const HANDSHAKE_TIMEOUT_MS = 30_000;
const PASSWORD_TRIES = 3;

function reason(err: Error & { code?: string; level?: string }, target: OutgoingTarget): OutgoingError {
  if (err instanceof OutgoingError) return err;
  switch (err.code) {
    case 'ECONNREFUSED':
      return new OutgoingError(`Failed to connect to ${target.host} port ${target.port}: connection refused.`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new OutgoingError(`Failed to resolve ${target.host}.`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new OutgoingError(`Failed to connect to ${target.host} port ${target.port}: no route to host.`);
    case 'ECONNRESET':
      return new OutgoingError('The server closed the connection.');
  }
  if (err.level === 'client-authentication') return new OutgoingError('Authentication failed.');
  if (err.level === 'handshake') return new OutgoingError(`Key exchange with the server failed (${err.message}).`);
  return new OutgoingError(`The connection failed: ${err.message}.`);
}

/** Resolves with a logged-in client; rejects with an OutgoingError, or with what a question rejected with (Ctrl+C). */
export function connect(target: OutgoingTarget, identity?: DeviceIdentity): Promise<Client> {
  const conn = new Client();
  return new Promise<Client>((resolve, reject) => {
    let settled = false;
    // What stopped us ourselves (a refused host key, Ctrl+C at a question) wins over ssh2's own words.
    let cause: Error | undefined;
    const timer = setTimeout(() => fail(new OutgoingError(`The server did not answer within ${HANDSHAKE_TIMEOUT_MS / 1000} seconds.`)), HANDSHAKE_TIMEOUT_MS);
    const onAbort = (): void => fail(new OutgoingStopped());
    function done(): void {
      settled = true;
      clearTimeout(timer);
      target.signal.removeEventListener('abort', onAbort);
    }
    function fail(err: Error): void {
      if (settled) return;
      done();
      conn.destroy();
      reject(cause ?? reason(err, target));
    }
    if (target.signal.aborted) return fail(new OutgoingStopped());
    target.signal.addEventListener('abort', onAbort, { once: true });
    conn.on('ready', () => {
      if (settled) return;
      done();
      target.onConnected?.();
      resolve(conn);
    });
    conn.on('connect', () => {
      if (!settled) target.onReachable?.();
    });
    conn.on('error', (err) => fail(err));
    conn.on('close', () => fail(new OutgoingError('The server closed the connection.')));

    let triedKey = false;
    let passwords = 0;
    const ask = (prompt: string, echo: boolean): Promise<string> =>
      target.ask(prompt, echo).catch((err: Error) => {
        cause ??= err;
        throw err;
      });
    const authHandler: AuthHandlerMiddleware = (methodsLeft: AuthenticationType[] | null, _partial: boolean | null, next: NextAuthHandler) => {
      const user = target.username;
      // The first call has no list yet: `none` asks the server for it.
      if (methodsLeft === null) return next({ type: 'none', username: user });
      if (identity && !triedKey && methodsLeft.includes('publickey')) {
        triedKey = true;
        return next({ type: 'agent', username: user, agent: new DeviceAgent(identity) });
      }
      if (passwords >= PASSWORD_TRIES) return next(false as never);
      passwords++;
      const prompt = `${user}@${target.host}'s password:`;
      if (methodsLeft.includes('password')) {
        ask(prompt, false).then(
          (password) => next({ type: 'password', username: user, password }),
          () => fail(new OutgoingStopped()),
        );
        return;
      }
      if (methodsLeft.includes('keyboard-interactive')) {
        return next({
          type: 'keyboard-interactive',
          username: user,
          prompt: (_name, _instructions, _lang, prompts, finish) => {
            void (async () => {
              const answers: string[] = [];
              for (const p of prompts) answers.push(await ask(p.prompt, p.echo === true));
              finish(answers);
            })().catch(() => fail(new OutgoingStopped()));
          },
        });
      }
      next(false as never);
    };

    conn.connect({
      host: target.host,
      port: target.port,
      username: target.username,
      // ssh2's own timer would run on while the user answers questions and types a password.
      readyTimeout: 0,
      keepaliveInterval: 30_000,
      algorithms: clientAlgorithms(target.prefer),
      hostVerifier: (blob: Buffer, verify: (ok: boolean) => void) => {
        clearTimeout(timer);
        target.verifyHostKey(blob).then(
          (ok) => {
            if (!ok) cause ??= new OutgoingStopped();
            verify(ok);
          },
          (err: Error) => {
            cause ??= err;
            verify(false);
          },
        );
      },
      authHandler,
    });
  });
}
