// The daemon's settings cache: one read until a change is announced, then exactly one more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SettingsCache } from '../../src/device/settings-cache';
import { newDevice } from '../helpers/cli';

test('settings are read once, kept across writes, and read again after invalidate', async () => {
  const device = newDevice();
  try {
    const cache = new SettingsCache(device);
    const first = await cache.all();
    assert.equal(first['ssh.server.authentication-retries'], 3);
    assert.equal(await cache.all(), first, 'the same object: no second read');
    await (await device.settings()).set('ssh.server.authentication-retries', 2);
    await (await device.settings()).set('password-control.login-attempt', 5);
    assert.equal((await cache.all())['ssh.server.authentication-retries'], 3, 'an unannounced write is not seen');
    cache.invalidate();
    assert.equal((await cache.all())['ssh.server.authentication-retries'], 2);
    assert.equal((await cache.lockPolicy()).attempts, 5);
  } finally {
    await device.close();
  }
});
