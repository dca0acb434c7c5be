// flash: from the CLI (comware-aaa-files.md §4): the V5 `dir` layout byte for byte, the V5
// dialogues of §4.3, the recycle bin, path attacks, the quota and the startup files.
process.env.TZ = 'UTC';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { flashOf } from '../../src/files';
import { cli, DeviceDriver as Cli } from '../helpers/cli';

const T2007 = new Date('2007-01-01T00:06:21Z');

function put(c: Cli, rel: string, bytes: number | string, mtime = T2007): void {
  const file = path.join(c.dir, 'flash', rel);
  fs.writeFileSync(file, typeof bytes === 'number' ? Buffer.alloc(bytes, 0x41) : bytes);
  fs.utimesSync(file, mtime, mtime);
}

const LEGEND = '\n(*) -with main attribute   (b) -with backup attribute\n(*b) -with both main and backup attribute\n';

test('dir: the V5 layout, byte for byte', async () => {
  const c = await cli();
  try {
    flashOf(c.device.paths);
    put(c, 'startup.cfg', 1243);
    fs.mkdirSync(path.join(c.dir, 'flash', 'domain1'));
    fs.utimesSync(path.join(c.dir, 'flash', 'domain1'), new Date('2007-01-01T00:00:15Z'), new Date('2007-01-01T00:00:15Z'));
    put(c, 'a_msr9xx-cmw520-r2209l22-ru.bin', 20679804, new Date('2007-01-01T00:03:28Z'));
    put(c, 'system.xml', 3539, new Date('2007-01-01T00:06:19Z'));
    const free = Math.floor((64 * 1024 * 1024 - 1243 - 20679804 - 3539) / 1024);
    assert.equal(
      await c.run('dir'),
      'Directory of flash:/\n\n' +
        '   0     -rw-  20679804  Jan 01 2007 00:03:28   a_msr9xx-cmw520-r2209l22-ru.bin\n' +
        '   1     drw-         -  Jan 01 2007 00:00:15   domain1\n' +
        '   2(*)  -rw-      1243  Jan 01 2007 00:06:21   startup.cfg\n' +
        '   3     -rw-      3539  Jan 01 2007 00:06:19   system.xml\n' +
        `\n65536 KB total (${free} KB free)\n` +
        LEGEND,
    );
    assert.equal(await c.run('dir flash:/'), await c.run('dir'));
    assert.equal(await c.run('dir /'), await c.run('dir'));
    assert.match(await c.run('dir domain1'), /^Directory of flash:\/domain1\/\n\n\n65536 KB total/);
    assert.match(await c.run('dir startup.cfg'), /^Directory of flash:\/\n\n {3}0\(\*\) {2}-rw- {6}1243 {2}Jan 01 2007 00:06:21 {3}startup\.cfg\n\n/);
    assert.equal(await c.run('dir nothing'), "% Such file or path doesn't exist.\n");
    assert.match(await c.run('dir | include total'), /^65536 KB total \(\d+ KB free\)\n$/, 'pyhpecw7 parses this line');
  } finally {
    await c.dispose();
  }
});

