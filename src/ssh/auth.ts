import type { AuthContext, Connection, PublicKeyAuthContext } from 'ssh2';
import { AuthConnState, Authenticator, AuthRequest, newConnState } from '../auth/authenticator';
import { sigAlgoFromSsh2 } from '../common/ssh-signature';
import type { Logger } from '../log/logger';
import type { ConnectionState } from './connection-state';
import { DISCONNECT, sendDisconnect } from './protocol-hooks';

export const TOO_MANY_FAILURES = 'Too many authentication failures';

function toRequest(ctx: AuthContext): AuthRequest {
  const req: AuthRequest = { user: ctx.username, method: ctx.method };
  if (ctx.method === 'password') req.password = ctx.password;
  if (ctx.method === 'publickey') {
    const pk = ctx as PublicKeyAuthContext;
    req.key = { algo: pk.key.algo, blob: pk.key.data };
    if (pk.signature && pk.blob) {
      req.signature = { data: pk.blob, sig: pk.signature, sigAlgo: sigAlgoFromSsh2(pk.key.algo, pk.hashAlgo) };
    }
  }
  return req;
}

/**
 * Answers authentication requests through the Authenticator, one at a time per connection (clients
 * pipeline them), and enforces `authentication-retries`: the N-th counted failure disconnects with
 * reason 14 instead of a reply, so exactly N failures are possible.
 */
export function makeAuthHandler(auth: Authenticator, log: Logger) {
  const perConn = new WeakMap<ConnectionState, { auth: AuthConnState; queue: Promise<void> }>();
  return (ctx: AuthContext, state: ConnectionState, conn: Connection): void => {
    let entry = perConn.get(state);
    if (!entry) {
      entry = { auth: newConnState(state.address), queue: Promise.resolve() };
      perConn.set(state, entry);
    }
    const e = entry;
    e.queue = e.queue.then(async () => {
      if (state.socket.destroyed) return;
      let result;
      try {
        result = await auth.attempt(e.auth, toRequest(ctx));
      } catch (err) {
        log.error('authentication error', { peer: state.peer, err: (err as Error).message });
        result = { outcome: 'failure' as const, methods: await auth.methodsFor(ctx.username), counts: true };
        e.auth.failures++;
      }
      state.failures = e.auth.failures;
      if (result.outcome !== 'success' && result.counts && e.auth.failures >= state.authRetries) {
        log.warn('authentication retries exhausted', {
          module: 'SSH',
          digest: 'AUTH_RETRIES',
          peer: state.peer,
          user: ctx.username.slice(0, 64),
          failures: e.auth.failures,
        });
        sendDisconnect(conn, DISCONNECT.NO_MORE_AUTH_METHODS_AVAILABLE, TOO_MANY_FAILURES);
        state.socket.end();
        return;
      }
      switch (result.outcome) {
        case 'success':
          state.user = ctx.username;
          state.level = result.level ?? 0;
          state.mustChangePassword = result.mustChangePassword === true;
          ctx.accept();
          break;
        case 'key-ok':
          ctx.accept();
          break;
        case 'partial':
          ctx.reject(result.methods as never, true);
          break;
        default:
          ctx.reject(result.methods as never);
      }
    });
  };
}
