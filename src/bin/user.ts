// `wx3000 user …`: offline administration of the user database, safe next to a running daemon
// (WAL + busy timeout). Everything is validated before the first write; a user made here has no
// forced password change.
import * as fs from 'node:fs';
import { flagString, parseArgs, ParsedArgs } from '../common/args';
import { UsageError } from '../common/errors';
import { DEFAULT_DATA_DIR } from '../common/paths';
import { KeyFormatError, parsePublicKeyText } from '../common/pubkey';
import { Device } from '../device';
import { editSavedConfiguration } from './saved-configuration';
import { NewUser, newPasswordProblem } from '../device/accounts';
import { parseAuthType, userNameProblem, UserStoreError } from '../device/services';
import { SessionDirectory } from '../device/sessions';

const USAGE =
  'usage: wx3000 user add NAME --level 0..3 [--password-stdin] [--auth-type T] | del NAME [--force] | list | ' +
  'passwd NAME --password-stdin | key add NAME FILE   [--data-dir DIR]';
/** A key file is one line, or a short RFC 4716 block; anything larger is not a public key. */
const MAX_KEY_FILE = 64 * 1024;

function positional(args: ParsedArgs, count: number, what: string): string[] {
  if (args.positional.length !== count) throw new UsageError(what);
  return args.positional;
}

function onlyFlags(args: ParsedArgs, allowed: string[]): void {
  for (const name of args.flags.keys()) {
    if (!allowed.includes(name)) throw new UsageError(`--${name} does not apply here`);
  }
}

function checkName(name: string): void {
  const problem = userNameProblem(name);
  if (problem) throw new UsageError(problem);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 4096) throw new UsageError('password on stdin is too long');
    chunks.push(chunk);
  }
  // One trailing newline belongs to `echo`, not to the password.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function readPassword(): Promise<string> {
  const pw = await readStdin();
  const problem = newPasswordProblem(pw);
  if (problem) throw new UsageError(problem);
  return pw;
}

function parseLevel(args: ParsedArgs): number {
  const raw = flagString(args, 'level');
  if (raw === undefined) throw new UsageError('--level is required (0 to 3)');
  if (!/^[0-3]$/.test(raw)) throw new UsageError('--level must be 0, 1, 2 or 3');
  return Number(raw);
}

function pad(s: string, n: number): string {
  return s.length >= n ? s + ' ' : s + ' '.repeat(n - s.length);
}

type Handler = (device: Device, args: ParsedArgs, rest: string[]) => Promise<void>;

/** A running daemon ends the deleted user's live sessions at once; without one there are none. */
async function tellDaemon(device: Device, user: string): Promise<void> {
  const sessions = new SessionDirectory();
  try {
    await sessions.connect(device.paths.controlSocket);
    await sessions.accountChanged(user);
  } catch {
    /* no daemon running */
  } finally {
    sessions.close();
  }
}

const add: Handler = async (device, args, rest) => {
  onlyFlags(args, ['level', 'password-stdin', 'auth-type', 'data-dir']);
  const [name] = positional({ ...args, positional: rest }, 1, 'user add needs exactly one NAME');
  checkName(name);
  const level = parseLevel(args);
  const rawType = flagString(args, 'auth-type');
  const authType = rawType === undefined ? undefined : parseAuthType(rawType);
  if (rawType !== undefined && !authType) {
    throw new UsageError('--auth-type must be password, publickey, password-publickey or all');
  }
  const password = args.flags.has('password-stdin') ? await readPassword() : undefined;
  const spec: NewUser = { level, serviceTypes: ['ssh', 'terminal'], authType };
  const user = await (await device.accounts()).createUser(name, { ...spec, password });
  await editSavedConfiguration(device, async (saved) => {
    await (await saved.userAdmin()).remove(name, { force: true });
    const accounts = await saved.accounts();
    await accounts.createUser(name, spec);
    if (user.passwordHash) await accounts.setPasswordHash(name, user.passwordHash);
  });
  process.stdout.write(`user ${name} added\n`);
};

