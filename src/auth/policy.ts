// Which methods a user needs, from `ssh user NAME authentication-type`: pure, so it is easy to test.
import type { AuthType } from '../device/services';

export type CredentialMethod = 'password' | 'publickey';

/** What the wire says before any success: the same for every user, so the list reveals nobody. */
export const ADVERTISED: readonly CredentialMethod[] = ['publickey', 'password'];

export interface MethodPolicy {
  /** Methods that may be used at all. */
  allowed: CredentialMethod[];
  /** true: every allowed method must succeed (password-publickey); false: any one suffices. */
  needAll: boolean;
}

/** authType null (no `ssh user` line): password, plus publickey when the user has an assigned key. */
export function methodPolicy(authType: AuthType | null, hasKey: boolean): MethodPolicy {
  switch (authType) {
    case 'password':
      return { allowed: ['password'], needAll: false };
    case 'publickey':
      return { allowed: ['publickey'], needAll: false };
    case 'password-publickey':
      return { allowed: ['publickey', 'password'], needAll: true };
    case 'all':
      return { allowed: ['publickey', 'password'], needAll: false };
    default:
      return { allowed: hasKey ? ['publickey', 'password'] : ['password'], needAll: false };
  }
}

/** Methods that may still continue after the given successes. */
export function remainingMethods(policy: MethodPolicy, succeeded: ReadonlySet<string>): CredentialMethod[] {
  if (!policy.needAll || succeeded.size === 0) return [...ADVERTISED];
  return policy.allowed.filter((m) => !succeeded.has(m));
}

export function isComplete(policy: MethodPolicy, succeeded: ReadonlySet<string>): boolean {
  return policy.needAll ? policy.allowed.every((m) => succeeded.has(m)) : policy.allowed.some((m) => succeeded.has(m));
}
