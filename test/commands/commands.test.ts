// The real tree and handlers over a device in a temporary data directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newDevice, real } from '../helpers/cli';
import { formatClock } from '../../src/commands/clock';
import { formatUptime } from '../../src/commands/version';
import { comwareMac } from '../../src/commands/device';
import type { SuperPasswordCheck } from '../../src/commands';

test('system-view, sysname (durable, prompt changes at once), display this, undo sysname', async () => {
  const d = await real();
  try {
    assert.equal(d.output(), '<WX3000>');
    assert.equal(await d.type('system-view\r'), 'system-view\r\nSystem View: return to User View with Ctrl+Z.\r\n[WX3000]');
    assert.equal(await d.type('display this\r'), 'display this\r\n#\r\nreturn\r\n[WX3000]');
    assert.equal(await d.type('sysname Core-1.lab_x\r'), 'sysname Core-1.lab_x\r\n[Core-1.lab_x]');
    assert.equal(await d.type('dis this\r'), 'dis this\r\n#\r\n sysname Core-1.lab_x\r\n#\r\nreturn\r\n[Core-1.lab_x]');
    assert.equal(await (await d.device.settings()).get('sysname'), 'Core-1.lab_x');
    assert.match(await d.type('sysname has space\r'), /Too many parameters/);
    assert.match(await d.type('sysname bad/char\r'), /Wrong parameter/);
    assert.match(await d.type(`sysname ${'x'.repeat(31)}\r`), /Wrong parameter/);
    assert.equal(await d.type('undo sysname\r'), 'undo sysname\r\n[WX3000]');
    assert.equal(await (await d.device.settings()).get('sysname'), 'WX3000');
    assert.equal(await d.type('return\r'), 'return\r\n<WX3000>');
  } finally {
    await d.dispose();
  }
});

test('a new session starts with the stored sysname', async () => {
  const a = await real();
  await a.type('sys\rsysname Edge\r');
  await a.device.close();
  const b = await real({}, { device: newDevice(a.dir) });
  try {
    assert.equal(b.output(), '<Edge>');
  } finally {
    await b.dispose();
  }
});

test('display version has the 3Com V3 shape with WX3000 names', async () => {
  const d = await real();
  try {
    const out = (await d.type('dis ver\r')).split('\r\n');
    assert.equal(out[1], '3Com Corporation');
    assert.match(out[2], /^WX3000 Unified Switch Software Version 3Com OS V\d+\.\d+\.\d+$/);
    assert.match(out[3], /^Copyright \(c\) 2004-\d{4} 3Com Corporation and its licensors, All rights reserved\.$/);
    assert.match(out[4], /^WX3000 Unified Switch uptime is \d+ weeks, \d+ days, \d+ hours, \d+ minutes$/);
    assert.equal(out.at(-1), '<WX3000>');
  } finally {
    await d.dispose();
  }
});

test('display clock and the formatters', async () => {
  assert.equal(formatClock(new Date(Date.UTC(2011, 0, 8, 19, 35, 31))), '19:35:31 UTC Sat 01/08/2011');
  assert.equal(formatUptime(((14 * 7 + 2) * 24 * 60 + 11 * 60 + 56) * 60 + 59), '14 weeks, 2 days, 11 hours, 56 minutes');
  assert.equal(comwareMac('00:1a:2B:3c:4d:5e'), '001a-2b3c-4d5e');
  const d = await real();
  try {
    assert.match(await d.type('display clock\r'), /^display clock\r\n\d\d:\d\d:\d\d UTC (Sun|Mon|Tue|Wed|Thu|Fri|Sat) \d\d\/\d\d\/\d{4}\r\n<WX3000>$/);
  } finally {
    await d.dispose();
  }
});

test('display device and display device manuinfo answer (Oxidized runs both)', async () => {
  const d = await real();
  try {
    assert.match(await d.type('display device\r'), /^display device\r\nUnit 1\r\nSlotNo +SubSNo +PortNum/);
    assert.match(await d.type('dis dev man\r'), /DEVICE_NAME {10}: WX3000\r\n.*VENDOR_NAME {10}: 3Com\r\n<WX3000>$/s);
  } finally {
    await d.dispose();
  }
});

test('screen-length disable is per session and prints the V5 notice', async () => {
  const d = await real({ screenLength: 5 });
  try {
    assert.equal(
      await d.type('screen-length disable\r'),
      'screen-length disable\r\n% Screen-length configuration is disabled for current user.\r\n<WX3000>',
    );
    assert.doesNotMatch(await d.type('display version\r'), /More/);
    assert.equal(
      await d.type('undo screen-length disable\r'),
      'undo screen-length disable\r\n% Screen-length configuration is enabled for current user.\r\n<WX3000>',
    );
    assert.match(await d.type('display version\r'), /---- More ----$/);
  } finally {
    await d.dispose();
  }
});

test('display history-command lists the session history, oldest first', async () => {
  const d = await real();
  try {
    await d.type('dis clock\rdis clock\rdis versoin\r');
    assert.equal(await d.type('display history-command\r'), 'display history-command\r\n  dis clock\r\n  display history-command\r\n<WX3000>');
  } finally {
    await d.dispose();
  }
});

