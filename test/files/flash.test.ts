// src/files on its own: path resolution, Comware names, the checks on every component, atomic
// uploads and the quota.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileError, Flash, resolvePath } from '../../src/files';

function newFlash(capacity = 1024 * 1024): { flash: Flash; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wx3000-flash-'));
  const flash = new Flash({ root: path.join(dir, 'flash'), bin: path.join(dir, 'bin'), tmp: path.join(dir, 'tmp'), capacity });
  flash.prepare();
  return { flash, dir };
}

const code = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (err) {
    return err instanceof FileError ? err.code : String(err);
  }
};

test('flash:/a/b, /a/b and b against the current directory are one path; .. never above the root', () => {
  assert.deepEqual(resolvePath('flash:/a/b'), ['a', 'b']);
  assert.deepEqual(resolvePath('FLASH:a/b'), ['a', 'b']);
  assert.deepEqual(resolvePath('/a/b', ['x']), ['a', 'b']);
  assert.deepEqual(resolvePath('b', ['a']), ['a', 'b']);
  assert.deepEqual(resolvePath('/flash:/a', ['x']), ['a'], 'an SFTP client prefixing its directory');
  assert.deepEqual(resolvePath('./a//b/../c'), ['a', 'c']);
  assert.deepEqual(resolvePath('..', ['a']), []);
  for (const bad of ['..', '/..', 'a/../..', 'flash:/../x', '../etc/passwd']) assert.equal(code(() => resolvePath(bad)), 'bad-name', bad);
  assert.equal(code(() => resolvePath('usb:/x')), 'not-found', 'no device but flash:');
  for (const bad of ['a\0b', 'a b', 'a*b', 'x/a:b', 'a\\b', 'x'.repeat(129), `${'d/'.repeat(130)}x`, 'tab\there']) {
    assert.equal(code(() => resolvePath(bad)), 'bad-name', JSON.stringify(bad));
  }
  assert.deepEqual(resolvePath('wx3000-cmw520-r2222p05.bin'), ['wx3000-cmw520-r2222p05.bin']);
});

test('symbolic links, fifos and what lies beyond them are refused; only files and directories are listed', () => {
  const { flash, dir } = newFlash();
  try {
    fs.writeFileSync(path.join(dir, 'secret'), 'key');
    fs.symlinkSync(path.join(dir, 'secret'), path.join(dir, 'flash', 'link'));
    fs.symlinkSync(dir, path.join(dir, 'flash', 'out'));
    fs.writeFileSync(path.join(dir, 'flash', 'ok.txt'), 'x');
    assert.equal(spawnSync('mkfifo', [path.join(dir, 'flash', 'fifo')]).status, 0);
    assert.equal(code(() => flash.readFile(['fifo'])), 'refused');
    assert.equal(code(() => flash.openRead(['fifo'])), 'refused');
    assert.equal(code(() => flash.readFile(['link'])), 'refused');
    assert.equal(code(() => flash.readFile(['out', 'secret'])), 'refused');
    assert.equal(code(() => flash.upload(['out', 'new'])), 'refused');
    assert.equal(code(() => flash.rename(['ok.txt'], ['out', 'ok.txt'])), 'refused');
    assert.deepEqual(flash.list([]).map((f) => f.name), ['ok.txt']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an upload appears only when committed; an aborted or overfull one leaves nothing, and its bytes are free again', async () => {
  const { flash, dir } = newFlash(100 * 1024);
  try {
    const up = flash.upload(['a.bin']);
    await up.write(Buffer.alloc(40 * 1024), 0);
    assert.equal(flash.find(['a.bin']), undefined, 'invisible while written');
    assert.equal(flash.usage().used, 40 * 1024, 'charged while written');
    up.commit();
    assert.equal(flash.stat(['a.bin']).size, 40 * 1024);
    const full = flash.upload(['b.bin']);
    await full.write(Buffer.alloc(50 * 1024), 0);
    await assert.rejects(full.write(Buffer.alloc(20 * 1024), 50 * 1024), (e: FileError) => e.code === 'no-space');
    assert.equal(flash.find(['b.bin']), undefined);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'tmp')), []);
    assert.equal(flash.usage().used, 40 * 1024);
    const gone = flash.upload(['c.bin']);
    await gone.write(Buffer.alloc(10), 0);
    gone.abort();
    assert.equal(flash.find(['c.bin']), undefined);
    // Replacing a file frees the old bytes.
    const again = flash.upload(['a.bin']);
    await again.write(Buffer.alloc(50 * 1024), 0);
    again.commit();
    assert.equal(flash.usage().used, 50 * 1024);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the recycle bin: delete keeps the bytes, undelete restores, rmdir takes the bin entries of the directory', () => {
  const { flash, dir } = newFlash();
  try {
    flash.mkdir(['d']);
    flash.writeFile(['d', 'x.cfg'], 'abc');
    flash.recycle(['d', 'x.cfg']);
    assert.equal(flash.find(['d', 'x.cfg']), undefined);
    assert.deepEqual(flash.binFiles(), [['d', 'x.cfg']]);
    assert.equal(flash.usage().used, 3);
    flash.undelete(['d', 'x.cfg']);
    assert.equal(flash.readFile(['d', 'x.cfg']).toString(), 'abc');
    flash.recycle(['d', 'x.cfg']);
    flash.rmdir(['d']);
    assert.deepEqual(flash.binFiles(), []);
    assert.equal(flash.usage().used, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
