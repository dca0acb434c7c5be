// Central authentication (issue 18): ISP domains and RADIUS schemes against a real FreeRADIUS, with
// the real OpenSSH client logging in to the real daemon.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { BIN, sshBaseArgs, startDaemon, TestDaemon, tempDir } from '../helpers/daemon';
import { FreeRadius, freeradiusBinary, startFreeRadius } from '../helpers/freeradius';
import { addUser, passwordEnv } from '../helpers/users';
import { PtySsh } from '../helpers/pty-ssh';

const PW = 'Rad1us-Pass!';
const LOCAL_PW = 'L0cal-Pass!';
const SECRET = 'Sh4red-Secret';
const ENABLE_PW = 'En4ble-Three';
const skip = !freeradiusBinary() && process.env.CI !== 'true' ? 'freeradius is not installed' : false;

let radius: FreeRadius;
let spare: FreeRadius;
let d: TestDaemon;
let keys: string;

/**
 * A child run to its end without blocking this process: the daemon's log pipe is read meanwhile
 * (a blocked reader would stall the daemon on a full pipe).
 */
function run(cmd: string, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b) => (stdout += b));
    p.stderr.on('data', (b) => (stderr += b));
    const timer = setTimeout(() => p.kill('SIGKILL'), 60000);
    p.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr: stderr.replace(/\r\n/g, '\n') });
    });
    p.stdin.end(opts.input ?? '');
  });
}

