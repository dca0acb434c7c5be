// The one SSH_ASKPASS helper. OpenSSH reads a password only from a terminal or an askpass program;
// with SSH_ASKPASS_REQUIRE=force it runs ours, which prints $WX_PASS, so no terminal is needed.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes the askpass program into `dir` and returns its path. */
export function askpass(dir: string): string {
  const file = path.join(dir, 'askpass.sh');
  fs.writeFileSync(file, '#!/bin/sh\nprintf "%s\\n" "$WX_PASS"\n', { mode: 0o700 });
  return file;
}

/** The environment in which `ssh` answers its password prompt with `password`. */
export function passwordEnv(dir: string, password: string): NodeJS.ProcessEnv {
  return { SSH_ASKPASS: askpass(dir), SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0', WX_PASS: password };
}
