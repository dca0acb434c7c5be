// The device as an SSH client (issue 23), end to end: an administrator logged in to the device with
// OpenSSH runs `ssh2` and `sftp` from its CLI, against Debian's sshd started by hand on a loopback
// port and against a second device. Host key questions, a changed key, Ctrl+C, level 0, the audit
// and `display users`, and a 5 MB file both ways with the checksums compared.
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { runSsh, saveStartupConfig, sshBaseArgs, startDaemon, TestDaemon, tempDir } from '../helpers/daemon';
import { PtySsh } from '../helpers/pty-ssh';
import { requires } from '../helpers/require-tool';
import { SSHD, startSshd, systemUser, TestSshd } from '../helpers/sshd';
import { addKey, addUser, passwordEnv } from '../helpers/users';

const need = requires('root', 'ssh', SSHD, 'useradd', 'chpasswd');
const PW = 'Cl1ent-pass';
const REMOTE_USER = 'wxsshc';
const REMOTE_PW = 'Rem0te-pass-23';
const PROMPT = /<WX3000>$/;

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('ssh2 and sftp from the CLI', { timeout: 240_000 }, () => {
  let dev: TestDaemon;
  let peer: TestDaemon;
  let sshd: TestSshd;
  let home: string;
  let tmp: string;
  const open: PtySsh[] = [];

  before(async () => {
    if (!need.available) return;
    tmp = tempDir('wx3000-sshc-');
    home = systemUser(REMOTE_USER, REMOTE_PW);
    sshd = await startSshd();
    dev = await startDaemon({ args: ['--flash-size', '16M'] });
    addUser(dev.dataDir, 'ops', { password: PW, level: 3 });
    addUser(dev.dataDir, 'op', { password: PW, level: 0 });
    // The second device, on another loopback address so that its key is kept apart from sshd's.
    const peerDir = tempDir('wx3000-peer-');
    saveStartupConfig(peerDir, ['sysname PEER', 'sftp server enable', 'ssh user bob service-type all']);
    peer = await startDaemon({ dataDir: peerDir, args: ['--listen', '127.0.0.2'] });
    addUser(peer.dataDir, 'bob', { password: PW, level: 3 });
    // The device's own key pair, as bob's key on the peer (identity-key against the device itself).
    addKey(peer.dataDir, 'bob', path.join(dev.dataDir, 'ssh_host_ed25519_key'));
  });
  after(async () => {
    for (const s of open) s.kill();
    await Promise.all([dev?.stop(), peer?.stop(), sshd?.stop()]);
  });

  async function login(user = 'ops'): Promise<PtySsh> {
    const sh = new PtySsh([...sshBaseArgs(dev.port), '-o', 'PubkeyAuthentication=no', '-o', 'NumberOfPasswordPrompts=1', `${user}@127.0.0.1`], passwordEnv(tmp, PW));
    open.push(sh);
    await sh.waitFor(PROMPT);
    return sh;
  }

  /** Types a line and waits for `re` in what comes after it. */
  async function say(sh: PtySsh, line: string, re: RegExp, timeoutMs = 15000): Promise<string> {
    const mark = sh.mark;
    sh.write(line + '\r');
    return sh.waitFor(re, timeoutMs, mark);
  }

  function exec(command: string): string {
    const r = runSsh([...sshBaseArgs(dev.port), '-o', 'PubkeyAuthentication=no', `ops@127.0.0.1`, command], { env: passwordEnv(tmp, PW) });
    return r.stdout.replace(/\r\n/g, '\n');
  }

  need.test('ssh2 with a password: the first-time questions, a remote command, exit back to <WX3000>, then no questions', {}, async () => {
    const sh = await login();
    await say(sh, `ssh2 127.0.0.1 ${sshd.port}`, /Username:$/);
    const intro = await say(sh, REMOTE_USER, /Continue\? \[Y\/N\]:$/);
    assert.match(intro, /Trying 127\.0\.0\.1 \.\.\.\r\nPress CTRL\+K to abort\r\nConnected to 127\.0\.0\.1 \.\.\.\r\nThe Server is not authenticated\. Continue\? \[Y\/N\]:$/);
    await say(sh, 'y', /Do you want to save the server public key\? \[Y\/N\]:$/);
    await say(sh, 'y', new RegExp(`${REMOTE_USER}@127\\.0\\.0\\.1's password:$`));
    await say(sh, REMOTE_PW, /\$ $/);
    await say(sh, 'echo relayed-$((6*7)) $TERM', /relayed-42 xterm/);
    // The window size reaches the remote shell's pty.
    await say(sh, 'stty size', /40 120/);
    sh.proc.resize(100, 30);
    await say(sh, 'stty size', /30 100/);
    // While it runs, display users shows what the session does.
    assert.match(exec('display users'), new RegExp(`State: ssh2 127\\.0\\.0\\.1 port ${sshd.port}`));
    const back = await say(sh, 'exit', PROMPT);
    assert.match(back, /Connection to 127\.0\.0\.1 closed\./);
    // Saved in the running configuration, as V5 saves it.
    const cfg = exec('display current-configuration');
    assert.match(cfg, / public-key peer 127\.0\.0\.1\n  public-key-code begin\n/);
    assert.match(cfg, / ssh client authentication server 127\.0\.0\.1 assign publickey 127\.0\.0\.1\n/);
    assert.match(exec('display ssh server-info'), /127\.0\.0\.1\s+127\.0\.0\.1/);
    // The second connection asks nothing about the server.
    await say(sh, `ssh2 127.0.0.1 ${sshd.port}`, /Username:$/);
    const second = await say(sh, REMOTE_USER, /password:$/);
    assert.doesNotMatch(second, /not authenticated/);
    await say(sh, REMOTE_PW, /\$ $/);
    await say(sh, 'exit', PROMPT);
    sh.kill();
    // The audit: who, from which vty, to where, the outcome.
    const audit = fs.readFileSync(path.join(dev.dataDir, 'audit.log'), 'utf8');
    assert.match(audit, new RegExp(`ops\\(vty\\d\\) ssh2 127\\.0\\.0\\.1 port ${sshd.port} as ${REMOTE_USER}: connected`));
    assert.match(audit, new RegExp(`ops\\(vty\\d\\) ssh2 127\\.0\\.0\\.1 port ${sshd.port} as ${REMOTE_USER}: disconnected`));
    assert.match(audit, /saved the public key of server 127\.0\.0\.1/);
    assert.doesNotMatch(audit, new RegExp(REMOTE_PW));
  });

  need.test('ssh2 identity-key ed25519 logs in with the device key pair, which the daemon signs with', {}, async () => {
    fs.writeFileSync(sshd.authorizedKeys, fs.readFileSync(path.join(dev.dataDir, 'ssh_host_ed25519_key.pub')));
    const sh = await login();
    await say(sh, `ssh2 127.0.0.1 ${sshd.port} identity-key ed25519`, /Username:$/);
    // The server key is known by now; no password is asked.
    await say(sh, REMOTE_USER, /\$ $/);
    await say(sh, 'id -un; echo done-$((1+1))', new RegExp(`${REMOTE_USER}\\r?\\ndone-2`));
    await say(sh, 'exit', PROMPT);
    assert.match(sshd.log(), /Accepted publickey for wxsshc .* ED25519/);
    sh.kill();
  });

  need.test('ssh2 to the device itself on a second port; no to saving the key; a changed key and first-time disabled are refused', {}, async () => {
    const sh = await login();
    await say(sh, `ssh2 127.0.0.2 ${peer.port}`, /Username:$/);
    await say(sh, 'bob', /Continue\? \[Y\/N\]:$/);
    await say(sh, 'y', /save the server public key\? \[Y\/N\]:$/);
    await say(sh, 'n', /password:$/);
    await say(sh, PW, /<PEER>$/);
    await say(sh, 'display version', /<PEER>$/);
    await say(sh, 'quit', PROMPT);
    assert.doesNotMatch(exec('display current-configuration'), /public-key peer 127\.0\.0\.2/);

    // No to the first question: nothing more happens.
    await say(sh, `ssh2 127.0.0.2 ${peer.port}`, /Username:$/);
    await say(sh, 'bob', /Continue\? \[Y\/N\]:$/);
    const no = await say(sh, 'n', PROMPT);
    assert.doesNotMatch(no, /password/);

    // A key assigned to the server that is not its key: the device's message, and no login.
    await say(sh, 'system-view', /\[WX3000\]$/);
    await say(sh, 'ssh client authentication server 127.0.0.2 assign publickey 127.0.0.1', /\[WX3000\]$/);
    await say(sh, 'return', PROMPT);
    await say(sh, `ssh2 127.0.0.2 ${peer.port}`, /Username:$/);
    const changed = await say(sh, 'bob', PROMPT);
    assert.match(
      changed,
      /The server's host key does not match the local cached key\. Either the server administrator has changed the host key, or you connected to another server pretending to be this server\. Please remove the local cached key, before logging in!/,
    );
    assert.doesNotMatch(changed, /password/);

    // Without the assignment, and first-time authentication off: refused.
    await say(sh, 'system-view', /\[WX3000\]$/);
    await say(sh, 'undo ssh client authentication server 127.0.0.2 assign publickey', /\[WX3000\]$/);
    await say(sh, 'undo ssh client first-time', /\[WX3000\]$/);
    await say(sh, 'return', PROMPT);
    await say(sh, `ssh2 127.0.0.2 ${peer.port}`, /Username:$/);
    const off = await say(sh, 'bob', PROMPT);
    assert.match(off, /% The server is not authenticated, and first-time authentication is disabled/);
    await say(sh, 'system-view', /\[WX3000\]$/);
    await say(sh, 'ssh client first-time enable', /\[WX3000\]$/);
    await say(sh, 'return', PROMPT);
    const audit = fs.readFileSync(path.join(dev.dataDir, 'audit.log'), 'utf8');
    assert.match(audit, new RegExp(`ssh2 127\\.0\\.0\\.2 port ${peer.port} as bob: failed: The server's host key does not match`));
    sh.kill();
  });

  need.test("the outer session's idle timeout and free user-interface still apply while ssh2 runs", {}, async () => {
    const admin = await login();
    const vty = async (text: string) => say(admin, text, /\]$/);
    await say(admin, 'system-view', /\[WX3000\]$/);
    await vty('user-interface vty 0 4');
    await vty('idle-timeout 0 3');
    // The timeout is read when a session starts.
    const sh = await login();
    await vty('undo idle-timeout');
    await say(admin, 'return', PROMPT);
    await say(sh, `ssh2 127.0.0.1 ${sshd.port}`, /Username:$/);
    await say(sh, REMOTE_USER, /password:$/);
    await say(sh, REMOTE_PW, /\$ $/);
    // Keys relayed to the remote side are activity: 5 s of typing outlive the 3 s timeout.
    for (let i = 0; i < 5; i++) {
      await say(sh, `echo tick-${i}`, new RegExp(`\ntick-${i}\r\n`));
      await new Promise((r) => setTimeout(r, 1000));
    }
    // Output alone is not: silence ends the outer session, and the remote one with it.
    assert.equal(typeof (await sh.waitExit(10000)), 'number');
    assert.match(dev.stdout() + dev.stderr(), /idle timeout \(3 s\)/);

    const victim = await login();
    await say(victim, `ssh2 127.0.0.1 ${sshd.port}`, /Username:$/);
    await say(victim, REMOTE_USER, /password:$/);
    await say(victim, REMOTE_PW, /\$ $/);
    const users = await say(admin, 'display users', PROMPT);
    const ui = /VTY (\d)\s*:\r\n\s+User name: ops\r\n\s+Location: [\d.]+\r\n\s+State: ssh2 127\.0\.0\.1/.exec(users);
    assert.ok(ui, users);
    await say(admin, `free user-interface vty ${ui[1]}`, /\[Y\/N\]:$/);
    await say(admin, 'y', PROMPT);
    await victim.waitExit(10000);
    admin.kill();
    // The CLI process was ended with it; the daemon audits the connection it had open.
    await new Promise((r) => setTimeout(r, 300));
    const audit = fs.readFileSync(path.join(dev.dataDir, 'audit.log'), 'utf8');
    assert.match(audit, new RegExp(`ops\\(vty${ui[1]}\\) ssh2 127\\.0\\.0\\.1 port ${sshd.port}: ended with the session`));
  });

  need.test('Ctrl+C, and Comware\'s Ctrl+K, abort a connection to a server that never answers', {}, async () => {
    const silent = net.createServer((sock) => sock.on('error', () => undefined));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const sh = await login();
      for (const key of ['\x03', '\x0b']) {
        await say(sh, `ssh2 127.0.0.1 ${port}`, /Username:$/);
        await say(sh, 'nobody', /Connected to 127\.0\.0\.1 \.\.\.\r\n$/);
        await new Promise((r) => setTimeout(r, 500));
        const mark = sh.mark;
        sh.write(key);
        const out = await sh.waitFor(PROMPT, 5000, mark);
        assert.match(out, /% Connection aborted\./);
      }
      // The session goes on.
      await say(sh, 'display clock', PROMPT);
      sh.kill();
    } finally {
      silent.close();
    }
  });

  need.test('a level-0 user can ssh2, but cannot reach the ssh client settings', {}, async () => {
    const sh = await login('op');
    await say(sh, `ssh2 127.0.0.1 ${sshd.port}`, /Username:$/);
    await say(sh, REMOTE_USER, /password:$/);
    await say(sh, REMOTE_PW, /\$ $/);
    await say(sh, 'echo level0-ok', /level0-ok/);
    await say(sh, 'exit', PROMPT);
    const refused = await say(sh, 'system-view', PROMPT);
    assert.match(refused, /% Unrecognized command found at '\^' position\./);
    // In user view `ssh` is taken as `ssh2` with the host `client`: a syntax error, nothing changed.
    const refused2 = await say(sh, 'ssh client first-time enable', PROMPT);
    assert.match(refused2, /% Wrong parameter found at '\^' position\./);
    assert.doesNotMatch(exec('display current-configuration'), /ssh client first-time/);
    sh.kill();
  });

  need.test('sftp: put and get of a 5 MB file with the checksums compared, the view commands, and the flash quota', {}, async () => {
    const flash = path.join(dev.dataDir, 'flash');
    fs.writeFileSync(path.join(flash, 'big.bin'), crypto.randomBytes(5 * 1024 * 1024));
    // A file on the server larger than what is left on flash: (16 MB, 10 used by then).
    const huge = path.join(home, 'huge.bin');
    fs.writeFileSync(huge, crypto.randomBytes(8 * 1024 * 1024));
    fs.rmSync(path.join(home, 'big.bin'), { force: true });
    fs.rmSync(path.join(home, 'sub'), { recursive: true, force: true });
    const sh = await login();
    await say(sh, `sftp 127.0.0.1 ${sshd.port}`, /Username:$/);
    await say(sh, REMOTE_USER, /password:$/);
    await say(sh, REMOTE_PW, /sftp-client>$/);
    assert.match(exec('display users'), new RegExp(`State: sftp 127\\.0\\.0\\.1 port ${sshd.port}`));
    await say(sh, 'pwd', new RegExp(`${home}\\r\\nsftp-client>$`));
    const put = await say(sh, 'put big.bin', /sftp-client>$/, 60000);
    assert.match(put, /Uploading file successfully ended/);
    assert.equal(sha256(path.join(home, 'big.bin')), sha256(path.join(flash, 'big.bin')));
    const get = await say(sh, 'get big.bin copy.bin', /sftp-client>$/, 60000);
    assert.match(get, /Downloading file successfully ended/);
    assert.equal(sha256(path.join(flash, 'copy.bin')), sha256(path.join(flash, 'big.bin')));
    assert.match(await say(sh, 'dir', /sftp-client>$/), /-rw.* big\.bin\r\n/);
    await say(sh, 'mkdir sub', /sftp-client>$/);
    assert.match(await say(sh, 'cd sub', /sftp-client>$/), new RegExp(`${home}/sub`));
    assert.match(await say(sh, 'cdup', /sftp-client>$/), new RegExp(`${home}\\r\\n`));
    await say(sh, 'rename big.bin sub/moved.bin', /sftp-client>$/);
    assert.ok(fs.existsSync(path.join(home, 'sub', 'moved.bin')));
    await say(sh, 'delete sub/moved.bin', /sftp-client>$/);
    await say(sh, 'rmdir sub', /sftp-client>$/);
    assert.ok(!fs.existsSync(path.join(home, 'sub')));
    assert.match(await say(sh, 'ls missing', /sftp-client>$/), /% Failed to list missing: No such file/);
    // Flash holds 16 MB with 10 used: an 8 MB file does not fit, and nothing is left of it.
    const full = await say(sh, 'get huge.bin', /sftp-client>$/, 60000);
    assert.match(full, /% There is not enough free space on flash:\./);
    assert.ok(!fs.existsSync(path.join(flash, 'huge.bin')));
    assert.match(await say(sh, 'help', /sftp-client>$/), /put local-file \[remote-file\]/);
    await say(sh, 'bye', PROMPT);
    assert.doesNotMatch(exec('display users'), /State: sftp/);
    sh.kill();
    fs.rmSync(huge, { force: true });
    const audit = fs.readFileSync(path.join(dev.dataDir, 'audit.log'), 'utf8');
    assert.match(audit, new RegExp(`sftp 127\\.0\\.0\\.1 port ${sshd.port} as ${REMOTE_USER}: disconnected`));
  });

  // Last: it stops the peer.
  need.test('against the device itself: identity-key ed25519, sftp of 5 MB both ways, and a lost connection returns to <WX3000>', {}, async () => {
    const sh = await login();
    await say(sh, `ssh2 127.0.0.2 ${peer.port} identity-key ed25519 prefer-kex dh-group14-sha256 prefer-ctos-cipher aes128-ctr`, /Username:$/);
    await say(sh, 'bob', /Continue\? \[Y\/N\]:$/);
    await say(sh, 'y', /save the server public key\? \[Y\/N\]:$/);
    await say(sh, 'y', /<PEER>$/);
    // The preferences reached the wire: the peer saw that key exchange and an AES cipher.
    assert.match(await say(sh, 'display ssh server status', /<PEER>$/), /diffie-hellman-group14-sha256/);
    assert.match(await say(sh, 'display ssh server session', /<PEER>$/), /VTY \d\s+2\.0\s+AES\s/);
    await say(sh, 'quit', PROMPT);
    assert.match(peer.stdout() + peer.stderr(), /login.*bob.*publickey|bob.*publickey/);

    const flash = path.join(dev.dataDir, 'flash');
    fs.rmSync(path.join(flash, 'copy.bin'), { force: true });
    fs.writeFileSync(path.join(flash, 'peer.bin'), crypto.randomBytes(5 * 1024 * 1024));
    await say(sh, `sftp 127.0.0.2 ${peer.port}`, /Username:$/);
    await say(sh, 'bob', /password:$/);
    await say(sh, PW, /sftp-client>$/);
    assert.match(await say(sh, 'put peer.bin', /sftp-client>$/, 60000), /Uploading file successfully ended/);
    assert.equal(sha256(path.join(peer.dataDir, 'flash', 'peer.bin')), sha256(path.join(flash, 'peer.bin')));
    fs.rmSync(path.join(flash, 'peer.bin'));
    assert.match(await say(sh, 'get peer.bin', /sftp-client>$/, 60000), /Downloading file successfully ended/);
    assert.equal(sha256(path.join(flash, 'peer.bin')), sha256(path.join(peer.dataDir, 'flash', 'peer.bin')));
    assert.match(await say(sh, 'ls', /sftp-client>$/), /peer\.bin/);
    await peer.stop();
    const lost = await say(sh, 'pwd', PROMPT);
    assert.match(lost, /% The connection to the server was closed\./);
    const audit = fs.readFileSync(path.join(dev.dataDir, 'audit.log'), 'utf8');
    assert.match(audit, new RegExp(`sftp 127\\.0\\.0\\.2 port ${peer.port} as bob: disconnected`));
    sh.kill();
  });
});
