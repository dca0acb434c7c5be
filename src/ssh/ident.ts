import type { Socket } from 'node:net';

/** RFC 4253 §4.2: the identification line is at most 255 bytes including CR LF. */
export const MAX_IDENT = 255;

export type IdentVerdict =
  | { kind: 'pending' }
  | { kind: 'ok'; ident: string }
  | { kind: 'ssh1'; ident: string }
  | { kind: 'bad'; reason: string };

/** Judges the bytes a client sent before its first packet. */
export function judgeIdent(head: Buffer): IdentVerdict {
  const nl = head.indexOf(0x0a);
  if (nl < 0) return head.length >= MAX_IDENT ? { kind: 'bad', reason: 'identification too long' } : { kind: 'pending' };
  if (nl + 1 > MAX_IDENT) return { kind: 'bad', reason: 'identification too long' };
  const line = head.subarray(0, nl).toString('latin1').replace(/\r$/, '');
  if (!line.startsWith('SSH-')) return { kind: 'bad', reason: 'not an SSH identification' };
  const m = /^SSH-(\d+)\.(\d+)-[\x21-\x7e]+( .*)?$/.exec(line);
  if (!m) return { kind: 'bad', reason: 'malformed identification' };
  if (m[1] === '2' && m[2] === '0') return { kind: 'ok', ident: line };
  if (m[1] === '1' && m[2] === '99') return { kind: 'ok', ident: line };
  if (m[1] === '1') return { kind: 'ssh1', ident: line };
  return { kind: 'bad', reason: 'unknown protocol version' };
}

/**
 * Watches the raw socket ahead of ssh2 (which gets the same bytes) until the client's identification
 * is judged. A 1.x client gets the manual's `Protocol major versions differ.` before the close, which
 * ssh2 does not send; anything malformed is closed here, before ssh2 spends work on it.
 */
export function guardIdentification(socket: Socket, onVerdict: (v: Exclude<IdentVerdict, { kind: 'pending' }>) => void): void {
  let head = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    head = Buffer.concat([head, chunk]).subarray(0, MAX_IDENT + 1);
    const verdict = judgeIdent(head);
    if (verdict.kind === 'pending') return;
    socket.removeListener('data', onData);
    if (verdict.kind !== 'ok') {
      // Keep ssh2 from parsing the rest: the connection is over.
      socket.removeAllListeners('data');
      socket.pause();
      if (verdict.kind === 'ssh1') socket.end('Protocol major versions differ.\r\n');
      else socket.destroy();
    }
    onVerdict(verdict);
  };
  socket.prependListener('data', onData);
}
