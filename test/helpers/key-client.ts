import * as fs from 'node:fs';
import { Client } from 'ssh2';

/** An ssh2 client authenticated with a key file made by ssh-keygen; rejects with the server's reason. */
export function keyClient(port: number, username: string, keyFile: string, localAddress?: string): Promise<Client> {
  const c = new Client();
  return new Promise((resolve, reject) => {
    c.on('ready', () => resolve(c))
      .on('error', reject)
      .on('close', () => reject(new Error('closed before ready')))
      .connect({ host: '127.0.0.1', port, username, privateKey: fs.readFileSync(keyFile), localAddress, readyTimeout: 20000 });
  });
}

/** Resolves when the client's connection is gone. */
export function closed(c: Client): Promise<void> {
  return new Promise((resolve) => {
    const sock = (c as unknown as { _sock?: { destroyed: boolean } })._sock;
    if (!sock || sock.destroyed) return resolve();
    c.once('close', () => resolve());
  });
}
