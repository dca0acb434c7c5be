// The forced password change at the first login (Comware V7 style, inside the session): it works with
// every client, unlike SSH's own password-change request.
import * as fs from 'node:fs';
import type { Device } from '../device';

/** Reads one line without echo from a raw terminal; Ctrl+C or end of input gives undefined. */
function readSecret(input: NodeJS.ReadStream, write: (s: string) => void, prompt: string, read?: (n: number) => void): Promise<string | undefined> {
  write(prompt);
  return new Promise((resolve) => {
    let buf = '';
    const finish = (value: string | undefined) => {
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      input.pause();
      write('\r\n');
      resolve(value);
    };
    const onEnd = () => finish(undefined);
    const onData = (d: Buffer) => {
      read?.(d.length);
      for (const ch of d.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish(buf);
        if (ch === '\x03') return finish(undefined);
        if (ch === '\x7f' || ch === '\b') buf = buf.slice(0, -1);
        else if (ch >= ' ') buf += ch;
      }
    };
    input.on('data', onData);
    input.on('end', onEnd);
    input.resume();
  });
}

const REASON = {
  first: 'First login or password reset. For security reasons, you need to change your password.',
  expired: 'Your password has expired. For security reasons, you need to change your password.',
};

/**
 * true when the password was changed; false ends the session (as Comware does). `read` counts the
 * bytes taken from `input` (echo ahead's count of the pty stream starts with them).
 */
export async function forcedPasswordChange(
  device: Device,
  user: string,
  input: NodeJS.ReadStream,
  write: (s: string) => void,
  why: keyof typeof REASON = 'first',
  read?: (n: number) => void,
): Promise<boolean> {
  write(`${REASON[why]}\r\n`);
  const old = await readSecret(input, write, 'Old password:', read);
  if (old === undefined) return false;
  const next = await readSecret(input, write, 'New password:', read);
  if (next === undefined) return false;
  const confirm = await readSecret(input, write, 'Confirm:', read);
  if (confirm === undefined) return false;
  if (next !== confirm) {
    write('% The two passwords do not match. The session will end.\r\n');
    return false;
  }
  // The one-time password's file exists only until the first-boot admin has chosen a password.
  const firstBoot = fs.existsSync(device.paths.initialAdminPassword);
  const result = await (await device.accounts()).changePassword(user, old, next);
  if (!result.ok) {
    write(`% Password not changed: ${result.message}. The session will end.\r\n`);
    return false;
  }
  write('Password changed.\r\n');
  if (firstBoot) {
    // Only `save` survives a restart; a first-boot admin must not lose the password just chosen.
    // Loaded here: every other session would pay for the whole configuration layout.
    const [{ CONFIG_LAYOUT }, { configurationText }, { startupConfigOf }] = await Promise.all([
      import('../commands/config-layout'),
      import('../config'),
      import('../files'),
    ]);
    const startup = startupConfigOf(device.paths);
    startup.write(await configurationText(device, CONFIG_LAYOUT));
    write(`The configuration has been saved to ${startup.name}, so the new password survives a restart.\r\n`);
  }
  return true;
}
