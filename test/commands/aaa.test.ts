// ISP domains and RADIUS schemes at the CLI (comware-aaa-files.md §1–2): views, checks, displays,
// and the saved configuration loading back into the same device.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { configurationText } from '../../src/config';
import { CONFIG_LAYOUT } from '../../src/commands/config-layout';
import { loadConfiguration } from '../../src/commands/load-config';
import { newDevice, systemCli } from '../helpers/cli';

test('domain NAME enters the ISP view; methods, state and display this', async () => {
  const c = await systemCli();
  try {
    await c.run('radius scheme rad');
    await c.run('quit');
    assert.equal(await c.run('domain corp'), '');
    assert.equal(await c.run('authentication login radius-scheme rad local'), '');
    await c.run('authorization login radius-scheme rad');
    await c.run('accounting default none');
    await c.run('authentication super radius-scheme rad');
    await c.run('state block');
    const shown = await c.run('display this');
    assert.match(shown, /^domain corp\n accounting default none\n authentication login radius-scheme rad local\n authorization login radius-scheme rad\n authentication super radius-scheme rad\n state block\n#/m);
    assert.match(await c.run('display domain corp'), /  Super   authentication scheme:  RADIUS=rad\n/);
    await c.run('undo authentication login');
    await c.run('undo state');
    assert.doesNotMatch(await c.run('display this'), /authentication login|state block/);
  } finally {
    await c.dispose();
  }
});

test('a method naming a missing scheme, a bad domain name and deleting system or the default are refused', async () => {
  const c = await systemCli();
  try {
    await c.run('domain corp');
    assert.match(await c.run('authentication login radius-scheme nosuch'), /% The RADIUS scheme nosuch does not exist\./);
    await c.run('quit');
    assert.match(await c.run('domain a/b'), /% The ISP domain name is invalid\./);
    assert.match(await c.run('undo domain system'), /% The default ISP domain cannot be deleted\./);
    await c.run('domain default enable corp');
    assert.match(await c.run('undo domain corp'), /% The default ISP domain cannot be deleted\./);
    assert.match(await c.run('domain default enable nosuch'), /% The ISP domain does not exist\./);
    await c.run('undo domain default enable');
    assert.equal(await c.run('undo domain corp'), '');
    assert.match(await c.run('display domain'), /^Total 1 domain\n\nDomain: system\n  State: Active\n  Default authentication scheme:  Local/m);
  } finally {
    await c.dispose();
  }
});

test('radius scheme: servers, key stored as cipher, timers, formats; checks', async () => {
  const c = await systemCli();
  try {
    assert.equal(await c.run('radius scheme rad'), '');
    await c.run('primary authentication 10.0.0.1');
    await c.run('primary accounting 10.0.0.1 1646');
    await c.run('secondary authentication 10.0.0.2 1645');
    await c.run('key authentication simple T0p-Secret');
    await c.run('user-name-format without-domain');
    await c.run('timer response-timeout 5');
    await c.run('timer quiet 10');
    await c.run('nas-ip 10.0.0.9');
    await c.run('server-type extended');
    await c.run('message-authenticator required');
    assert.match(await c.run('primary authentication 300.1.1.1'), /% Invalid IP address\./);
    assert.match(await c.run('retry 20'), /% The retry times multiplied by the response timeout must not exceed 75\./);
    assert.match(await c.run('key accounting cipher $c$3$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'), /% The cipher key cannot be decrypted on this device\./);
    const shown = await c.run('display this');
    assert.doesNotMatch(shown, /T0p-Secret/);
    assert.match(
      shown,
      /^radius scheme rad\n server-type extended\n primary authentication 10\.0\.0\.1\n primary accounting 10\.0\.0\.1 1646\n secondary authentication 10\.0\.0\.2 1645\n key authentication cipher \$c\$3\$\S+\n timer response-timeout 5\n timer quiet 10\n user-name-format without-domain\n nas-ip 10\.0\.0\.9\n message-authenticator required\n#/m,
    );
    const cipher = /key authentication cipher (\S+)/.exec(shown)![1];
    // The cipher text of this device is accepted back (as a saved configuration does).
    assert.equal(await c.run(`key accounting cipher ${cipher}`), '');
    const aaa = await c.device.aaa();
    assert.equal(aaa.secret((await aaa.scheme('rad'))!, 'accounting')!.toString(), 'T0p-Secret');
    assert.equal((fs.statSync(c.device.paths.deviceKey).mode & 0o777).toString(8), '600');
    const disp = await c.run('display radius scheme rad');
    assert.match(disp, /^-{66}\nSchemeName  : rad\n  Index : 1 +Type : extended\n  Primary Auth Server:\n    IP: 10\.0\.0\.1 +Port: 1812 +State: active$/m);
    assert.match(disp, /Auth Server Encryption Key : \*{6}/);
    assert.match(disp, /NAS-IP address +: 10\.0\.0\.9/);
    assert.match(disp, /Total 1 RADIUS scheme\(s\)\.$/m);
    await c.run('quit');
    await c.run('domain corp');
    await c.run('authentication login radius-scheme rad');
    await c.run('quit');
    assert.match(await c.run('undo radius scheme rad'), /% The RADIUS scheme is used by ISP domain corp\./);
    assert.match(await c.run('undo radius scheme system'), /% The system RADIUS scheme cannot be deleted\./);
  } finally {
    await c.dispose();
  }
});

test('the saved configuration (V5 layout) loads back into an empty device with the same keys', async () => {
  const c = await systemCli();
  const copy = newDevice();
  try {
    await c.run('radius scheme rad');
    await c.run('primary authentication 10.0.0.1');
    await c.run('key authentication simple T0p-Secret');
    await c.run('quit');
    await c.run('domain corp');
    await c.run('authentication default radius-scheme rad local');
    await c.run('quit');
    await c.run('domain default enable corp');
    const text = await configurationText(c.device, CONFIG_LAYOUT);
    assert.match(text, /^radius scheme rad\n primary authentication 10\.0\.0\.1\n key authentication cipher \S+\n#\ndomain corp\n authentication default radius-scheme rad local\n#\n domain default enable corp\n#/m);
    // Same data directory key: another device of this data dir (the daemon after a restart).
    fs.copyFileSync(c.device.paths.deviceKey, copy.paths.deviceKey);
    const result = await loadConfiguration(copy, text);
    assert.deepEqual(result.errors, []);
    assert.equal(await configurationText(copy, CONFIG_LAYOUT), text);
    const aaa = await copy.aaa();
    assert.equal(aaa.secret((await aaa.scheme('rad'))!, 'authentication')!.toString(), 'T0p-Secret');
  } finally {
    await c.dispose();
    await copy.close();
  }
});

test('V3 `scheme` sets the default method of all three functions', async () => {
  const c = await systemCli();
  try {
    await c.run('radius scheme rad');
    await c.run('quit');
    await c.run('domain old');
    await c.run('scheme radius-scheme rad local');
    assert.match(await c.run('display this'), /authentication default radius-scheme rad local\n authorization default radius-scheme rad local\n accounting default radius-scheme rad local/);
    const d = await c.run('display domain old');
    assert.match(d, /Default authentication scheme:  RADIUS=rad, Local/);
  } finally {
    await c.dispose();
  }
});
