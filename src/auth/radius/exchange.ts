// One request to one RADIUS server over UDP: sent, resent on timeout, until a reply that passes the
// authenticator checks arrives, the retries run out, or the caller's deadline passes.
import * as dgram from 'node:dgram';
import { randomInt } from 'node:crypto';
import { checkReply, Packet } from './packet';

export interface Target {
  host: string;
  port: number;
  secret: Buffer;
}

export interface ExchangeOptions {
  /** `timer response-timeout`, in ms. */
  timeoutMs: number;
  /** `retry`: how many times the request is sent in all. */
  tries: number;
  /** Epoch ms after which nobody waits any more (the SSH login grace). */
  deadline: number;
  requireMessageAuthenticator: boolean;
}

export type ExchangeResult =
  | { kind: 'reply'; packet: Packet; sent: number }
  /** No acceptable reply; `bad` counts replies that failed a check, `reasons` says which checks. */
  | { kind: 'timeout'; sent: number; bad: number; reasons: string[] };

/**
 * The socket is connected to the server, so the kernel delivers only datagrams from its address and
 * port; the identifier and the authenticators are checked as well. A fresh socket per exchange gives
 * every request its own source port. Retransmissions repeat the packet byte for byte (RFC 5080 §2.2.1).
 */
export async function exchange(
  target: Target,
  /** Makes the packet once the socket is connected: `local` is the address the server will see. */
  build: (id: number, local: string) => { buf: Buffer; authenticator: Buffer },
  opts: ExchangeOptions,
): Promise<ExchangeResult> {
  const id = randomInt(256);
  const sock = dgram.createSocket(target.host.includes(':') ? 'udp6' : 'udp4');
  let sent = 0;
  let bad = 0;
  const reasons: string[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      sock.once('error', reject);
      sock.connect(target.port, target.host, () => {
        sock.off('error', reject);
        resolve();
      });
    });
    const { buf, authenticator } = build(id, sock.address().address);
    return await new Promise<ExchangeResult>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (r: ExchangeResult) => {
        clearTimeout(timer);
        sock.removeAllListeners('message');
        resolve(r);
      };
      sock.on('error', () => undefined);
      sock.on('message', (msg, rinfo) => {
        if (rinfo.port !== target.port || msg.length < 20 || msg[1] !== id) return;
        const check = checkReply(msg, authenticator, target.secret, opts.requireMessageAuthenticator);
        if (check.ok) {
          finish({ kind: 'reply', packet: check.packet, sent });
        } else {
          bad++;
          if (!reasons.includes(check.reason)) reasons.push(check.reason);
        }
      });
      const send = () => {
        const left = opts.deadline - Date.now();
        if (sent >= opts.tries || left <= 0) {
          finish({ kind: 'timeout', sent, bad, reasons });
          return;
        }
        sent++;
        sock.send(buf);
        timer = setTimeout(send, Math.min(opts.timeoutMs, left));
      };
      send();
    });
  } catch {
    // An unresolvable or unreachable address: no server answered.
    return { kind: 'timeout', sent, bad, reasons };
  } finally {
    sock.close();
  }
}