test('cd, mkdir, rmdir, copy, move, rename, delete: the V5 dialogues', async () => {
  const c = await cli();
  try {
    flashOf(c.device.paths);
    put(c, 'startup.cfg', '#\n sysname WX3000\n#\nreturn\n');
    assert.equal(await c.run('pwd'), 'flash:/\n');
    assert.equal(await c.run('cd testdir'), "% Such file or path doesn't exist.\n");
    assert.equal(await c.run('mkdir testdir'), '\n%Created dir flash:/testdir.\n\n');
    assert.equal(await c.run('cd testdir'), '');
    assert.equal(await c.run('pwd'), 'flash:/testdir\n');
    assert.equal(await c.run('cd ..'), '');
    assert.equal(await c.run('rmdir testdir\nY'), 'Rmdir flash:/testdir?[Y/N]:\n\n%Removed directory flash:/testdir.\n');
    assert.equal(
      await c.run('copy startup.cfg startup.bak\nY'),
      'Copy flash:/startup.cfg to flash:/startup.bak?[Y/N]:\n.\n%Copy file flash:/startup.cfg to flash:/startup.bak...Done.\n',
    );
    assert.equal(
      await c.run('move startup.bak startup.new\nY'),
      'Move flash:/startup.bak to flash:/startup.new?[Y/N]:\n\n%Moved file flash:/startup.bak to flash:/startup.new.\n',
    );
    assert.equal(
      await c.run('rename startup.new startup.bak\nY'),
      'Rename flash:/startup.new to flash:/startup.bak?[Y/N]:\n\n%Renamed file flash:/startup.new to flash:/startup.bak.\n',
    );
    assert.equal(await c.run('delete startup.bak\nY'), '\nDelete flash:/startup.bak?[Y/N]:\n\n%Delete file flash:/startup.bak...Done.\n');
    assert.equal(await c.run('mkdir testdir\ncopy startup.cfg testdir\nn'), '\n%Created dir flash:/testdir.\n\nCopy flash:/startup.cfg to flash:/testdir/startup.cfg?[Y/N]:\n');
    assert.ok(!fs.existsSync(path.join(c.dir, 'flash/testdir/startup.cfg')), 'n cancels silently');
    await c.run('copy flash:/startup.cfg /testdir/\ny');
    assert.match(await c.run('copy startup.cfg testdir\ny\nn'), /The file flash:\/testdir\/startup\.cfg exists\. Overwrite it\?\[Y\/N\]:\n$/);
    assert.equal(await c.run('cd testdir\nmore startup.cfg'), '#\n sysname WX3000\n#\nreturn\n');
    assert.match(await c.run('rmdir flash:/testdir'), /% The current directory or one above it cannot be removed\./);
    assert.equal(await c.run('cd /\nrmdir testdir\nY'), 'Rmdir flash:/testdir?[Y/N]:\n% The directory is not empty.\n');
    assert.equal(await c.run('format flash:'), ' % Format is not supported on this device.\n');
  } finally {
    await c.dispose();
  }
});

test('delete keeps the file in the recycle bin: dir /all, undelete, delete /unreserved, reset recycle-bin', async () => {
  const c = await cli();
  try {
    flashOf(c.device.paths);
    put(c, 'a.cfg', 100);
    put(c, 'b.cfg', 200);
    const freeBefore = /\((\d+) KB free\)/.exec(await c.run('dir'))![1];
    await c.run('delete a.cfg\ny\ndelete b.cfg\ny');
    assert.doesNotMatch(await c.run('dir'), /a\.cfg/);
    const all = await c.run('dir /all');
    assert.match(all, / {3}0 {5}-rw- {7}100 {2}Jan 01 2007 00:06:21 {3}\[a\.cfg\]\n {3}1 {5}-rw- {7}200 {2}.* {3}\[b\.cfg\]\n/);
    assert.equal(/\((\d+) KB free\)/.exec(all)![1], freeBefore, 'space is not freed by delete');
    assert.equal(await c.run('undelete a.cfg\ny'), 'Undelete flash:/a.cfg?[Y/N]:\n%Undeleted file flash:/a.cfg.\n');
    assert.match(await c.run('dir'), /a\.cfg/);
    assert.equal(await c.run('undelete a.cfg'), '% flash:/a.cfg is not in the recycle bin.\n');
    assert.equal(
      await c.run('delete /unreserved a.cfg\ny'),
      'The file cannot be restored. Delete flash:/a.cfg?[Y/N]:\n\n%Delete file flash:/a.cfg...Done.\n',
    );
    assert.doesNotMatch(await c.run('dir /all'), /a\.cfg/);
    assert.equal(await c.run('reset recycle-bin\nn'), 'Clear flash:/b.cfg?[Y/N]:\n');
    assert.equal(await c.run('reset recycle-bin\ny'), 'Clear flash:/b.cfg?[Y/N]:\n%Cleared file flash:/b.cfg.\n');
    assert.doesNotMatch(await c.run('dir /all'), /b\.cfg/);
    put(c, 'c.cfg', 1);
    await c.run('delete c.cfg\ny');
    assert.equal(await c.run('reset recycle-bin /force'), '%Cleared file flash:/c.cfg.\n');
  } finally {
    await c.dispose();
  }
});

