// `serve --syslog HOST[:PORT]`: records reach a collector as RFC 5424 datagrams (auth facility).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dgram from 'node:dgram';
import { createLogger, parseSyslogTarget } from '../../src/log/logger';

test('a record reaches the syslog collector with priority, version and the message', async () => {
  const collector = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => collector.bind(0, '127.0.0.1', () => resolve()));
  const port = collector.address().port;
  const received = new Promise<string>((resolve) => collector.once('message', (m) => resolve(m.toString())));
  const log = createLogger({ console: false, syslog: `127.0.0.1:${port}` });
  try {
    log.warn('login failed', { user: 'bob' });
    const line = await Promise.race([received, new Promise<string>((_, reject) => setTimeout(() => reject(new Error('no datagram')), 5000))]);
    // auth (4) * 8 + warning (4) = 36
    assert.match(line, /^<36>1 \d{4}-\d\d-\d\dT[\d:.]+Z \S+ wx3000 \d+ - - login failed user=bob$/);
  } finally {
    log.close();
    collector.close();
  }
});

test('syslog targets: host, host:port; anything else is refused', () => {
  assert.deepEqual(parseSyslogTarget('10.0.0.1'), { host: '10.0.0.1', port: 514 });
  assert.deepEqual(parseSyslogTarget('logs.example:1514'), { host: 'logs.example', port: 1514 });
  assert.throws(() => parseSyslogTarget('a:b:c'));
});
