// Interop: Debian's paramiko 2.12, asyncssh 2.10 and netmiko 2.4.2 (hp_comware) against the daemon.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { CLIENTS_PY, InteropDaemon, PASSWORD, run, startInteropDaemon, USER } from './fixture';
import { PYTHON, requires } from '../helpers/require-tool';

const paramiko = requires('python3:paramiko');
const asyncssh = requires('python3:asyncssh');
const netmiko = requires('python3:netmiko');
let s: InteropDaemon;

before(async () => {
  s = await startInteropDaemon();
});
after(async () => {
  await s?.stop();
});

interface Out {
  ok: boolean;
  error?: string;
  [k: string]: unknown;
}

async function client(name: string, timeoutMs = 60000): Promise<Out> {
  const r = await run(PYTHON, [CLIENTS_PY, name, String(s.port), USER, PASSWORD, s.keyFile], { timeoutMs });
  assert.ok(!r.timedOut, `${name} timed out: ${r.stdout} ${r.stderr.slice(-2000)}`);
  const line = r.stdout.trim().split('\n').pop() ?? '';
  let out: Out;
  try {
    out = JSON.parse(line) as Out;
  } catch {
    throw new Error(`${name}: no JSON (status ${r.status}): ${r.stdout} ${r.stderr.slice(-2000)}`);
  }
  assert.ok(out.ok, `${name}: ${out.error}\n${r.stderr.slice(-2000)}`);
  return out;
}

for (const auth of ['password', 'key'] as const) {
  paramiko.test(`paramiko (${auth}) exec: display version exits 0, an unknown command exits 1`, { timeout: 60000 }, async () => {
    const o = await client(`paramiko-${auth}`);
    assert.equal(o.status, 0);
    assert.match(String(o.stdout), /WX3000/);
    assert.equal(o.bad_status, 1);
    assert.match(String(o.bad_stdout), /% Unrecognized command found at '\^' position\./);
    assert.match(String(o.cipher), /ctr|gcm|chacha/); // paramiko 2.12 negotiates aes*-ctr
  });
}

paramiko.test('paramiko interactive shell: prompt, display version, system-view, return, quit', { timeout: 60000 }, async () => {
  const o = await client('paramiko-shell');
  assert.match(String(o.banner), /<WX3000>$/);
  assert.match(String(o.version), /WX3000[\s\S]*<WX3000>$/);
  assert.match(String(o.system), /\[WX3000\]$/);
  assert.match(String(o.back), /<WX3000>$/);
  assert.equal(o.closed, true);
});

for (const auth of ['password', 'key'] as const) {
  asyncssh.test(`asyncssh (${auth}) exec: display version exits 0, an unknown command exits 1`, { timeout: 60000 }, async () => {
    const o = await client(`asyncssh-${auth}`);
    assert.equal(o.status, 0);
    assert.match(String(o.stdout), /WX3000/);
    assert.equal(o.bad_status, 1);
  });
}

netmiko.test('netmiko hp_comware: find_prompt, send_command, send_config_set, save_config', { timeout: 120000 }, async () => {
  const o = await client('netmiko', 110000);
  assert.equal(o.prompt, '<WX3000>');
  assert.match(String(o.version), /WX3000/);
  assert.doesNotMatch(String(o.version), /<WX3000>/, 'netmiko strips the prompt');
  const cfg = String(o.config);
  assert.match(cfg, /\[WX3000\]/, cfg);
  assert.match(cfg, /sysname WX3000/, cfg);
  assert.doesNotMatch(cfg, /% (Unrecognized|Incomplete|Wrong|Too many|Ambiguous)/, cfg);
  assert.equal(o.after_prompt, '<WX3000>');
  assert.doesNotMatch(String(o.save), /%/, String(o.save));
});