/** The console CLI on the daemon's data directory: configuration as an administrator types it. */
async function cli(lines: string[]): Promise<string> {
  const r = await run(process.execPath, [BIN, 'console', '--data-dir', d.dataDir], { input: lines.join('\n') + '\n' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

async function configure(lines: string[]): Promise<void> {
  const out = await cli(['system-view', ...lines]);
  assert.doesNotMatch(out, /^%/m, out);
}

function ssh(user: string, password: string, command: string, opts: { from?: string; prompts?: number } = {}) {
  return run(
    'ssh',
    [
      ...sshBaseArgs(d.port),
      '-o', 'PubkeyAuthentication=no',
      '-o', 'PreferredAuthentications=password',
      '-o', `NumberOfPasswordPrompts=${opts.prompts ?? 1}`,
      '-b', opts.from ?? '127.0.0.1',
      `${user}@127.0.0.1`,
      command,
    ],
    { env: passwordEnv(keys, password) },
  );
}

function scheme(name: string, port: number, key: string, extra: string[] = []): string[] {
  return [`radius scheme ${name}`, `primary authentication 127.0.0.1 ${port}`, `key authentication simple ${key}`, 'timer response-timeout 1', 'retry 2', ...extra, 'quit'];
}

async function until(what: string, check: () => boolean, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The daemon's log, read once the event loop (blocked by spawnSync) has drained its pipe. */
async function logged(re: RegExp): Promise<void> {
  await until(`log line ${re}`, () => re.test(d.stderr()));
}

describe('RADIUS login through FreeRADIUS', { skip }, () => {
  before(async () => {
    keys = tempDir('wx3000-keys-');
    radius = await startFreeRadius(
      [
        { name: 'radmin', password: PW, reply: ['H3C-Exec-Privilege = 3'] },
        { name: 'rviewer', password: PW, reply: ['H3C-Exec-Privilege = 0'] },
        { name: 'oldstyle', password: PW, reply: ['3Com-User-Access-Level = 3Com-Monitor'] },
        { name: 'rlock', password: PW, reply: ['H3C-Exec-Privilege = 3'] },
        { name: 'carol@dom2', password: PW, reply: ['H3C-Exec-Privilege = 2'] },
        { name: '$enab3$', password: ENABLE_PW },
      ],
      SECRET,
    );
    spare = await startFreeRadius([{ name: 'radmin', password: PW, reply: ['H3C-Exec-Privilege = 3'] }], SECRET);
    d = await startDaemon();
    addUser(d.dataDir, 'ladmin', { password: LOCAL_PW, level: 3 });
    await configure([
      ...scheme('rad', radius.authPort, SECRET, ['user-name-format without-domain', `primary accounting 127.0.0.1 ${radius.acctPort}`, `key accounting simple ${SECRET}`]),
      ...scheme('dom2rad', radius.authPort, SECRET, ['user-name-format with-domain']),
      ...scheme('badkey', radius.authPort, 'not-the-secret'),
      'domain system',
      'authentication login radius-scheme rad',
      'authorization login radius-scheme rad',
      'accounting login radius-scheme rad',
      'authentication super radius-scheme rad',
      'quit',
      'domain dom2',
      'authentication login radius-scheme dom2rad',
      'authorization login radius-scheme dom2rad',
      'quit',
      'domain wrongkey',
      'authentication login radius-scheme badkey',
      'quit',
    ]);
  });

  after(async () => {
    await d?.stop();
    await radius?.stop();
    await spare?.stop();
  });

  test('a level-3 RADIUS admin logs in with OpenSSH and gets level 3; accounting start and stop reach the detail file', async () => {
    const r = await ssh('radmin', PW, 'display users');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\+\s+\d+\s+VTY \d\s+\S+\s+SSH\s+3$/m);
    await logged(/login succeeded user=radmin .*userLevel=3/);
    await until('accounting stop', () => /Acct-Status-Type = Stop/.test(radius.detail()));
    const detail = radius.detail();
    assert.match(detail, /Acct-Status-Type = Start/);
    assert.match(detail, /User-Name = "radmin"/);
    assert.match(detail, /Calling-Station-Id = "127\.0\.0\.1"/);
    assert.match(detail, /Acct-Session-Time = \d+/);
    // The access request carried what §2.4 lists.
    assert.match(radius.output(), /Service-Type = Login-User/);
    assert.match(radius.output(), /NAS-IP-Address = 127\.0\.0\.1/);
  });

  test('a local login in a domain with RADIUS accounting is accounted as well', async () => {
    await configure(['domain acctlocal', 'accounting login radius-scheme rad', 'quit']);
    const r = await ssh('ladmin@acctlocal', LOCAL_PW, 'display clock');
    assert.equal(r.status, 0, r.stderr);
    const records = () => radius.detail().split(/\n\s*\n/);
    await until('accounting stop of ladmin', () => records().some((rec) => rec.includes('User-Name = "ladmin"') && rec.includes('Acct-Status-Type = Stop')));
    assert.ok(records().some((rec) => rec.includes('User-Name = "ladmin"') && rec.includes('Acct-Status-Type = Start')));
  });

  test('a level-0 RADIUS admin gets level 0: system view is refused', async () => {
    const r = await ssh('rviewer', PW, 'system-view');
    assert.notEqual(r.status, 0);
    await logged(/login succeeded user=rviewer .*userLevel=0/);
  });

  test('super through the domain: RADIUS checks `$enab3$` with the typed password, then the level rises', async () => {
    const s = new PtySsh(
      [...sshBaseArgs(d.port), '-o', 'PubkeyAuthentication=no', '-o', 'PreferredAuthentications=password', '-o', 'NumberOfPasswordPrompts=1', 'rviewer@127.0.0.1'],
      passwordEnv(keys, PW),
    );
    try {
      await s.waitFor(/<WX3000>$/);
      let m = s.mark;
      s.write('super 3\r');
      await s.waitFor(/Password:$/, 15000, m);
      m = s.mark;
      s.write('wrong-one\r');
      await s.waitFor(/Password:$/, 15000, m);
      m = s.mark;
      s.write(`${ENABLE_PW}\r`);
      await s.waitFor(/User privilege level is 3[\s\S]*<WX3000>$/, 15000, m);
      m = s.mark;
      s.write('system-view\r');
      await s.waitFor(/\[WX3000\]$/, 15000, m);
      s.write('return\rquit\r');
      await s.waitExit();
    } finally {
      s.proc.kill();
    }
    assert.match(radius.output(), /User-Name = "\$enab3\$"/);
  });

  test('3Com-User-Access-Level gives the level when H3C-Exec-Privilege is absent', async () => {
    const r = await ssh('oldstyle', PW, 'display users');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\+\s+\d+\s+VTY \d\s+\S+\s+SSH\s+1$/m);
  });

  test('a wrong password is refused: the Access-Reject is final, no local fallback', async () => {
    const r = await ssh('radmin', 'wrong-' + PW, 'display clock');
    assert.equal(r.status, 255);
    assert.match(r.stderr, /Permission denied/);
    await logged(/rejected by RADIUS scheme rad/);
    // A local user of the same domain is not asked for: RADIUS answered.
    const local = await ssh('ladmin', LOCAL_PW, 'display clock');
    assert.equal(local.status, 255);
  });

  test('RADIUS rejects count toward the retry limit and the lockout like local failures', async () => {
    const r = await ssh('rlock', 'bad-' + PW, 'display clock', { from: '127.0.0.3', prompts: 3 });
    assert.equal(r.status, 255);
    const locked = await ssh('rlock', PW, 'display clock', { from: '127.0.0.3' });
    assert.equal(locked.status, 255, 'the locked user is refused even with the right password');
    assert.match(await cli(['display password-control blacklist']), /rlock/);
    // Another address is not locked.
    assert.equal((await ssh('rlock', PW, 'display clock', { from: '127.0.0.4' })).status, 0);
  });

  test('two domains, two schemes: user@domain picks the scheme, which sends the name its format says', async () => {
    const r = await ssh('carol@dom2', PW, 'display users');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\+\s+\d+\s+VTY \d\s+\S+\s+SSH\s+2$/m);
    assert.match(radius.output(), /User-Name = "carol@dom2"/);
    // Through the system domain's scheme (without-domain) `radmin@system` is sent as `radmin`.
    assert.equal((await ssh('radmin@system', PW, 'display clock')).status, 0);
    // An unknown domain is refused, as any other failure.
    assert.equal((await ssh('radmin@nosuch', PW, 'display clock')).status, 255);
  });

  test('`message-authenticator required`: a reply without one (FreeRADIUS 3.2.1 sends none) is dropped, the login refused', async () => {
    await configure([...scheme('strict', radius.authPort, SECRET, ['user-name-format without-domain', 'message-authenticator required']), 'domain strict', 'authentication login radius-scheme strict', 'quit']);
    const r = await ssh('radmin@strict', PW, 'display clock');
    assert.equal(r.status, 255);
    await logged(/RADIUS reply dropped: bad authenticator scheme=strict .*check="no message authenticator"/);
    await logged(/login failed user=radmin .*no RADIUS server answered/);
  });

  test('a wrong shared secret is refused: FreeRADIUS drops the request, the device sees no answer', async () => {
    const r = await ssh('radmin@wrongkey', PW, 'display clock');
    assert.equal(r.status, 255);
    assert.match(radius.output(), /Shared secret is incorrect/);
    await logged(/no RADIUS server answered/);
  });

  test('server stopped: refused without local fallback, a local user gets in with it', async () => {
    await configure([...scheme('gone', spare.authPort, SECRET, ['user-name-format without-domain', 'timer quiet 1']), 'domain nofb', 'authentication login radius-scheme gone', 'authorization login radius-scheme gone', 'quit', 'domain fb', 'authentication login radius-scheme gone local', 'quit']);
    assert.equal((await ssh('radmin@nofb', PW, 'display clock')).status, 0, 'the spare server answers while it runs');
    await spare.stop();
    assert.equal((await ssh('radmin@nofb', PW, 'display clock')).status, 255);
    const r = await ssh('ladmin@fb', LOCAL_PW, 'display clock');
    assert.equal(r.status, 0, r.stderr);
    await logged(/no RADIUS server answered: local authentication/);
    assert.match(await cli(['display radius scheme gone']), /State: block/);
  });

  test('the RADIUS exchange ends with the login grace: a slow dead server is not waited for past it', async () => {
    await configure([
      'radius scheme slow', `primary authentication 127.0.0.1 ${spare.authPort}`, `key authentication simple ${SECRET}`, 'timer response-timeout 10', 'retry 3', 'quit',
      'domain slow', 'authentication login radius-scheme slow', 'quit',
      'ssh server timeout 3',
    ]);
    try {
      const r = await ssh('radmin@slow', PW, 'display clock');
      assert.equal(r.status, 255);
      await logged(/login failed user=radmin .*no RADIUS server answered \(primary-auth 127\.0\.0\.1:\d+ no answer\)/);
      // Cut short by the deadline, the server was not proven dead: it is not blocked.
      assert.doesNotMatch(d.stderr(), /RADIUS server blocked scheme=slow/);
    } finally {
      await configure(['undo ssh server timeout']);
    }
  });

  test('primary dead, secondary alive: the login goes through the secondary', async () => {
    await configure([
      ...scheme('pair', spare.authPort, SECRET, [`secondary authentication 127.0.0.1 ${radius.authPort}`, 'user-name-format without-domain']),
      'domain pair',
      'authentication login radius-scheme pair',
      'authorization login radius-scheme pair',
      'quit',
    ]);
    const r = await ssh('radmin@pair', PW, 'display users');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /SSH\s+3$/m);
    const stats = await cli(['display radius statistics']);
    assert.match(stats, /RADIUS scheme: pair\r?\n\s+Access requests\s+: 2\r?\n\s+Retransmissions\s+: 1\r?\n\s+Access accepts\s+: 1/);
    // The dead primary is in its quiet time: the next login asks the secondary only.
    assert.equal((await ssh('radmin@pair', PW, 'display users')).status, 0);
    assert.match(await cli(['display radius statistics']), /RADIUS scheme: pair\r?\n\s+Access requests\s+: 3\r?\n\s+Retransmissions\s+: 1\r?\n\s+Access accepts\s+: 2/);
    assert.match(await cli(['display radius scheme pair']), /Primary Auth Server:\r?\n.*State: block\r?\n[\s\S]*Second Auth Server:\r?\n.*State: active/);
  });

  test('the console with `authentication-mode scheme` logs in through the domain: RADIUS level, wrong password refused', async () => {
    await configure(['user-interface aux 0', 'authentication-mode scheme', 'quit']);
    const console = (input: string[]) => run(process.execPath, [BIN, 'console', '--data-dir', d.dataDir], { input: input.join('\n') + '\n' });
    const viewer = await console(['rviewer', PW, 'system-view']);
    assert.equal(viewer.status, 0, viewer.stderr);
    assert.match(viewer.stdout, /Username:/);
    assert.match(viewer.stdout, /% Unrecognized command/, 'level 0 has no system-view');
    const refused = await console(['radmin', 'wrong', 'radmin', 'wrong', 'radmin', 'wrong', 'system-view']);
    assert.equal(refused.status, 1);
    assert.equal(refused.stdout.match(/% Login failed!/g)?.length, 3);
    assert.match(refused.stderr, /^error: console login failed$/m);
    const admin = await console(['radmin', 'wrong', 'radmin', PW, 'system-view', 'user-interface aux 0', 'authentication-mode none']);
    assert.equal(admin.status, 0, admin.stderr);
    assert.equal(admin.stdout.match(/% Login failed!/g)?.length, 1);
    assert.doesNotMatch(admin.stdout.split('Login failed!')[1], /^%/m);
    // Back to no authentication: the console helper works without a login again.
    assert.doesNotMatch(await cli(['display clock']), /Username:/);
  });

  test('the saved configuration shows keys only as cipher text, and no secret reaches the log', async () => {
    const cfg = await cli(['display current-configuration']);
    assert.match(cfg, /^ key authentication cipher \$c\$3\$\S+$/m);
    assert.doesNotMatch(cfg, new RegExp(SECRET));
    assert.doesNotMatch(d.stdout() + d.stderr(), new RegExp(`${SECRET}|${PW.replace('!', '\\!')}`));
  });
});
