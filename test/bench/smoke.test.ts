// `make bench` in smoke mode (BENCH_SMOKE=1: a few iterations), so the benchmark cannot rot unnoticed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, tempDir } from '../helpers/daemon';
import { run } from '../interop/fixture';
import { requires } from '../helpers/require-tool';

const RUN = path.join(ROOT, 'build/tsc/scripts/bench/run.js');
// root: the benchmark makes a local user for sshd and Dropbear.
const bench = requires('root', '/usr/sbin/sshd', '/usr/sbin/dropbear', '/usr/bin/dropbearkey', '/usr/bin/ssh-keygen', 'useradd', 'chpasswd');

bench.test('bench smoke: all four servers measured, Markdown table and JSON written, nothing left running', { timeout: 250000 }, async () => {
  const out = tempDir('wx3000-bench-smoke-');
  try {
    const r = await run(process.execPath, [RUN], { env: { BENCH_SMOKE: '1', BENCH_OUT_DIR: out, BENCH_PROFILE: '0' }, timeoutMs: 240000 });
    assert.ok(!r.timedOut, `bench timed out\n${r.stderr.slice(-3000)}`);
    assert.equal(r.status, 0, r.stderr.slice(-3000));
    assert.match(r.stdout, /^\| figure \| OpenSSH 9.2 \| Dropbear \| ssh2 bare \| WX3000 \| WX÷Dropbear \| WX÷floor \(ssh2 bare\) \|/m);
    assert.match(r.stdout, /\| login → prompt, publickey, median/);
    const json = JSON.parse(fs.readFileSync(path.join(out, 'smoke.json'), 'utf8'));
    assert.equal(json.smoke, true);
    assert.deepEqual(json.servers, ['openssh', 'dropbear', 'ssh2-bare', 'wx3000']);
    for (const metric of ['login-publickey', 'login-password', 'rate-publickey-8', 'echo', 'cpu-password']) {
      for (const server of json.servers) {
        assert.ok(json.summaries[metric]?.[server]?.n > 0, `${metric} on ${server}: ${JSON.stringify(json.errors)}`);
      }
    }
    for (const metric of ['sftp-up', 'sftp-down']) {
      for (const server of ['openssh', 'wx3000']) assert.ok(json.summaries[metric]?.[server]?.n > 0, `${metric} on ${server}: ${JSON.stringify(json.errors)}`);
    }
    assert.ok(json.memory.wx3000?.[0]?.afterKiB > 0);
    assert.ok(fs.existsSync(path.join(out, 'smoke.md')));
    // Everything it started is gone: no process still runs from its temp directory.
    assert.match(json.tempDir, /wx3000-bench-/);
    const leftovers = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).stdout.split('\n').filter((l) => l.includes(json.tempDir));
    assert.deepEqual(leftovers, []);
    assert.ok(!fs.existsSync(json.tempDir), 'temp directory removed');
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