test('nothing outside flash is reachable: .., symbolic links, device files, bad names', async () => {
  const c = await cli();
  try {
    flashOf(c.device.paths);
    await (await c.device.settings()).get('sysname'); // the database exists beside flash
    fs.symlinkSync(path.join(c.dir, 'wx3000.db'), path.join(c.dir, 'flash', 'db-link'));
    fs.symlinkSync(c.dir, path.join(c.dir, 'flash', 'dir-link'));
    for (const line of ['more ../wx3000.db', 'more /../wx3000.db', 'more flash:/../wx3000.db', 'cd ..', 'dir ../']) {
      assert.match(await c.run(line), /^% Invalid file name or path: path leads above flash:\/\.\n$/, line);
    }
    assert.match(await c.run('more db-link'), /^% Flash:\/db-link is not a file or directory\.\n$/);
    assert.match(await c.run('dir dir-link'), /not a file or directory/);
    assert.match(await c.run('copy dir-link/wx3000.db x'), /not a file or directory/);
    assert.doesNotMatch(await c.run('dir'), /link/, 'links are not listed');
    assert.match(await c.run('more usb:/x'), /% Such file or path doesn't exist\./);
    assert.match(await c.run(`mkdir ${'a'.repeat(200)}`), /% Invalid file name or path: file name longer than 128 bytes/);
    assert.match(await c.run(`mkdir ${'a'.repeat(300)}`), /% Invalid file name or path: path longer than 255 bytes/);
    assert.match(await c.run('mkdir a*b'), /% Invalid file name or path: invalid character/);
  } finally {
    await c.dispose();
  }
});

test('quota: a copy that does not fit fails and leaves nothing', async () => {
  const c = await cli();
  try {
    fs.writeFileSync(c.device.paths.flashSize, `${1024 * 1024}\n`);
    flashOf(c.device.paths);
    put(c, 'big.bin', 700 * 1024);
    assert.match(await c.run('dir'), /1024 KB total \(324 KB free\)/);
    assert.equal(await c.run('copy big.bin big2.bin\ny'), 'Copy flash:/big.bin to flash:/big2.bin?[Y/N]:\n.\n% There is not enough free space on flash:.\n');
    assert.ok(!fs.existsSync(path.join(c.dir, 'flash', 'big2.bin')));
    assert.deepEqual(fs.readdirSync(c.device.paths.flashTmp), [], 'no upload left behind');
  } finally {
    await c.dispose();
  }
});

test('startup saved-configuration, display startup, undo, save FILE', async () => {
  const c = await cli();
  try {
    assert.equal(
      await c.run('display startup'),
      ' Current startup saved-configuration file: NULL\n Next main startup saved-configuration file: flash:/startup.cfg\n Next backup startup saved-configuration file: NULL\n',
    );
    assert.equal(await c.run('startup saved-configuration new.cfg'), "% Such file or path doesn't exist.\n");
    assert.equal(await c.run('save new.cfg\ny'), 'The current configuration will be written to the device. Are you sure? [Y/N]:\nValidating file. Please wait....\nConfiguration is saved to device successfully.\n');
    assert.match(await c.run('save new.cfg\ny\nn'), /flash:\/new\.cfg exists, overwrite\? \[Y\/N\]:\n$/);
    assert.match(await c.run('display startup'), /Next main startup saved-configuration file: flash:\/startup\.cfg/, 'save FILE leaves the startup files');
    assert.equal(await c.run('startup saved-configuration new.cfg'), ' Please wait ...... Done!\n');
    assert.equal(await c.run('startup saved-configuration flash:/new.cfg backup'), ' Please wait ...... Done!\n');
    assert.match(await c.run('display startup'), /main startup saved-configuration file: flash:\/new\.cfg\n Next backup startup saved-configuration file: flash:\/new\.cfg\n/);
    assert.match(await c.run('dir'), / {3}0\(\*b\) -rw- .* new\.cfg\n/);
    await c.run('system-view\nsysname Other\nreturn\nsave force');
    assert.match(fs.readFileSync(path.join(c.dir, 'flash', 'new.cfg'), 'utf8'), /sysname Other/, 'save writes the main startup file');
    assert.match(await c.run('display saved-configuration'), /sysname Other/);
    assert.equal(await c.run('undo startup saved-configuration'), ' Please wait ...... Done!\n');
    assert.match(await c.run('display startup'), /main startup saved-configuration file: NULL\n Next backup startup saved-configuration file: NULL\n/);
    assert.match(await c.run('startup saved-configuration x.txt'), /% Such file/);
    await c.run('save x.cfg\ny');
    await c.run('rename x.cfg x.txt\ny');
    assert.equal(await c.run('startup saved-configuration x.txt'), '% The configuration file name must end with .cfg.\n');
  } finally {
    await c.dispose();
  }
});
