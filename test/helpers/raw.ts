import * as net from 'node:net';

/** A raw TCP client: what the server sent, and when it closed. Bounded by timeoutMs. */
export function rawExchange(
  port: number,
  opts: { send?: string | Buffer; until?: (received: Buffer) => boolean; timeoutMs?: number; localAddress?: string } = {},
): Promise<{ data: Buffer; closed: boolean }> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port, localAddress: opts.localAddress });
    let data = Buffer.alloc(0);
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ data, closed });
    };
    const timer = setTimeout(() => finish(false), opts.timeoutMs ?? 5000);
    sock.on('connect', () => {
      if (opts.send !== undefined) sock.write(opts.send);
    });
    sock.on('data', (d) => {
      data = Buffer.concat([data, d]);
      if (opts.until?.(data)) finish(false);
    });
    sock.on('close', () => finish(true));
    sock.on('error', () => finish(true));
  });
}

/** Opens a socket and keeps it; resolves once connected (or failed). */
export function openIdle(port: number, localAddress = '127.0.0.1'): Promise<{ sock: net.Socket; closed: Promise<void>; data: () => string }> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port, localAddress });
    let text = '';
    sock.on('data', (d) => (text += d.toString('latin1')));
    const closed = new Promise<void>((r) => sock.once('close', () => r()));
    sock.on('error', () => undefined);
    sock.once('connect', () => resolve({ sock, closed, data: () => text }));
    sock.once('error', () => resolve({ sock, closed, data: () => text }));
  });
}
