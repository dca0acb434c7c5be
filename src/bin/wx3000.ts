#!/usr/bin/env node
// The one entry point: subcommands are loaded lazily so that `console` and the CLI worker never load ssh2.
import { UsageError } from '../common/errors';
import { packageVersion } from '../common/version';

type Runner = (argv: string[]) => Promise<number>;

const SUBCOMMANDS: Record<string, { summary: string; load: () => Promise<Runner> }> = {
  serve: {
    summary: 'serve [--data-dir DIR] [--listen ADDR] [--port N] [--log-level L] [--config FILE] [--config-file FILE] [--reboot-command CMD]',
    load: async () => (await import('./serve')).run,
  },
  keygen: { summary: 'keygen [--data-dir DIR]', load: async () => (await import('./keygen')).run },
  user: {
    summary: 'user {add|del|list|passwd|key add} ... [--data-dir DIR]',
    load: async () => (await import('./user')).run,
  },
  console: { summary: 'console [--data-dir DIR]', load: async () => (await import('./console')).run },
};

function usage(): string {
  return [
    `wx3000 ${packageVersion()} — WX3000 management plane`,
    '',
    'usage: wx3000 <command> [options]',
    ...Object.values(SUBCOMMANDS).map((s) => '  ' + s.summary),
    '  --help | --version',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(usage() + '\n');
    return cmd === undefined ? 2 : 0;
  }
  if (cmd === '--version' || cmd === '-V') {
    process.stdout.write(packageVersion() + '\n');
    return 0;
  }
  const sub = SUBCOMMANDS[cmd];
  if (!sub) throw new UsageError(`unknown command '${cmd}' (try --help)`);
  return (await sub.load())(rest);
}

// The data directory holds password hashes, host keys and the lock list: whatever a subcommand
// creates there (the database and its WAL, logs) is readable by the device's own user only.
process.umask(0o077);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n`);
      process.exitCode = err.exitCode;
    } else {
      process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
      if (process.env.WX3000_DEBUG) console.error(err);
      process.exitCode = 1;
    }
  },
);
