// Basic ACLs through the real tree and handlers (issue 16 item 3): numbering, match order, display,
// configuration text, save and load, levels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Device } from '../../src/device';
import { loadConfiguration } from '../../src/commands/load-config';
import { currentConfiguration } from '../../src/config';
import { CONFIG_LAYOUT } from '../../src/commands/config-layout';
import { judge } from '../../src/device/acl';
import { tempDir } from '../helpers/daemon';
import { cli, systemCli } from '../helpers/cli';

test('rules are numbered in steps of 5, shown as on the device, and round-trip through save and load', async () => {
  const c = await systemCli();
  try {
    await c.run('acl number 2001');
    await c.run('rule permit source 192.168.1.26 0');
    await c.run('rule deny source 192.168.1.0 0.0.0.255');
    await c.run('rule 2 permit source 10.1.2.3 0.0.255.255');
    assert.match(await c.run('rule deny source 192.168.1.0 0.0.0.255'), /% The rule already exists\./);
    assert.match(await c.run('undo rule 7'), /% The rule 7 does not exist\./);
    assert.match(await c.run('rule permit source 1.2.3.4 255.0'), /% /, 'a bad wildcard is refused');
    await c.run('quit');
    await c.run('acl number 2000 match-order auto');
    await c.run('rule deny');
    await c.run('rule permit source 172.16.0.0 0.0.255.255');
    await c.run('quit');
    await c.run('user-interface vty 0 4\nacl 2001 inbound\nquit');
    const shown = await c.run('display acl all');
    assert.equal(
      shown.split('\n').filter((l) => !/^[<[]WX3000/.test(l)).join('\n').trim(),
      [
        'Basic ACL  2000, named -none-, 2 rules, match-order is auto,',
        "ACL's step is 5",
        ' rule 5 permit source 172.16.0.0 0.0.255.255',
        ' rule 0 deny',
        '',
        'Basic ACL  2001, named -none-, 3 rules,',
        "ACL's step is 5",
        ' rule 0 permit source 192.168.1.26 0',
        ' rule 2 permit source 10.1.0.0 0.0.255.255',
        ' rule 5 deny source 192.168.1.0 0.0.0.255',
      ].join('\n'),
    );
    assert.match(await c.run('display acl 2999'), /% The ACL 2999 does not exist\./);
    const text = (await currentConfiguration(c.device, CONFIG_LAYOUT)).join('\n');
    assert.match(text, /#\nacl number 2000 match-order auto\n rule 0 deny\n rule 5 permit source 172\.16\.0\.0 0\.0\.255\.255\nacl number 2001\n rule 0 permit/);
    assert.match(text, /user-interface vty 0 4\n acl 2001 inbound\n/);

    const fresh = new Device(tempDir());
    try {
      const loaded = await loadConfiguration(fresh, text + '\n');
      assert.deepEqual(loaded.errors, []);
      assert.equal((await currentConfiguration(fresh, CONFIG_LAYOUT)).join('\n'), text);
      const acls = await fresh.acls();
      assert.equal(await acls.inbound(), 2001);
      assert.equal((await acls.judge('192.168.1.26')).permit, true);
      assert.equal((await acls.judge('192.168.1.27')).permit, false);
      assert.equal((await acls.judge('10.1.200.1')).permit, true);
      assert.equal((await acls.judge('8.8.8.8')).permit, false, 'no rule matches: denied');
    } finally {
      await fresh.close();
    }
    await c.run('undo acl all');
    assert.equal((await c.run('display acl all')).split('\n').filter((l) => /ACL/.test(l)).length, 0, 'nothing left');
    assert.equal((await (await c.device.acls()).judge('8.8.8.8')).permit, true, 'an applied ACL that does not exist restricts nothing');
  } finally {
    await c.dispose();
  }
});

test('a level-1 user can display ACLs but not change them; `acl N inbound` needs level 3', async () => {
  const admin = await systemCli();
  try {
    await admin.run('acl number 2000\nrule permit\nquit');
    const viewer = await cli({ level: 1, userName: 'viewer' }, admin.device);
    assert.match(await viewer.run('display acl 2000'), /Basic ACL {2}2000/);
    await viewer.run('system-view\nacl number 2002\nrule deny\nquit\nundo acl number 2000');
    assert.deepEqual((await (await admin.device.acls()).list()).map((a) => a.number), [2000], 'level 1 changed nothing');
    const two = await systemCli({ level: 2, userName: 'operator' }, admin.device);
    await two.run('acl number 2001\nrule deny\nquit');
    assert.equal((await (await admin.device.acls()).get(2001))?.rules.length, 1, 'level 2 configures ACLs');
    assert.match(await two.run('user-interface vty 0 4\nacl 2001 inbound'), /% Unrecognized command found at '\^' position\./);
    assert.equal(await (await admin.device.acls()).inbound(), 0);
  } finally {
    await admin.dispose();
  }
});

test('judge: wildcard bits, config and auto order, empty ACL', () => {
  const acl = { number: 2000, matchOrder: 'config' as const, rules: [{ id: 0, action: 'deny' as const }, { id: 5, action: 'permit' as const, source: { ip: '10.0.0.1', wildcard: '0.0.0.0' } }] };
  assert.equal(judge(acl, '10.0.0.1').permit, false, 'config order: rule 0 first');
  assert.equal(judge({ ...acl, matchOrder: 'auto' }, '10.0.0.1').permit, true, 'auto: the most specific first');
  assert.equal(judge({ ...acl, rules: [] }, '10.0.0.1').permit, true);
  assert.equal(judge(undefined, '::1').permit, true);
  assert.equal(judge({ ...acl, rules: [acl.rules[1]] }, '::1').permit, false, 'an IPv6 source matches no IPv4 rule');
});
