import { Client } from 'ssh2';

/** Tries passwords until the server disconnects; returns how many were sent and the disconnect. */
export function exhaust(port: number, user: string, opts: { localAddress?: string } = {}): Promise<{ sent: number; code?: number; message?: string }> {
  return new Promise((resolve) => {
    const c = new Client();
    let sent = 0;
    let settled = false;
    const done = (r: { code?: number; message?: string }) => {
      if (settled) return;
      settled = true;
      c.end();
      resolve({ sent, ...r });
    };
    c.on('error', (err: Error & { code?: number }) => done({ code: err.code, message: err.message }));
    c.on('ready', () => done({ message: 'authenticated?!' }));
    c.on('close', () => done({}));
    c.connect({
      host: '127.0.0.1',
      port,
      username: user,
      localAddress: opts.localAddress,
      readyTimeout: 20000,
      authHandler: (_methods, _partial, next) => {
        sent++;
        if (sent > 10) return next(false as never);
        next({ type: 'password', username: user, password: `wrong-${sent}` } as never);
      },
    });
  });
}


/** An authenticated ssh2 client (password), for requests OpenSSH would not send. */
export function passwordClient(port: number, username: string, password: string): Promise<Client> {
  const c = new Client();
  return new Promise((resolve, reject) => {
    c.on('ready', () => resolve(c))
      .on('error', reject)
      .connect({ host: '127.0.0.1', port, username, password, readyTimeout: 20000 });
  });
}
