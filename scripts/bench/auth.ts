// Authentication cost at the device's real scrypt parameters: median time of a failed password login
// for an unknown user and for a known user with a wrong password (they must match), and the CPU one
// password verification costs. Run: node build/tsc/scripts/bench/auth.js [samples]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Authenticator, newConnState } from '../../src/auth/authenticator';
import { Device } from '../../src/device';
import { silentLogger } from '../../src/log/logger';

export interface AuthBench {
  samples: number;
  unknownUserMedianMs: number;
  wrongPasswordMedianMs: number;
  /** wrong / unknown: 1.0 means indistinguishable by the median */
  ratio: number;
  cpuMsPerVerification: number;
  wallMsPerVerification: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export async function benchAuth(samples = 15): Promise<AuthBench> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wx3000-bench-auth-'));
  const device = new Device(path.join(dir, 'var'));
  try {
    await (await device.accounts()).createUser('bench', { level: 1, serviceTypes: ['ssh'], password: 'the right one' });
    const auth = new Authenticator(device, silentLogger());
    await auth.ready();
    // Lockout would turn later wrong-password samples into "locked" ones; measure the plain path.
    await (await device.settings()).set('password-control.exceed', 'unlock');
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < samples; i++) {
      // Interleaved, so drift in machine load hits both series alike.
      for (const [user, out] of [['nobody', unknown], ['bench', wrong]] as const) {
        const t = process.hrtime.bigint();
        const r = await auth.attempt(newConnState('192.0.2.1'), { user, method: 'password', password: 'wrong guess' });
        out.push(Number(process.hrtime.bigint() - t) / 1e6);
        if (r.outcome !== 'failure') throw new Error('unexpected outcome');
      }
    }
    const hash = (await (await device.users()).get('bench'))!.passwordHash;
    const n = Math.max(3, Math.ceil(samples / 3));
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await device.passwords.verify('the right one', hash);
    const wall = Number(process.hrtime.bigint() - t0) / 1e6 / n;
    const cpu = process.cpuUsage(cpu0);
    const u = median(unknown);
    const w = median(wrong);
    return {
      samples,
      unknownUserMedianMs: +u.toFixed(1),
      wrongPasswordMedianMs: +w.toFixed(1),
      ratio: +(w / u).toFixed(3),
      cpuMsPerVerification: +((cpu.user + cpu.system) / 1000 / n).toFixed(1),
      wallMsPerVerification: +wall.toFixed(1),
    };
  } finally {
    await device.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const samples = Number(process.argv[2] ?? 15);
  benchAuth(samples).then(
    (r) => process.stdout.write(JSON.stringify(r, null, 2) + '\n'),
    (err: unknown) => {
      process.stderr.write(`error: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
