// Why a flash operation failed, as a code every front end (CLI, SFTP, SCP) maps to its own words.

export type FileErrorCode =
  /** The path, or a directory on the way, does not exist. */
  | 'not-found'
  | 'exists'
  | 'not-dir'
  | 'is-dir'
  | 'not-empty'
  /** A name Comware does not allow, or a path that leaves flash:. */
  | 'bad-name'
  /** Not a regular file or directory (symlink, device, fifo, socket): never followed, never served. */
  | 'refused'
  | 'no-space';

export class FileError extends Error {
  constructor(
    readonly code: FileErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FileError';
  }
}

/** Maps a Node fs error to a FileError (anything unknown stays as it is). */
export function fromErrno(err: unknown, what: string): unknown {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return new FileError('not-found', `${what}: no such file or directory`);
    case 'EEXIST':
      return new FileError('exists', `${what}: already exists`);
    case 'ENOTDIR':
      return new FileError('not-dir', `${what}: not a directory`);
    case 'EISDIR':
      return new FileError('is-dir', `${what}: is a directory`);
    case 'ENOTEMPTY':
      return new FileError('not-empty', `${what}: directory not empty`);
    case 'ELOOP':
      return new FileError('refused', `${what}: symbolic links are not followed`);
    case 'ENOSPC':
    case 'EDQUOT':
      return new FileError('no-space', `${what}: no space left on flash`);
    default:
      return err;
  }
}
