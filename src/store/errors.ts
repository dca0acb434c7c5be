// Domain errors of the user database; the CLI turns them into `%` lines, the offline tool into `error:`.
export type UserStoreErrorCode = 'exists' | 'not-found' | 'invalid' | 'in-use';

export class UserStoreError extends Error {
  constructor(readonly code: UserStoreErrorCode, message: string) {
    super(message);
    this.name = 'UserStoreError';
  }
}
