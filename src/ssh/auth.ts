import type { AuthContext, Connection, PublicKeyAuthContext } from 'ssh2';
import { Authenticator, AuthRequest } from '../auth/authenticator';
import { sigAlgoFromSsh2 } from '../common/ssh-signature';
import type { ConnectionState } from './connection-state';
import { DISCONNECT, sendDisconnect } from './protocol-hooks';

export const TOO_MANY_FAILURES = 'Too many authentication failures';

/** ssh2's context as plain data; a malformed request (no key, a change request) stays a request that fails. */
function toRequest(ctx: AuthContext): AuthRequest {
  const req: AuthRequest = { user: ctx.username, method: ctx.method };
  if (ctx.method === 'password' && typeof ctx.password === 'string') req.password = ctx.password;
  if (ctx.method === 'publickey') {
    const pk = ctx as PublicKeyAuthContext;
    if (pk.key) req.key = { algo: pk.key.algo, blob: pk.key.data };
    if (pk.key && pk.signature && pk.blob) {
      req.signature = { data: pk.blob, sig: pk.signature, sigAlgo: sigAlgoFromSsh2(pk.key.algo, pk.hashAlgo) };
    }
  }
  return req;
}

/**
 * Answers authentication requests through the Authenticator, one at a time per connection (clients
 * pipeline them). The Authenticator counts the failures and says when the retries are used up; this
 * only carries it out: reason 14 instead of a reply, so exactly N failures are possible.
 */
export function makeAuthHandler(auth: Authenticator) {
  const queues = new WeakMap<ConnectionState, Promise<void>>();
  return (ctx: AuthContext, state: ConnectionState, conn: Connection): void => {
    const next = (queues.get(state) ?? Promise.resolve()).then(async () => {
      if (state.socket.destroyed) return;
      const result = await auth.attempt(state.auth, toRequest(ctx));
      if (state.socket.destroyed) {
        void result.accounting?.stop();
        return;
      }
      if (result.disconnect) {
        sendDisconnect(conn, DISCONNECT.NO_MORE_AUTH_METHODS_AVAILABLE, TOO_MANY_FAILURES);
        state.socket.end();
        return;
      }
      switch (result.outcome) {
        case 'success':
          state.user = ctx.username;
          state.level = result.level ?? 0;
          state.mustChangePassword = result.mustChangePassword === true;
          state.serviceType = result.serviceType ?? 'stelnet';
          state.passwordExpired = result.passwordExpired === true;
          state.passwordDaysLeft = result.passwordDaysLeft;
          state.accounting = result.accounting;
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
    }).catch(() => void state.socket.destroy()); // an answer that cannot be sent: the connection is gone
    queues.set(state, next);
  };
}
