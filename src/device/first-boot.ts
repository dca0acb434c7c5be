// First start of a fresh device: the only way in is an `admin` with a one-time password that the
// daemon prints once and leaves in a 0600 file for whoever has the console or the filesystem.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { writeFileAtomic } from '../common/atomic-file';
import type { DataPaths } from '../common/paths';
import type { Device } from './index';

/** No 0/O/I/l: the password is read off a console and typed by hand. */
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
export const INITIAL_PASSWORD_LENGTH = 16;

export function randomPassword(length = INITIAL_PASSWORD_LENGTH): string {
  let out = '';
  // crypto.randomInt is uniform (rejection sampling), so no alphabet character is favoured.
  for (let i = 0; i < length; i++) out += ALPHABET[crypto.randomInt(ALPHABET.length)];
  return out;
}

/**
 * On an empty user table: creates `admin` (level 3, ssh + terminal, must change the password),
 * writes the password to paths.initialAdminPassword (0600) and returns it for the caller to print once.
 * Returns undefined when users already exist.
 */
export async function ensureInitialAdmin(device: Device): Promise<string | undefined> {
  const password = randomPassword();
  if (!(await (await device.accounts()).createInitialAdmin(password))) return undefined;
  // The file is written after the commit: a crash in between leaves an admin nobody knows the
  // password of, which `wx3000 user passwd admin` repairs; the other order could leave a file with a
  // password that is in no database.
  writeFileAtomic(device.paths.initialAdminPassword, password + '\n', 0o600);
  return password;
}

/** Removes the one-time password's file (admin's password was changed); absent is fine. */
export function forgetInitialPassword(paths: DataPaths): void {
  fs.rmSync(paths.initialAdminPassword, { force: true });
}
