// The configuration text round trip: a device configured through the CLI with every configurable
// command (aliases included) renders a configuration in which every line of the layout appears; that
// text, loaded into a fresh device over a real SQLite file, renders byte for byte the same text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_LAYOUT } from '../../src/commands/config-layout';
import { loadConfiguration } from '../../src/commands/load-config';
import { keyObjectToBlob, toOpenSshLine } from '../../src/common/pubkey';
import { configurationText, Layout, Lines, readState, renderConfiguration, Section } from '../../src/config';
import { newDevice, systemCli } from '../helpers/cli';

const rsaHex = crypto
  .generateKeyPairSync('rsa', { modulusLength: 2048 })
  .publicKey.export({ format: 'der', type: 'spki' })
  .toString('hex')
  .toUpperCase();
const ed25519Line = toOpenSshLine(keyObjectToBlob(crypto.generateKeyPairSync('ed25519').publicKey), 'ed@lab');
const ecdsaLine = toOpenSshLine(keyObjectToBlob(crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey), 'ec@lab');

/** Every configurable command, in system view; `%` lines in the output fail the test. */
const BUILD = [
  'sysname Lab-Core.9',
  'info-center loghost 192.0.2.10 port 1514',
  'super password simple Sup3r-pass-3',
  'super password level 1 simple Sup3r-pass-1',
  'super password level 2 simple Sup3r-pass-2',
  'undo password-control aging enable',
  'undo password-control composition enable',
  'undo password-control history enable',
  'undo password-control length enable',
  'password-control aging 30',
  'password-control length 12',
  'password-control composition type-number 3 type-length 2',
  'password-control history 10',
  'password-control super aging 10',
  'password-control super length 16',
  'password-control super composition type-number 2',
  'undo password-control enable',
  'password-control login-attempt 5 exceed lock',
  'header login %Authorised use only%',
  'header motd #50% off\ntoday only#',
  'header shell',
  'Welcome',
  'to the lab',
  '%',
  'public-key peer rsakey',
  'public-key-code begin',
  ...(rsaHex.match(/.{1,100}/g) ?? []),
  'public-key-code end',
  'peer-public-key end',
  'public-key peer edkey',
  'public-key-code begin',
  ed25519Line,
  'public-key-code end',
  'peer-public-key end',
  'public-key peer eckey import sshkey ec.pub',
  'local-user admin',
  'password simple Adm1n-passw0rd',
  'service-type ssh terminal telnet ftp',
  'authorization-attribute level 3',
  'local-user bob',
  'password',
  'B0b-pw-long-1',
  'B0b-pw-long-1',
  'service-type ssh level 2',
  'local-user carol',
  'level 1',
  'state block',
  'local-user dave',
  'quit',
  'undo ssh server enable',
  'ssh server authentication-retries 2',
  'ssh server authentication-timeout 90',
  'ssh server rekey-interval 6',
  'sftp server enable',
  'sftp timeout 25',
  'ssh user bob authentication-type password-publickey',
  'ssh user bob assign publickey rsakey',
  'ssh user bob assign publickey edkey',
  'ssh user bob service-type sftp',
  'ssh user carol authentication-type any',
  'ssh user carol service-type all',
  'ssh user admin authentication-type rsa',
  'ssh user admin assign publickey eckey',
  'ssh user admin service-type scp',
  'ssh user erin authentication-type password',
  'undo ssh client first-time',
  'ssh client authentication server 192.0.2.7 assign publickey edkey',
  'ssh client authentication server core.example assign publickey rsakey',
  'acl number 2001 match-order auto',
  'rule deny',
  'rule permit source 192.168.1.0 0.0.0.255',
  'quit',
  'acl number 2000',
  'rule 5 permit source 10.0.0.1 0',
  'quit',
  'netconf ssh server enable',
  'netconf ssh server port 8830',
  'radius scheme corp',
  'server-type extended',
  'primary authentication 10.1.1.1',
  'primary accounting 10.1.1.1 1646',
  'secondary authentication 10.1.1.2 1645',
  'secondary accounting 10.1.1.2',
  'key authentication simple Rad-Key-1',
  'key accounting simple Rad-Key-2',
  'timer response-timeout 5',
  'timer quiet 10',
  'retry 4',
  'user-name-format without-domain',
  'nas-ip 10.1.1.9',
  'message-authenticator required',
  'quit',
  'radius scheme empty',
  'quit',
  'domain corp',
  'authentication login radius-scheme corp local',
  'authorization login radius-scheme corp',
  'accounting login radius-scheme corp',
  'authentication super radius-scheme corp',
  'state block',
  'quit',
  'domain v3',
  'scheme radius-scheme corp',
  'quit',
  'domain system',
  'authentication default local',
  'quit',
  'domain default enable corp',
  'user-interface console 0',
  'authentication-mode password',
  'idle-timeout 0',
  'screen-length 0',
  'history-command max-size 0',
  'user privilege level 1',
  'user-interface vty 0 4',
  'acl 2000 inbound',
  'protocol inbound telnet',
  'authentication-mode none',
  'idle-timeout 15 30',
  'screen-length 40',
  'history-command max-size 50',
  'user privilege level 2',
  'return',
];

