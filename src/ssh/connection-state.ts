import type { Socket } from 'node:net';
import type { Connection } from 'ssh2';
import { AuthConnState, newConnState } from '../auth/authenticator';

/** What the daemon knows of one TCP connection, from accept to close (`display ssh server session`). */
export class ConnectionState {
  private static seq = 0;
  readonly id = ++ConnectionState.seq;
  readonly since = Date.now();
  clientIdent = '';
  /** ssh2's side of the connection, once the client's identification was read. */
  conn?: Connection;
  /** Init → Ver-exchange → Keys-exchange → Auth-request → Established → Disconnected (Comware names). */
  phase: 'Init' | 'Ver-exchange' | 'Keys-exchange' | 'Auth-request' | 'Established' | 'Disconnected' = 'Init';
  cipher = '';
  kex = '';
  user = '';
  level = 0;
  authenticated = false;
  mustChangePassword = false;
  /** The password passed password-control aging: changed at login like a first one. */
  passwordExpired = false;
  /** Days until the password expires, within the early-notice period. */
  passwordDaysLeft?: number;
  /** Authentication progress: methods that succeeded, failures and the retry limit read at accept. */
  auth: AuthConnState;
  /** `ssh user NAME service-type` as authentication found it: which of SFTP and SCP the user may open. */
  serviceType = 'stelnet';
  /** RADIUS accounting of the login: stopped when the connection closes. */
  accounting?: { stop(): Promise<void> };
  /** CLI sessions (shells, execs) running on this connection now; one connection may carry several. */
  sessions = 0;
  /** Why the daemon closed it before login: evicted, grace, kex-deadline, garbage, connection limit. */
  closedBy?: string;

  constructor(readonly socket: Socket, readonly address: string, readonly port: number) {
    this.auth = newConnState(address);
  }

  get peer(): string {
    return `${this.address}:${this.port}`;
  }
}
