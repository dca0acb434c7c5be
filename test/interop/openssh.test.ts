// Interop: the OpenSSH client (Debian's ssh) against the daemon — password through SSH_ASKPASS, ed25519 key,
// exec exit statuses and an interactive shell on a pty.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sshBaseArgs } from '../helpers/daemon';
import { passwordEnv } from '../helpers/users';
import { InteropDaemon, PASSWORD, run, startInteropDaemon, USER } from './fixture';

let s: InteropDaemon;

before(async () => {
  s = await startInteropDaemon();
});
after(async () => {
  await s?.stop();
});

const passwordArgs = () => [
  ...sshBaseArgs(s.port),
  '-o', 'PubkeyAuthentication=no',
  '-o', 'PreferredAuthentications=password',
  '-o', 'NumberOfPasswordPrompts=1',
];
const keyArgs = () => [...sshBaseArgs(s.port), '-i', s.keyFile, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes'];

test('ssh with a password (SSH_ASKPASS) runs display version over exec, exit 0', { timeout: 30000 }, async () => {
  const r = await run('ssh', [...passwordArgs(), `${USER}@127.0.0.1`, 'display version'], { env: passwordEnv(s.dir, PASSWORD) });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /WX3000/);
});

test('ssh with an ed25519 key runs display version; an unknown command exits 1 with the caret error', { timeout: 30000 }, async () => {
  const ok = await run('ssh', [...keyArgs(), `${USER}@127.0.0.1`, 'display version']);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /WX3000/);
  const bad = await run('ssh', [...keyArgs(), `${USER}@127.0.0.1`, 'displayy version']);
  assert.equal(bad.status, 1, bad.stdout + bad.stderr);
  assert.match(bad.stdout + bad.stderr, /% Unrecognized command found at '\^' position\./);
});

test('ssh with a wrong password is refused (exit 255), the daemon stays up', { timeout: 30000 }, async () => {
  const r = await run('ssh', [...passwordArgs(), `${USER}@127.0.0.1`, 'display version'], { env: passwordEnv(s.dir, 'nope') });
  assert.equal(r.status, 255);
  assert.equal(s.d.proc.exitCode, null);
});

test('ssh -tt: interactive shell shows <WX3000>, system-view [WX3000], quit closes the session', { timeout: 30000 }, async () => {
  // Typed slowly from a pipe: ssh -tt gives the daemon a pty even though our stdin is not a terminal.
  const script = `sleep 1; printf 'system-view\\r'; sleep 0.5; printf 'return\\r'; sleep 0.5; printf 'quit\\r'; sleep 3`;
  const r = await run('sh', ['-c', `(${script}) | ssh -tt ${keyArgs().map((a) => `'${a}'`).join(' ')} ${USER}@127.0.0.1`], { timeoutMs: 20000 });
  assert.ok(!r.timedOut, 'quit ended the session before the input did');
  assert.match(r.stdout, /<WX3000>/);
  assert.match(r.stdout, /\[WX3000\]/);
  assert.match(r.stdout, /\r\n/);
});
