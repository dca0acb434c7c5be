// Preloaded into CLI processes by scripts/bench/session-memory.ts (through the daemon's
// WX3000_CLI_NODE_FLAGS=--require ...), never in normal operation. On SIGUSR2 it writes, beside
// this file's build output, PID.json (loaded modules, process.memoryUsage(), V8 heap spaces) and
// PID.heapsnapshot. Everything it needs is required inside the handler, so an unsignalled process
// carries nothing of it but the handler itself.
import * as path from 'node:path';

const outDir = path.resolve(__dirname, '../../../bench/session-memory');

process.on('SIGUSR2', () => {
  const fs = require('node:fs') as typeof import('node:fs');
  const v8 = require('node:v8') as typeof import('node:v8');
  fs.mkdirSync(outDir, { recursive: true });
  // The snapshot first: it collects garbage, so the figures below are of live objects.
  v8.writeHeapSnapshot(path.join(outDir, `${process.pid}.heapsnapshot`));
  const modules = Object.keys(require.cache).filter((m) => !m.endsWith('session-memory-probe.js'));
  const info = {
    pid: process.pid,
    modules,
    memoryUsage: process.memoryUsage(),
    heapSpaces: v8.getHeapSpaceStatistics().map((s) => ({ space: s.space_name, size: s.space_size, used: s.space_used_size, physical: s.physical_space_size })),
    heapStatistics: v8.getHeapStatistics(),
    // Handles keeping the event loop alive (sockets, timers) say what an idle session holds open.
    resources: (process as unknown as { getActiveResourcesInfo?: () => string[] }).getActiveResourcesInfo?.() ?? [],
  };
  const tmp = path.join(outDir, `${process.pid}.json.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(info, null, 2));
  fs.renameSync(tmp, path.join(outDir, `${process.pid}.json`));
});
