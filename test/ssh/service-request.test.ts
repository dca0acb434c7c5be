// SERVICE_REQUEST after the first (issue 14): `ssh-userauth` again is accepted until the user is
// authenticated (as OpenSSH does); after login, or for another service, the server disconnects (reason 7).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'ssh2';
import { startDaemon, TestDaemon } from '../helpers/daemon';
import { passwordClient } from '../helpers/raw-ssh';
import { addUser } from '../helpers/users';

const PASSWORD = 'Service-Req-2024!';
let d: TestDaemon;

before(async () => {
  d = await startDaemon();
  addUser(d.dataDir, 'svc', { level: 1, password: PASSWORD });
});
after(async () => {
  await d.stop();
});

/** Sends SERVICE_REQUEST NAME on an authenticated connection; resolves with the disconnect reason. */
function serviceAfterLogin(name: string): Promise<number | undefined> {
  return passwordClient(d.port, 'svc', PASSWORD).then(
    (c: Client) =>
      new Promise((resolve) => {
        let code: number | undefined;
        c.on('error', (err: Error & { code?: number }) => (code = err.code));
        c.on('close', () => resolve(code));
        (c as unknown as { _protocol: { service(n: string): void } })._protocol.service(name);
      }),
  );
}

test('ssh-userauth requested again after login is refused with reason 7', async () => {
  assert.equal(await serviceAfterLogin('ssh-userauth'), 7);
});

test('another service after login is refused with reason 7', async () => {
  assert.equal(await serviceAfterLogin('ssh-connection'), 7);
});
