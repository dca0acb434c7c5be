// An interactive shell on the remote server over the CLI's terminal: keys as typed (Ctrl+C too) go to
// the server, its output comes back as is, a window change follows, and its end returns to the prompt.
import { StringDecoder } from 'node:string_decoder';
import type { Client, ClientChannel } from 'ssh2';
import type { TerminalPort } from '../../device/ssh-client';

function openShell(conn: Client, term: string, t: TerminalPort): Promise<ClientChannel> {
  return new Promise((resolve, reject) => conn.shell({ term, cols: t.cols, rows: t.rows }, (err, stream) => (err ? reject(err) : resolve(stream))));
}

/** Resolves when the remote shell has ended (or the connection is gone). */
export async function relayShell(conn: Client, term: string, terminal: TerminalPort): Promise<void> {
  const stream = await openShell(conn, term, terminal);
  const decoder = new StringDecoder('utf8');
  const show = (d: Buffer): void => {
    const s = decoder.write(d);
    if (s) terminal.write(s);
  };
  stream.on('data', show);
  stream.stderr.on('data', show);
  terminal.onInput((data) => {
    if (stream.writable) stream.write(data);
  });
  terminal.onResize((cols, rows) => stream.setWindow(rows, cols, 0, 0));
  await new Promise<void>((resolve) => {
    stream.once('close', () => resolve());
    conn.once('close', () => resolve());
  });
  const rest = decoder.end();
  if (rest) terminal.write(rest);
}