/** The layout with every line function counting the lines it gave. */
function counted(layout: Layout): { layout: Layout; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  const wrap = (where: string, f: Lines<never>): Lines<never> => {
    counts.set(where, 0);
    return (item, state, whole) => {
      const out = f(item, state, whole);
      counts.set(where, counts.get(where)! + out.length);
      return out;
    };
  };
  const sections = layout.map(
    (s): Section<never> => ({
      ...s,
      head: s.head && wrap(`${s.name}: head`, s.head),
      lines: s.lines.map((f, i) => wrap(`${s.name}: line ${i} (${f.name})`, f)),
    }),
  );
  return { layout: sections, counts };
}

test('every configurable command renders, loads into a fresh device and renders byte-identically', async () => {
  const a = await systemCli();
  const fresh = newDevice();
  try {
    fs.writeFileSync(path.join(a.dir, 'ec.pub'), ecdsaLine + '\n');
    const out = await a.run(BUILD.join('\n'));
    assert.doesNotMatch(out, /(^|\n) *%/, 'no command failed');

    const { layout, counts } = counted(CONFIG_LAYOUT);
    const lines = renderConfiguration(layout, await readState(a.device));
    const silent = [...counts].filter(([, n]) => n === 0).map(([where]) => where);
    assert.deepEqual(silent, [], 'every line of the layout is exercised');
    const text = await configurationText(a.device, CONFIG_LAYOUT);
    assert.equal(text, lines.join('\n') + '\n');
    assert.equal(await a.run('display current-configuration'), text);
    assert.doesNotMatch(text, /Sup3r|Adm1n|B0b-pw|Rad-Key/, 'no plain password or key');

    assert.deepEqual(await (await fresh.users()).list(), []);
    // RADIUS keys are cipher text under the data directory's device key, which goes with the data.
    fs.copyFileSync(a.device.paths.deviceKey, fresh.paths.deviceKey);
    const result = await loadConfiguration(fresh, text, 'round-trip.cfg');
    assert.deepEqual(result.errors, []);
    assert.equal(await configurationText(fresh, CONFIG_LAYOUT), text);
  } finally {
    await a.dispose();
    await fresh.close();
    fs.rmSync(fresh.paths.dir, { recursive: true, force: true });
  }
});

/** The `#`-framed sections of a configuration text, each as its lines joined. */
function sections(text: string): string[] {
  return text
    .replace(/\nreturn\n?$/, '\n')
    .split(/^#\n/m)
    .map((s) => s.replace(/\n$/, ''))
    .filter((s) => s !== '');
}

test('display this in every view shows exactly the sections display current-configuration has for it', async () => {
  const a = await systemCli();
  try {
    fs.writeFileSync(path.join(a.dir, 'ec.pub'), ecdsaLine + '\n');
    assert.doesNotMatch(await a.run(BUILD.join('\n')), /(^|\n) *%/, 'no command failed');
    await a.run('return\nsystem-view');
    const whole = sections(await a.run('display current-configuration'));
    const views: [string, string, string][] = [
      ['system view', '', ''],
      ['local user', 'local-user bob', 'quit'],
      ['peer key', 'public-key peer edkey', 'peer-public-key end'],
      ['console', 'user-interface aux 0', 'quit'],
      ['vty', 'user-interface vty 0 4', 'quit'],
    ];
    const seen = new Set<string>();
    for (const [what, enter, leave] of views) {
      if (enter) await a.run(enter);
      const own = sections(await a.run('display this'));
      if (leave) await a.run(leave);
      assert.ok(own.length > 0, `${what}: display this shows something`);
      for (const s of own) {
        // A view shows its own block of a many-block section (one local user); the device's text has it whole.
        assert.ok(whole.some((w) => w === s || w.includes(s + '\n') || w.endsWith(s)), `${what}: ${JSON.stringify(s)} is in display current-configuration`);
        seen.add(s);
      }
    }
    // System view shows the global one-liners and the ssh lines, as they stand in the whole text.
    const system = sections(await a.run('display this'));
    assert.deepEqual(system, whole.filter((w) => /^ (sysname |(undo )?ssh )/.test(w)));
  } finally {
    await a.dispose();
  }
});
