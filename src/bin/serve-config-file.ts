// `wx3000 serve --config-file FILE`: the firmware's /etc/wx3000/wx3000.conf (KEY=VALUE, see
// src/common/env-file.ts) supplies the serve flags the command line did not give; flags win.
import { flagString, ParsedArgs } from '../common/args';
import { readEnvFile } from '../common/env-file';
import { UsageError } from '../common/errors';

/** Settings of the file and the flags they stand for. */
export const CONFIG_KEYS: Readonly<Record<string, string>> = {
  LISTEN: 'listen',
  PORT: 'port',
  DATA_DIR: 'data-dir',
  LOG_LEVEL: 'log-level',
  SYSLOG: 'syslog',
  REBOOT_COMMAND: 'reboot-command',
};

/**
 * Fills args from `--config-file` in place. NODE_* and WX3000_* keys belong to the launcher's
 * environment (init script, systemd unit) and are skipped; any other unknown key is an error, so a
 * typo does not silently fall back to a default. An empty value means "not set".
 */
export function applyConfigFile(args: ParsedArgs): void {
  const file = flagString(args, 'config-file');
  if (file === undefined) return;
  for (const [key, value] of readEnvFile(file)) {
    const flag = CONFIG_KEYS[key];
    if (!flag) {
      if (/^(NODE|WX3000)_/.test(key)) continue;
      throw new UsageError(`${file}: unknown setting ${key} (known: ${Object.keys(CONFIG_KEYS).join(', ')})`);
    }
    if (!args.flags.has(flag) && value !== '') args.flags.set(flag, value);
  }
}
