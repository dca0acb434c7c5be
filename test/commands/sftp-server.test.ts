// `sftp server enable` / `idle-timeout` (comware-aaa-files.md §4.7): stored, shown by display ssh
// server status, rendered in the configuration (non-default only), V3 `sftp timeout` accepted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { systemCli } from '../helpers/cli';

test('sftp server enable and idle-timeout: display, configuration lines, V3 alias, undo', async () => {
  const c = await systemCli();
  try {
    assert.match(await c.run('display ssh server status'), / SFTP server: Disable\n SFTP server Idle-Timeout: 10 minute\(s\)\n/);
    assert.doesNotMatch(await c.run('display current-configuration'), /sftp/);
    assert.equal(await c.run('sftp server enable'), 'Info: Enable SFTP server.\n');
    assert.equal(await c.run('sftp server idle-timeout 30'), '');
    assert.match(await c.run('display ssh server status'), / SFTP server: Enable\n SFTP server Idle-Timeout: 30 minute\(s\)\n/);
    assert.match(await c.run('display current-configuration'), / sftp server enable\n sftp server idle-timeout 30\n/);
    assert.equal(await c.run('sftp timeout 7'), '');
    assert.match(await c.run('display ssh server status'), /Idle-Timeout: 7 minute\(s\)/);
    assert.match(await c.run('sftp server idle-timeout 0'), /% Wrong parameter found at '\^' position\./);
    assert.equal(await c.run('undo sftp server idle-timeout\nundo sftp server enable'), 'Info: Disable SFTP server.\n');
    assert.doesNotMatch(await c.run('display current-configuration'), /sftp/);
  } finally {
    await c.dispose();
  }
});
