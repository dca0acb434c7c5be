// Tests that need something outside Node (a client such as plink or Debian's python SSH libraries,
// ssh-audit, the bench's reference servers, root) declare it here. Where it is missing they are
// skipped with the reason, except under CI=true: CI installs everything
// (scripts/install-test-deps.sh), so there they run and fail, and no suite goes unrun unnoticed.
import { test } from 'node:test';
import type { TestContext, TestOptions } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

/** Debian's python3, where python3-paramiko/asyncssh/netmiko live (not a pyenv one on PATH). */
export const PYTHON = '/usr/bin/python3';

/**
 * A command on PATH (`plink`), an executable by absolute path (`/usr/sbin/sshd`), a module of
 * Debian's python (`python3:paramiko`), or `root` (the test must run as root).
 */
export type Tool = string;

function present(tool: Tool): boolean {
  if (tool === 'root') return process.getuid?.() === 0;
  if (tool.startsWith('python3:')) {
    return spawnSync(PYTHON, ['-c', `import ${tool.slice('python3:'.length)}`], { stdio: 'ignore', timeout: 20000 }).status === 0;
  }
  if (tool.startsWith('/')) {
    try {
      fs.accessSync(tool, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', tool], { stdio: 'ignore' }).status === 0;
}

export interface Requirement {
  /** Everything is here: the shared set-up of these tests (a daemon, say) is worth starting. */
  readonly available: boolean;
  /** node:test's test() for a test that needs the tools. */
  test(name: string, options: TestOptions, fn: (t: TestContext) => void | Promise<void>): void;
}

export function requires(...tools: Tool[]): Requirement {
  const missing = tools.filter((t) => !present(t));
  const why = `missing here: ${missing.join(', ')} (scripts/install-test-deps.sh installs the clients)`;
  const ci = process.env.CI === 'true';
  return {
    available: missing.length === 0,
    test(name, options, fn) {
      if (missing.length === 0) void test(name, options, fn);
      else if (!ci) void test(name, { ...options, skip: why }, () => undefined);
      else void test(name, options, () => assert.fail(`CI=true, and a test cannot skip there: ${why}`));
    },
  };
}
