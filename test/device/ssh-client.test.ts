// The SSH client's trust in servers: a saved key (named after the server) or a pinned one decides;
// a different key is `changed`; a pin to a missing key is `missing`; first-time is on by default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { keyObjectToBlob } from '../../src/common/pubkey';
import { newDevice } from '../helpers/cli';

const blob = () => keyObjectToBlob(crypto.generateKeyPairSync('ed25519').publicKey);

test('host key verdicts: unknown, remembered, pinned, changed, missing', async () => {
  const device = newDevice();
  try {
    const servers = await device.sshClientServers();
    assert.equal(await servers.firstTime(), true);
    const a = blob();
    const b = blob();
    assert.deepEqual(await servers.verdict('192.0.2.1', a), { kind: 'unknown' });
    await servers.remember('192.0.2.1', a);
    assert.deepEqual(await servers.verdict('192.0.2.1', a), { kind: 'trusted', keyName: '192.0.2.1' });
    assert.deepEqual(await servers.verdict('192.0.2.1', b), { kind: 'changed', keyName: '192.0.2.1' });
    assert.deepEqual(await servers.assignments(), [{ server: '192.0.2.1', keyName: '192.0.2.1' }]);
    // A pin names the key to compare with, whatever the server is called.
    await (await device.keys()).add('core-key', b);
    await servers.assign('core.example', 'core-key');
    assert.deepEqual(await servers.verdict('core.example', b), { kind: 'trusted', keyName: 'core-key' });
    assert.deepEqual(await servers.verdict('core.example', a), { kind: 'changed', keyName: 'core-key' });
    await servers.assign('198.51.100.9', 'gone');
    assert.deepEqual(await servers.verdict('198.51.100.9', a), { kind: 'missing', keyName: 'gone' });
    assert.equal(await servers.unassign('198.51.100.9'), true);
    assert.equal(await servers.unassign('198.51.100.9'), false);
    await servers.setFirstTime(false);
    assert.equal(await servers.firstTime(), false);
  } finally {
    await device.close();
  }
});
