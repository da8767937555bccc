// Why a path is not read, in the words every file system behind the seam uses.
import type { EntryKind } from './run-fs.js';

/** What was found instead of a regular file. */
export function notRegular(kind: EntryKind): string {
  switch (kind) {
    case 'dir':
      return 'a folder';
    case 'fifo':
      return 'a FIFO (named pipe)';
    case 'char':
      return 'a character device';
    case 'block':
      return 'a block device';
    case 'socket':
      return 'a socket';
    case 'symlink':
      return 'a symbolic link (not followed)';
    default:
      return 'not a regular file';
  }
}
