// SSH server and SSH user commands (§8): effects, undo, ranges, displays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { systemCli } from '../helpers/cli';

const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl bob@laptop';

test('ssh server settings: set, undo to default, range errors, V5 alias', async () => {
  const c = await systemCli();
  try {
    const settings = await c.device.settings();
    assert.equal(await c.run('ssh server authentication-retries 5\nssh server timeout 90\nssh server rekey-interval 2'), '');
    assert.equal(await settings.get('ssh.server.authentication-retries'), 5);
    assert.equal(await settings.get('ssh.server.timeout'), 90);
    assert.equal(await settings.get('ssh.server.rekey-interval'), 2);
    await c.run('ssh server authentication-timeout 30');
    assert.equal(await settings.get('ssh.server.timeout'), 30, 'V5 spelling sets the same value');
    for (const bad of ['ssh server authentication-retries 6', 'ssh server authentication-retries 0', 'ssh server timeout 121']) {
      assert.match(await c.run(bad), /% Wrong parameter found at '\^' position\./, bad);
    }
    await c.run('undo ssh server authentication-retries\nundo ssh server timeout\nundo ssh server rekey-interval');
    assert.equal(await settings.get('ssh.server.authentication-retries'), 3);
    assert.equal(await settings.get('ssh.server.timeout'), 60);
    assert.equal(await settings.get('ssh.server.rekey-interval'), 0);
    assert.equal(await c.run('undo ssh server enable'), 'Info: Disable SSH server.\n');
    assert.equal(await settings.get('ssh.server.enable'), false);
    assert.equal(await c.run('ssh server enable'), 'Info: Enable SSH server.\n');
    assert.equal(await settings.get('ssh.server.enable'), true);
    assert.match(await c.run('ssh server compatible-ssh1x enable'), /^% SSH1 is not supported/);
    assert.equal(await c.run('undo ssh server compatible-ssh1x enable'), '');
  } finally {
    await c.dispose();
  }
});

test('display ssh server status: V5 layout with the current values', async () => {
  const c = await systemCli();
  try {
    await c.run('ssh server authentication-retries 4\nssh server timeout 45');
    assert.equal(
      await c.run('display ssh server status'),
      [
        ' SSH server: Enable',
        ' SSH version : 2.0',
        ' SSH authentication-timeout : 45 second(s)',
        ' SSH server key generating interval : 0 hour(s)',
        ' SSH authentication retries : 4 time(s)',
        ' SFTP server: Disable',
        ' SFTP server Idle-Timeout: 10 minute(s)',
        '',
      ].join('\n'),
    );
  } finally {
    await c.dispose();
  }
});

test('ssh user: authentication type with aliases, key assignment, service type, undo forms', async () => {
  const c = await systemCli();
  try {
    const ssh = await c.device.sshUsers();
    await c.run('ssh user bob authentication-type rsa');
    assert.equal((await ssh.get('bob'))!.authType, 'publickey', 'rsa = publickey');
    await c.run('ssh user bob authentication-type any');
    assert.equal((await ssh.get('bob'))!.authType, 'all', 'any = all');
    await c.run('ssh user bob authentication-type password-publickey');
    assert.equal((await ssh.get('bob'))!.authType, 'password-publickey');
    assert.match(await c.run('ssh user bob assign publickey nokey'), /% Public key nokey does not exist\./);
    await c.run(`public-key peer bobkey\npublic-key-code begin\n${ED25519}\npublic-key-code end\npeer-public-key end`);
    assert.equal(await c.run('ssh user bob assign publickey bobkey'), '');
    assert.deepEqual((await ssh.get('bob'))!.keys, ['bobkey']);
    await c.run('ssh user bob service-type sftp');
    assert.equal((await ssh.get('bob'))!.serviceType, 'sftp');
    const info = await c.run('display ssh user-information');
    assert.match(info, /^Total ssh users:1\nUsername {12}Authentication-type  User-public-key-name  Service-type\n/);
    assert.match(info, /bob {17}password-publickey   bobkey {16}sftp/);
    await c.run('undo ssh user bob assign publickey\nundo ssh user bob authentication-type\nundo ssh user bob service-type');
    const bob = (await ssh.get('bob'))!;
    assert.deepEqual([bob.authType, bob.keys, bob.serviceType], [null, [], 'stelnet']);
    await c.run('undo ssh user bob');
    assert.equal(await ssh.get('bob'), undefined);
    assert.match(await c.run('undo ssh user bob'), /% SSH user bob does not exist\./);
  } finally {
    await c.dispose();
  }
});

test('display ssh server session: empty on an offline console', async () => {
  const c = await systemCli();
  try {
    assert.equal(await c.run('display ssh server session'), '');
  } finally {
    await c.dispose();
  }
});
