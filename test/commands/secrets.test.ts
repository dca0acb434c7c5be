// Issue 16 item 7: password and super-password hashes in configuration text only for level 3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startupConfigOf } from '../../src/files';
import { cli, systemCli } from '../helpers/cli';

test('below level 3, configuration text shows password and super-password hashes as ******; level 3 and save see them', async () => {
  const admin = await systemCli();
  try {
    await admin.run('super password level 3 simple Super-pass-1');
    await admin.run('local-user bob\npassword simple Bob-pass-12\nquit');
    await admin.run('save force');
    const full = await admin.run('display current-configuration');
    assert.match(full, /^ super password level 3 hash \$scrypt\$\S+$/m);
    assert.match(full, /^ password hash \$scrypt\$\S+$/m);
    const viewer = await cli({ level: 2, userName: 'viewer' }, admin.device);
    for (const cmd of ['display current-configuration', 'display saved-configuration']) {
      const shown = await viewer.run(cmd);
      assert.match(shown, /^ super password level 3 hash \*{6}$/m, cmd);
      assert.match(shown, /^ password hash \*{6}$/m, cmd);
      assert.doesNotMatch(shown, /\$scrypt\$/, cmd);
    }
    await viewer.run('system-view');
    const here = await viewer.run('display this');
    assert.match(here, /^ super password level 3 hash \*{6}$/m);
    assert.doesNotMatch(here, /\$scrypt\$/);
    assert.match(startupConfigOf(admin.device.paths).read() ?? '', /^ password hash \$scrypt\$/m, 'the saved file keeps the hash');
  } finally {
    await admin.dispose();
  }
});