const NOTICE = (n: number) =>
  `User privilege level is ${n}, and only those commands can be used \r\nwhose level is equal or less than this.\r\nPrivilege note: 0-VISIT, 1-MONITOR, 2-SYSTEM, 3-MANAGE\r\n`;

test('super on the console without a password switches directly; levels hide commands', async () => {
  const d = await real({ level: 0 });
  try {
    assert.match(await d.type('system-view\r'), /Unrecognized/);
    assert.doesNotMatch(await d.type('?'), /display|system-view/);
    await d.type('\x03');
    assert.equal(await d.type('super 2\r'), 'super 2\r\n' + NOTICE(2) + '<WX3000>');
    assert.match(await d.type('sys\r'), /System View/);
    await d.type('return\r');
    assert.equal(await d.type('super 1\r'), 'super 1\r\n' + NOTICE(1) + '<WX3000>');
    assert.match(await d.type('sys\r'), /Unrecognized/);
    assert.match(await d.type('super 4\r'), /Wrong parameter/);
  } finally {
    await d.dispose();
  }
});

test('super on a VTY: no password set, wrong password, right password, Ctrl+C; never echoed', async () => {
  const none = await real({ level: 0, userInterface: 'vty 0' });
  try {
    assert.equal(await none.type('super\r'), 'super\r\n% Password is not set.\r\n<WX3000>');
    assert.equal(none.engine.currentLevel, 0);
  } finally {
    await none.dispose();
  }
  const checks: Array<[number, string]> = [];
  const hook: SuperPasswordCheck = {
    isSet: async (level) => level === 3,
    verify: async (level, pw) => (checks.push([level, pw]), pw === 'Sup3r!pw'),
  };
  const d = await real({ level: 1, userInterface: 'vty 0' }, { superPassword: hook });
  try {
    assert.equal(await d.type('super 2\r'), 'super 2\r\n% Password is not set.\r\n<WX3000>');
    assert.equal(
      await d.type('super\r'),
      'super\r\nPlease input the password to change the privilege level, press CTRL_C to abort.\r\n Password:',
    );
    assert.equal(await d.type('bad1\r'), '\r\n Password:');
    assert.equal(await d.type('Sup3r!pw\r'), '\r\n' + NOTICE(3) + '<WX3000>');
    assert.equal(d.engine.currentLevel, 3);
    assert.deepEqual(checks, [[3, 'bad1'], [3, 'Sup3r!pw']]);
    assert.doesNotMatch(d.output(), /Sup3r|bad1/, 'passwords are never echoed');
    await d.type('super 0\r');
    await d.type('super\r');
    await d.type('a\rb\r');
    assert.equal(await d.type('c\r'), '\r\n% Password is not correct.\r\n<WX3000>');
    assert.equal(d.engine.currentLevel, 0);
    await d.type('super 3\r');
    assert.equal(await d.type('x\x03'), '\r\n<WX3000>');
    assert.equal(d.engine.currentLevel, 0);
    assert.doesNotMatch(d.engine.historyLines.join('|'), /Sup3r/);
  } finally {
    await d.dispose();
  }
});

test('quit from user view ends the session; quit from system view does not', async () => {
  const d = await real();
  try {
    await d.type('sys\rquit\r');
    assert.equal(d.exited(), false);
    await d.type('quit\r');
    assert.equal(d.exited(), true);
  } finally {
    await d.dispose();
  }
});

test('terminal monitor toggles a session flag the host reads; undo form answers off', async () => {
  const d = await real({ level: 1 });
  try {
    assert.equal(d.engine.getVar('terminal-monitor'), undefined);
    assert.equal(await d.type('undo terminal monitor\r'), 'undo terminal monitor\r\n% Current terminal monitor is off.\r\n<WX3000>');
    assert.equal(d.engine.getVar('terminal-monitor'), 'off');
    assert.equal(await d.type('t m\r'), 't m\r\n% Current terminal monitor is on.\r\n<WX3000>');
    assert.equal(d.engine.getVar('terminal-monitor'), 'on');
  } finally {
    await d.dispose();
  }
});

test('display current-configuration lists every section, sysname included, then return', async () => {
  const d = await real();
  try {
    assert.equal(await d.type('dis cu\r'), 'dis cu\r\n#\r\n sysname WX3000\r\n#\r\nreturn\r\n<WX3000>');
    await d.type('sys\rsysname R1\r');
    assert.equal(await d.type('display current-configuration\r'), 'display current-configuration\r\n#\r\n sysname R1\r\n#\r\nreturn\r\n[R1]');
  } finally {
    await d.dispose();
  }
});

test('display current-configuration | include sysname (what people grep for)', async () => {
  const d = await real();
  try {
    assert.equal(await d.type('dis cu | i sysname\r'), 'dis cu | i sysname\r\n sysname WX3000\r\n<WX3000>');
  } finally {
    await d.dispose();
  }
});

test('Ctrl+G runs the default hotkey command, display current-configuration, as if typed', async () => {
  const d = await real();
  try {
    await d.type('system-view\rsysname HOT\r');
    const out = await d.type('dis\x07');
    assert.match(out, /display current-configuration\r\n#\r\n sysname HOT\r\n(?:[\s\S]*\r\n)?return\r\n\[HOT\]$/);
  } finally {
    await d.dispose();
  }
});
