// rpc-error (RFC 6241 §4.3, appendix A): what went wrong, in the terms clients switch on.
import { escapeText } from './xml';

export type ErrorType = 'transport' | 'rpc' | 'protocol' | 'application';

export class RpcError extends Error {
  constructor(
    readonly type: ErrorType,
    readonly tag: string,
    message: string,
    /** error-info children, e.g. { 'bad-element': 'filter' } or { 'session-id': '3' }. */
    readonly info: Record<string, string> = {},
    readonly severity: 'error' | 'warning' = 'error',
  ) {
    super(message);
  }

  xml(): string {
    const info = Object.entries(this.info)
      .map(([k, v]) => `<${k}>${escapeText(v)}</${k}>`)
      .join('');
    return (
      `<rpc-error><error-type>${this.type}</error-type><error-tag>${this.tag}</error-tag>` +
      `<error-severity>${this.severity}</error-severity>` +
      `<error-message xml:lang="en">${escapeText(this.message)}</error-message>` +
      (info ? `<error-info>${info}</error-info>` : '') +
      '</rpc-error>'
    );
  }
}

export const accessDenied = (op: string) => new RpcError('protocol', 'access-denied', `Access to ${op} is denied at this user level.`);
export const lockDenied = (holder: number) =>
  new RpcError('protocol', 'lock-denied', 'The running configuration is locked by another session.', { 'session-id': String(holder) });
