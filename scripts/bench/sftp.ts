// SFTP throughput (issue 19): a file of `bytes` uploaded and downloaded over one authenticated
// connection with ssh2's client (fastPut/fastGet, the same client for every server), timed from the
// first request to the last reply; the server's RSS is sampled while the upload runs.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SFTPWrapper } from 'ssh2';
import * as client from './client';
import { processTree } from './proc';
import type { BenchEnv } from './servers';

export interface SftpFigures {
  upMBps: number;
  downMBps: number;
  /** Largest growth of the server tree's RSS over its value before the upload (MiB). */
  rssGrowthMiB: number;
}

function rssKiB(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

const treeRss = (root: number) => processTree(root).reduce((sum, pid) => sum + rssKiB(pid), 0);

function call(fn: (cb: (err?: Error | null) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => fn((err) => (err ? reject(err) : resolve())));
}

/** One upload and one download of `bytes` to `remote` (a path the server's user may write). */
export async function sftpTransfer(port: number, pid: number, env: BenchEnv, remote: string, bytes: number): Promise<SftpFigures> {
  const local = path.join(env.dir, `sftp-${bytes}.bin`);
  if (!fs.existsSync(local) || fs.statSync(local).size !== bytes) fs.writeFileSync(local, crypto.randomBytes(bytes));
  const back = `${local}.back`;
  const c = await client.connect(port, env, 'publickey');
  try {
    const sftp = await new Promise<SFTPWrapper>((resolve, reject) => c.client.sftp((err, s) => (err ? reject(err) : resolve(s))));
    const base = treeRss(pid);
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, treeRss(pid))), 50);
    let t = performance.now();
    try {
      await call((cb) => sftp.fastPut(local, remote, { concurrency: 64, chunkSize: 32768 }, cb));
    } finally {
      clearInterval(sampler);
    }
    const up = performance.now() - t;
    t = performance.now();
    await call((cb) => sftp.fastGet(remote, back, { concurrency: 64, chunkSize: 32768 }, cb));
    const down = performance.now() - t;
    if (fs.statSync(back).size !== bytes) throw new Error('download size differs');
    await call((cb) => sftp.unlink(remote, cb));
    const mb = bytes / (1 << 20);
    return { upMBps: mb / (up / 1000), downMBps: mb / (down / 1000), rssGrowthMiB: (peak - base) / 1024 };
  } finally {
    fs.rmSync(back, { force: true });
    await c.end();
  }
}