const del: Handler = async (device, args, rest) => {
  onlyFlags(args, ['force', 'data-dir']);
  const [name] = positional({ ...args, positional: rest }, 1, 'user del needs exactly one NAME');
  let removed: boolean;
  try {
    removed = await (await device.userAdmin()).remove(name, { force: args.flags.has('force') });
  } catch (err) {
    if (err instanceof UserStoreError && err.code === 'in-use') {
      throw new UsageError(`${name} is the last level-3 user with the SSH service; use --force to delete it anyway`, 1);
    }
    throw err;
  }
  if (!removed) throw new UsageError(`user ${name} does not exist`, 1);
  await editSavedConfiguration(device, async (saved) => {
    await (await saved.userAdmin()).remove(name, { force: true });
  });
  await tellDaemon(device, name);
  process.stdout.write(`user ${name} deleted\n`);
};

const list: Handler = async (device, args, rest) => {
  onlyFlags(args, ['data-dir']);
  positional({ ...args, positional: rest }, 0, 'user list takes no arguments');
  const users = await (await device.users()).list();
  const ssh = new Map((await (await device.sshUsers()).list()).map((u) => [u.name, u]));
  const rows = [['NAME', 'LEVEL', 'STATE', 'AUTH-TYPE', 'KEYS']];
  for (const u of users) {
    const s = ssh.get(u.name);
    rows.push([u.name, String(u.level), u.state, s?.authType ?? 'default', String(s?.keys.length ?? 0)]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)) + 1);
  for (const r of rows) process.stdout.write(r.map((c, i) => (i < r.length - 1 ? pad(c, widths[i]) : c)).join('') + '\n');
};

const passwd: Handler = async (device, args, rest) => {
  onlyFlags(args, ['password-stdin', 'data-dir']);
  const [name] = positional({ ...args, positional: rest }, 1, 'user passwd needs exactly one NAME');
  if (!args.flags.has('password-stdin')) throw new UsageError('user passwd needs --password-stdin');
  const password = await readPassword();
  const users = await device.users();
  if (!(await users.get(name))) throw new UsageError(`user ${name} does not exist`, 1);
  const user = await (await device.accounts()).setPassword(name, password);
  await editSavedConfiguration(device, async (saved) => {
    if (user.passwordHash && (await (await saved.users()).get(name))) await (await saved.accounts()).setPasswordHash(name, user.passwordHash);
  });
  process.stdout.write(`password of ${name} changed\n`);
};

const keyAdd: Handler = async (device, args, rest) => {
  onlyFlags(args, ['data-dir']);
  if (rest[0] !== 'add') throw new UsageError("user key needs 'add' (user key add NAME FILE)");
  const [name, file] = positional({ ...args, positional: rest.slice(1) }, 2, 'user key add needs NAME and FILE');
  checkName(name);
  let text: string;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(MAX_KEY_FILE + 1);
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n > MAX_KEY_FILE) throw new UsageError(`${file}: too large for a public key`);
      text = buf.subarray(0, n).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, 1);
  }
  let key;
  try {
    key = parsePublicKeyText(text);
  } catch (err) {
    if (err instanceof KeyFormatError) throw new UsageError(`${file}: ${err.message}`);
    throw err;
  }
  const record = await (await device.accounts()).addUserKey(name, key);
  await editSavedConfiguration(device, async (saved) => {
    if (!(await (await saved.users()).get(name))) return;
    await (await saved.accounts()).addUserKey(name, key).catch((err: unknown) => {
      if (!(err instanceof UserStoreError && err.code === 'exists')) throw err;
    });
  });
  process.stdout.write(`key ${record.name} (${record.algorithm} ${record.fingerprint}) assigned to ${name}\n`);
};

const HANDLERS: Record<string, Handler> = { add, del, list, passwd, key: keyAdd };

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ['level', 'auth-type', 'data-dir'], switches: ['password-stdin', 'force'] });
  const [sub, ...rest] = args.positional;
  const handler = sub === undefined ? undefined : HANDLERS[sub];
  if (!handler) throw new UsageError(sub === undefined ? USAGE : `unknown user command '${sub}' (${USAGE})`);
  const device = new Device(flagString(args, 'data-dir') ?? DEFAULT_DATA_DIR);
  try {
    await handler(device, args, rest);
    return 0;
  } catch (err) {
    if (err instanceof UserStoreError) throw new UsageError(err.message, err.code === 'invalid' ? 2 : 1);
    throw err;
  } finally {
    await device.close();
  }
}
