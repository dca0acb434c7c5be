// A daemon with NETCONF over SSH enabled from the CLI on a kernel-chosen loopback port, users of
// levels 3, 1 and 0, and runners for ncclient (Debian's python3-ncclient) and OpenSSH.
import * as path from 'node:path';
import { freePort } from '../../scripts/bench/servers';
import { ROOT, sshBaseArgs, startDaemon, TestDaemon, tempDir } from '../helpers/daemon';
import { addUser, passwordEnv } from '../helpers/users';
import { PYTHON } from '../helpers/require-tool';
import { run } from '../interop/fixture';

export const ADMIN_PW = 'Nc-Admin-Pw-2024!';
export const VIEWER_PW = 'Nc-Viewer-Pw-2024!';
export const GUEST_PW = 'Nc-Guest-Pw-2024!';
const CLIENT = path.join(ROOT, 'test/e2e/netconf_client.py');

export interface NetconfDaemon {
  d: TestDaemon;
  port: number;
  ncPort: number;
  tmp: string;
  /** OpenSSH as USER with the given args after the base ones; stdin from `input`. */
  ssh(user: string, password: string, args: string[], input?: string): ReturnType<typeof run>;
  /** The admin's CLI on a pipe (`ssh -T`), lines from `lines`. */
  cli(lines: string[], user?: string, password?: string): ReturnType<typeof run>;
  nc(scenario: string, args?: string[], user?: string, password?: string, port?: number): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

export async function startNetconfDaemon(): Promise<NetconfDaemon> {
  const tmp = tempDir('wx3000-netconf-');
  const data = path.join(tmp, 'data');
  addUser(data, 'admin', { level: 3, password: ADMIN_PW });
  addUser(data, 'viewer', { level: 1, password: VIEWER_PW });
  addUser(data, 'guest', { level: 0, password: GUEST_PW });
  const d = await startDaemon({ dataDir: data });
  const ncPort = await freePort();
  const self: NetconfDaemon = {
    d,
    port: d.port,
    ncPort,
    tmp,
    ssh: (user, password, args, input) =>
      run('ssh', [...sshBaseArgs(d.port), '-o', 'PubkeyAuthentication=no', '-l', user, ...args], { env: passwordEnv(tmp, password), input, timeoutMs: 30000 }),
    cli: (lines, user = 'admin', password = ADMIN_PW) => self.ssh(user, password, ['-T', '127.0.0.1'], lines.join('\n') + '\n'),
    async nc(scenario, args = [], user = 'admin', password = ADMIN_PW, port = ncPort) {
      const r = await run(PYTHON, [CLIENT, scenario, String(port), user, password, ...args], { timeoutMs: 60000 });
      const line = r.stdout.trim().split('\n').pop() ?? '';
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`${scenario}: no JSON (status ${r.status}): ${r.stdout} ${r.stderr.slice(-2000)}`);
      }
    },
    stop: async () => void (await d.stop()),
  };
  const r = await self.cli(['system-view', `netconf ssh server port ${ncPort}`, 'netconf ssh server enable', 'quit', 'quit']);
  if (r.status !== 0 || /%/.test(r.stdout)) throw new Error(`enabling NETCONF failed: ${r.stdout} ${r.stderr}`);
  return self;
}
