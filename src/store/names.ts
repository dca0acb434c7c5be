// Name rules for local users and peer keys, shared by the CLI, the offline tool and the repositories.
import { UserStoreError } from './errors';

export const MAX_USER_NAME = 55;
export const MAX_KEY_NAME = 64;
const FORBIDDEN = /[\\|/:*?<>@]/;
// Printable ASCII only: names appear in prompts (`[WX3000-luser-NAME]`), logs and the saved configuration.
const PRINTABLE = /^[\x21-\x7e]+$/;
/** `a`, `al`, `all` would be read as the `all` keyword of `undo local-user all`. */
const RESERVED = new Set(['a', 'al', 'all']);

/** Why name is not a valid local-user name, or undefined when it is. */
export function userNameProblem(name: string): string | undefined {
  if (name.length < 1 || name.length > MAX_USER_NAME) return `user name must be 1 to ${MAX_USER_NAME} characters`;
  if (!PRINTABLE.test(name)) return 'user name must not contain spaces or control characters';
  if (FORBIDDEN.test(name)) return 'user name must not contain \\ | / : * ? < > @';
  if (RESERVED.has(name.toLowerCase())) return `user name must not be '${name}'`;
  return undefined;
}

export function assertUserName(name: string): void {
  const problem = userNameProblem(name);
  if (problem) throw new UserStoreError('invalid', problem);
}

export function keyNameProblem(name: string): string | undefined {
  if (name.length < 1 || name.length > MAX_KEY_NAME) return `key name must be 1 to ${MAX_KEY_NAME} characters`;
  if (!PRINTABLE.test(name)) return 'key name must not contain spaces or control characters';
  return undefined;
}

export function assertKeyName(name: string): void {
  const problem = keyNameProblem(name);
  if (problem) throw new UserStoreError('invalid', problem);
}
