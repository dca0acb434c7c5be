// A bare ssh2 server, the floor for our daemon: same library, same pinned algorithms, TCP_NODELAY,
// publickey (signature verified) and password (plain compare, no KDF) for one user, a shell that
// prints the prompt and echoes keystrokes in-process. No database, no CLI process, no pty.
// Usage: node bare-ssh2.js PORT HOSTKEY_FILE PUBKEY_FILE USER   (password in BENCH_BARE_PASSWORD)
import * as fs from 'node:fs';
import * as net from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { Server, utils } from 'ssh2';
import type { AuthContext, PublicKeyAuthContext } from 'ssh2';

const [portArg, hostKeyFile, pubKeyFile, user] = process.argv.slice(2);
const password = Buffer.from(process.env.BENCH_BARE_PASSWORD ?? '');
const parsed = utils.parseKey(fs.readFileSync(pubKeyFile));
if (parsed instanceof Error) throw parsed;
const allowed = Array.isArray(parsed) ? parsed[0] : parsed;
const allowedBlob = allowed.getPublicSSH();

const server = new Server(
  {
    hostKeys: [fs.readFileSync(hostKeyFile)],
    algorithms: {
      kex: ['curve25519-sha256', 'curve25519-sha256@libssh.org'],
      serverHostKey: ['ssh-ed25519'],
      cipher: ['chacha20-poly1305@openssh.com', 'aes128-ctr'],
      hmac: ['hmac-sha2-256-etm@openssh.com', 'hmac-sha2-256'],
      compress: ['none'],
    },
  },
  (client) => {
    client.on('error', () => undefined);
    client.on('authentication', (ctx: AuthContext) => {
      if (ctx.username !== user) return ctx.reject(['publickey', 'password']);
      if (ctx.method === 'password') {
        const given = Buffer.from(ctx.password);
        return given.length === password.length && timingSafeEqual(given, password) ? ctx.accept() : ctx.reject();
      }
      if (ctx.method === 'publickey') {
        const pk = ctx as PublicKeyAuthContext;
        if (pk.key.algo !== allowed.type || !pk.key.data.equals(allowedBlob)) return ctx.reject();
        if (!pk.signature) return ctx.accept();
        return allowed.verify(pk.blob!, pk.signature, pk.hashAlgo) === true ? ctx.accept() : ctx.reject();
      }
      ctx.reject(['publickey', 'password']);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        session.on('pty', (ok) => ok?.());
        session.on('env', (ok) => ok?.());
        session.on('shell', (ok) => {
          const ch = ok();
          ch.write('<WX3000>');
          ch.on('data', (d: Buffer) => {
            for (const b of d) {
              if (b === 0x7f) ch.write('\b \b');
              else if (b === 0x0d) ch.write('\r\n<WX3000>');
              else ch.write(Buffer.from([b]));
            }
          });
        });
        session.on('exec', (ok, _reject, info) => {
          const ch = ok();
          const m = /^head -c (\d+) \/dev\/zero$/.exec(info.command);
          if (!m) {
            ch.write('ok\n');
            ch.exit(0);
            return ch.end();
          }
          let left = Number(m[1]);
          const chunk = Buffer.alloc(64 * 1024);
          const pump = () => {
            while (left > 0) {
              const n = Math.min(left, chunk.length);
              left -= n;
              if (!ch.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void ch.once('drain', pump);
            }
            ch.exit(0);
            ch.end();
          };
          pump();
        });
      });
    });
  },
);

const tcp = net.createServer({ pauseOnConnect: true, noDelay: true }, (sock) => {
  sock.on('error', () => undefined);
  server.injectSocket(sock);
  sock.resume();
});
tcp.listen(Number(portArg), '127.0.0.1', () => process.stdout.write(`listening on 127.0.0.1:${portArg}\n`));
process.on('SIGTERM', () => process.exit(0));
