import { spawnSync } from 'node:child_process';

/**
 * Raw input and untranslated output on a terminal. libuv's raw mode keeps ONLCR, so the CLI's own
 * CRLF would reach the client as CR CR LF; `stty -onlcr` turns the translation off (once per
 * process, before anyone is bound). setRawMode(false) later restores the saved original modes.
 */
export function makeRaw(stdin: NodeJS.ReadStream): void {
  if (!stdin.isTTY) return;
  stdin.setRawMode(true);
  spawnSync('stty', ['-onlcr'], { stdio: ['inherit', 'ignore', 'ignore'] });
}
