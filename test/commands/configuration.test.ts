// Configuration text (§11): display current-configuration and its filters, save / saved / reset,
// the round trip through a fresh data directory, and a netmiko-style burst in one session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { loadConfiguration } from '../../src/commands/load-config';
import { cli, newDevice, systemCli } from '../helpers/cli';

const rsaHex = crypto
  .generateKeyPairSync('rsa', { modulusLength: 2048 })
  .publicKey.export({ format: 'der', type: 'spki' })
  .toString('hex')
  .toUpperCase();

/** Builds a configuration touching every section through the CLI. */
const BUILD = [
  'sysname Core-7',
  'super password level 3 simple Sup3r-passw0rd',
  'password-control login-attempt 4 exceed lock-time 15',
  'header motd %Authorised use only%',
  'header login #two\nlines#',
  'public-key peer bobkey',
  'public-key-code begin',
  ...(rsaHex.match(/.{1,80}/g) ?? []),
  'public-key-code end',
  'peer-public-key end',
  'local-user admin',
  'password simple Adm1n-passw0rd',
  'service-type ssh terminal',
  'authorization-attribute level 3',
  'local-user bob',
  'password simple B0b-passw0rd',
  'service-type ssh',
  'level 1',
  'local-user eve',
  'state block',
  'ssh server authentication-retries 5',
  'ssh server timeout 30',
  'ssh user bob authentication-type password-publickey',
  'ssh user bob assign publickey bobkey',
  'user-interface aux 0',
  'screen-length 0',
  'user-interface vty 0 4',
  'idle-timeout 15 30',
  'protocol inbound ssh',
  'history-command max-size 20',
  'return',
];

test('display current-configuration: order, sections, only non-default lines, hashes only', async () => {
  const c = await systemCli();
  try {
    assert.equal(
      await c.run('display current-configuration'),
      '#\n sysname WX3000\n#\nreturn\n',
      'a fresh device',
    );
    const errors = await c.run(BUILD.join('\n'));
    assert.doesNotMatch(errors, /(^|\n) ?%/, 'no line failed');
    const cfg = await c.run('display current-configuration');
    const lines = cfg.trimEnd().split('\n');
    assert.equal(lines[0], '#');
    assert.deepEqual(lines.slice(-2), ['#', 'return']);
    const order = [' sysname Core-7', ' super password level 3 hash $scrypt$', ' password-control login-attempt 4 exceed lock-time 15', ' header login %two', 'lines%', ' header motd %Authorised use only%', ' public-key peer bobkey', '  public-key-code begin', '  public-key-code end', ' peer-public-key end', 'local-user admin', ' password hash $scrypt$', ' authorization-attribute level 3', ' service-type ssh terminal', 'local-user bob', ' authorization-attribute level 1', 'local-user eve', ' state block', ' ssh server authentication-retries 5', ' ssh server timeout 30', ' ssh user bob authentication-type password-publickey', ' ssh user bob assign publickey bobkey', 'user-interface aux 0', ' screen-length 0', 'user-interface vty 0 4', ' protocol inbound ssh', ' idle-timeout 15 30', ' history-command max-size 20'];
    let at = 0;
    for (const want of order) {
      const i = lines.findIndex((l, j) => j >= at && l.startsWith(want));
      assert.ok(i >= at, `${want} after line ${at}:\n${cfg}`);
      at = i + 1;
    }
    assert.doesNotMatch(cfg, /Adm1n|B0b-pw|Sup3r/, 'no plain password');
    assert.doesNotMatch(cfg, /authentication-mode|ssh server enable/, 'defaults are not printed');
    assert.ok(lines.every((l) => l.length < 200), 'key code wrapped');
  } finally {
    await c.dispose();
  }
});

