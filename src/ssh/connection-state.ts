import type { Socket } from 'node:net';

/** What the daemon knows of one TCP connection, from accept to close (`display ssh server session`). */
export class ConnectionState {
  private static seq = 0;
  readonly id = ++ConnectionState.seq;
  readonly since = Date.now();
  clientIdent = '';
  /** Init → Ver-exchange → Keys-exchange → Auth-request → Established → Disconnected (Comware names). */
  phase: 'Init' | 'Ver-exchange' | 'Keys-exchange' | 'Auth-request' | 'Established' | 'Disconnected' = 'Init';
  cipher = '';
  user = '';
  level = 0;
  authenticated = false;
  mustChangePassword = false;
  /** Failed authentication requests that count toward authentication-retries. */
  failures = 0;
  succeededMethods: string[] = [];
  /** CLI sessions (shells, execs) running on this connection now; one connection may carry several. */
  sessions = 0;

  constructor(readonly socket: Socket, readonly address: string, readonly port: number) {}

  get peer(): string {
    return `${this.address}:${this.port}`;
  }
}
