// The log buffer: a bounded ring in the database, and the winston transport that feeds it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import winston from 'winston';
import { LogBuffer, LOGBUFFER_SIZE } from '../../src/device/logbuffer';
import { LogBufferTransport } from '../../src/log/logbuffer-transport';
import { newDevice } from '../helpers/cli';
import { openStore } from '../store/fixtures';

test('the ring keeps the newest rows and counts the overwritten ones', async () => {
  const device = newDevice();
  try {
    assert.equal(LOGBUFFER_SIZE, 1024);
    const store = await openStore(device);
    const ring = new LogBuffer(store, 5, 0);
    for (let i = 1; i <= 8; i++) await ring.append({ severity: 5, module: 'shell', digest: 'login', text: `event ${i}\r\nforged` });
    const rows = await ring.list();
    assert.deepEqual(rows.map((r) => r.text), [4, 5, 6, 7, 8].map((i) => `event ${i}  forged`), 'control characters neutralised');
    assert.equal(rows[0].module, 'SHELL');
    assert.equal(rows[0].digest, 'LOGIN');
    assert.deepEqual(await ring.stats(), { current: 5, overwritten: 3 });
    await store.close();
  } finally {
    await device.close();
    fs.rmSync(device.paths.dir, { recursive: true, force: true });
  }
});

test('noise has its own share of the ring: a flood of failures never pushes a login out', async () => {
  const device = newDevice();
  try {
    const store = await openStore(device);
    const ring = new LogBuffer(store, 8, 2);
    await ring.append({ severity: 6, module: 'SHELL', digest: 'LOGIN', text: 'admin logged in' });
    await Promise.all(Array.from({ length: 500 }, (_, i) => ring.append({ severity: 4, module: 'SSH', digest: 'AUTH_FAILED', text: `failure ${i}` })));
    await ring.append({ severity: 6, module: 'SHELL', digest: 'CMD', text: 'admin ran command: save' });
    const rows = await ring.list();
    assert.deepEqual(rows.map((r) => r.text), ['admin logged in', 'failure 498', 'failure 499', 'admin ran command: save']);
    assert.deepEqual(await ring.stats(), { current: 4, overwritten: 498 });
    await store.close();
  } finally {
    await device.close();
    fs.rmSync(device.paths.dir, { recursive: true, force: true });
  }
});

test('the winston transport keeps info and above that carry a module, with their fields', async () => {
  const device = newDevice();
  try {
    const buffer = await device.logBuffer();
    const log = winston.createLogger({ level: 'debug', transports: [new LogBufferTransport(buffer)] });
    log.info('admin logged in from 192.168.1.10', { module: 'SHELL', digest: 'LOGIN' });
    log.warn('Too many authentication failures', { module: 'SSH', user: 'bob', address: '192.168.1.11' });
    log.info('connection opened', { peer: '192.168.1.12:5000' });
    log.debug('not kept', { module: 'SSH' });
    let rows = await buffer.list();
    for (let i = 0; i < 100 && rows.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 20));
      rows = await buffer.list();
    }
    assert.deepEqual(
      rows.map((r) => `${r.module}/${r.severity}/${r.digest}: ${r.text}`),
      [
        'SHELL/6/LOGIN: admin logged in from 192.168.1.10',
        'SSH/4/WARN: Too many authentication failures user=bob address=192.168.1.11',
      ],
    );
  } finally {
    await device.close();
    fs.rmSync(device.paths.dir, { recursive: true, force: true });
  }
});