test('| begin, include, exclude; a bad regex is an error', async () => {
  const c = await systemCli();
  try {
    await c.run('local-user bob\nservice-type ssh\nquit\nssh server timeout 30\nuser-interface aux 0\nscreen-length 0\nquit');
    assert.equal(await c.run('display current-configuration | include ^ ssh'), ' ssh server timeout 30\n');
    assert.equal(await c.run('display current-configuration | begin user-interface'), 'user-interface aux 0\n screen-length 0\n#\nreturn\n');
    assert.doesNotMatch(await c.run('display current-configuration | exclude ^#'), /^#$/m);
    assert.equal(await c.run('display current-configuration | include nothing-matches'), '');
    assert.match(await c.run('display current-configuration | include ('), /% Wrong parameter found/);
    assert.match(await c.run('display current-configuration | grep x'), /% Wrong parameter|% Unrecognized/);
  } finally {
    await c.dispose();
  }
});

test('save: the V5 dialogue, save force, display saved-configuration, reset saved-configuration', async () => {
  const c = await cli();
  try {
    assert.match(await c.run('display saved-configuration'), /% The saved configuration file does not exist\./);
    const first = await c.run('save\ny\n\n');
    assert.equal(
      first,
      'The current configuration will be written to the device. Are you sure? [Y/N]:\n' +
        'Please input the file name(*.cfg)[flash:/startup.cfg]\n(To leave the existing filename unchanged, press the enter key):\n' +
        'Validating file. Please wait....\nConfiguration is saved to device successfully.\n',
    );
    const file = c.device.paths.startupConfig;
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    await c.run('system-view\nsysname Saved-1\nreturn');
    const again = await c.run('save\n\ny\n\ny');
    assert.match(again, /Before pressing ENTER you must choose 'YES' or 'NO'\[Y\/N\]:/);
    assert.match(again, /flash:\/startup\.cfg exists, overwrite\? \[Y\/N\]:/);
    assert.match(fs.readFileSync(file, 'utf8'), / sysname Saved-1\n/);
    await c.run('system-view\nsysname Saved-2');
    assert.equal(await c.run('save force'), 'Validating file. Please wait....\nConfiguration is saved to device successfully.\n');
    assert.equal(await c.run('return\nsave\nn'), 'The current configuration will be written to the device. Are you sure? [Y/N]:\n');
    assert.equal(await c.run('display saved-configuration'), fs.readFileSync(file, 'utf8'));
    assert.equal(await c.run('display saved-configuration'), await c.run('display current-configuration'));
    assert.match(await c.run('save\ny\nother.cfg'), /Configuration is saved to device successfully/);
    assert.equal(fs.readFileSync(`${c.dir}/flash/other.cfg`, 'utf8'), fs.readFileSync(file, 'utf8'), 'another file, same text');
    assert.match(await c.run('display startup'), /Next main startup saved-configuration file: flash:\/startup\.cfg/);
    assert.equal(fs.readdirSync(c.dir).filter((f) => f.includes('.tmp')).length, 0, 'no temporary file left');
    assert.equal(await c.run('reset saved-configuration\nn'), 'The saved configuration file will be erased. Are you sure? [Y/N]:\n');
    assert.ok(fs.existsSync(file));
    assert.match(await c.run('reset saved-configuration\ny'), /Configuration file in flash is being cleared\.\nConfiguration file is cleared\.\n$/);
    assert.ok(!fs.existsSync(file));
  } finally {
    await c.dispose();
  }
});

test('round trip: built through the CLI, saved, loaded into a fresh data directory, same configuration', async () => {
  const a = await systemCli();
  const fresh = newDevice();
  try {
    await a.run(BUILD.join('\n'));
    await a.run('save force');
    const original = await a.run('display current-configuration');
    const text = fs.readFileSync(a.device.paths.startupConfig, 'utf8');
    assert.deepEqual(await (await fresh.users()).list(), []);
    const result = await loadConfiguration(fresh, text, 'startup.cfg');
    assert.deepEqual(result.errors, []);
    const b = await cli({}, fresh);
    assert.equal(await b.run('display current-configuration'), original);
    // The loaded hashes work: the same passwords log in.
    const bob = (await (await fresh.users()).get('bob'))!;
    assert.ok(await fresh.passwords.verify('B0b-passw0rd', bob.passwordHash));
    assert.ok(await fresh.superPasswords.verify(3, 'Sup3r-passw0rd'));
    // One summary record for the load, not one per line.
    const log = await (await fresh.logBuffer()).list();
    assert.deepEqual(log.map((r) => `${r.module}/${r.digest}`), ['CFG/LOAD']);
    assert.match(log[0].text, /0 errors/);
  } finally {
    await a.dispose();
    await fresh.close();
    fs.rmSync(fresh.paths.dir, { recursive: true, force: true });
  }
});

test('loading reports the lines that fail', async () => {
  const d = newDevice();
  try {
    const r = await loadConfiguration(d, '#\n sysname Ok-1\n bogus command\nlocal-user bob\n authorization-attribute level 9\n#\nreturn\n');
    assert.equal(r.errors.length, 2);
    assert.match(r.errors[0], /Unrecognized command/);
    assert.equal(await (await d.settings()).get('sysname'), 'Ok-1');
    assert.ok(await (await d.users()).get('bob'));
  } finally {
    await d.close();
    fs.rmSync(d.paths.dir, { recursive: true, force: true });
  }
});

test('netmiko-style session: config lines in one burst, save force, display, no error or hang', async () => {
  const c = await cli({ interactive: true, width: 256 });
  try {
    let out = await c.run('screen-length disable');
    assert.match(out, /% Screen-length configuration is disabled for current user\.\r?\n<WX3000>$/);
    out = await c.run('system-view');
    assert.match(out, /\[WX3000\]$/);
    // netmiko writes every line without waiting for the prompt.
    const burst = ['local-user netops', 'password simple N3t-ops-passw0rd', 'service-type ssh', 'authorization-attribute level 3', 'ssh user netops authentication-type password', 'ssh server authentication-retries 4', 'user-interface vty 0 4', 'idle-timeout 20', 'header motd %managed by netmiko%'];
    c.engine.feed(burst.join('\n') + '\n');
    out = await c.run('return');
    assert.doesNotMatch(out, / % (Unrecognized|Incomplete|Ambiguous|Too many|Wrong)/);
    assert.match(out, /<WX3000>$/);
    out = await c.run('system-view\nsave force');
    assert.match(out, /Configuration is saved to device successfully\.\r?\n\[WX3000\]$/);
    out = await c.run('return\ndisplay current-configuration');
    for (const want of ['local-user netops', ' ssh user netops authentication-type password', ' ssh server authentication-retries 4', ' idle-timeout 20', ' header motd %managed by netmiko%']) {
      assert.ok(out.includes(want + '\n'), want);
    }
    assert.doesNotMatch(out, /---- More ----/);
    assert.match(out, /return\n<WX3000>$/);
    assert.ok(!c.exited());
  } finally {
    await c.dispose();
  }
});
