// The file system a run lives on: this machine's (local-fs.ts) or a remote one's over the user's
// ssh (ssh/). Readers and discovery see only this. Paths are absolute POSIX paths on that file
// system; nothing here follows a link unless asked, and nothing opens what is not a regular file.

/**
 * A path on that file system: a string, or its bytes where a name in it is not UTF-8 (a name
 * that readdir gave as bytes is looked at with the same bytes).
 */
export type FsPath = string | Buffer;

export type EntryKind = 'file' | 'dir' | 'symlink' | 'fifo' | 'socket' | 'char' | 'block' | 'other';

export interface FileInfo {
  kind: EntryKind;
  size: number;
  mtimeMs: number;
  /** Inode number (0 where unknown): a file replaced at the same path has another. */
  ino: number;
  /** The owner's user id, and the permission bits with set-id and sticky (mode & 0o7777): who could have put it there. */
  uid: number;
  mode: number;
}

export interface DirEntry {
  /** The name as bytes: names need not be UTF-8. */
  name: Buffer;
  /** As lstat says: a link is 'symlink'. */
  kind: EntryKind;
  /** What lstat says of it, where the listing carried it (over ssh: a stat less per entry). */
  info?: FileInfo;
}

/**
 * Bytes [offset, offset + length) of a regular file, clipped to its size, with what fstat said of
 * the file that was read (`info.size` is its whole size then). Not read: a missing file (`missing`),
 * or one that is no regular file, or a link not followed, with `reason` in a few words.
 */
export type RangeRead =
  | { ok: true; info: FileInfo; data: Buffer }
  | { ok: false; missing: boolean; reason: string };

export interface ReadRangeOptions {
  /** Follow a symbolic link at the path (default: refuse it). */
  followSymlinks?: boolean;
  /**
   * Where to read, if the file system can (at least `length` bytes): the data is then a view of
   * it, and no buffer is allocated. One that cannot returns a buffer of its own.
   */
  into?: Buffer;
}

export type WatchEvent = { event: 'add' | 'change' | 'unlink' | 'addDir' | 'unlinkDir'; path: string };

export interface WatchSpec {
  /** Watched even before it exists, and through being removed and made again. */
  root: string;
  /** Levels below root that are watched (0: root's own entries). */
  depth: number;
  /** Folder names never entered below root. */
  skipDirs?: ReadonlySet<string>;
  /** The only file names reported (all when absent); folders are always reported. */
  files?: RegExp;
  /** Poll instead of file-system events (remote file systems always poll). */
  poll: boolean;
  pollIntervalMs: number;
}

export interface Watch {
  /** Resolves once the first look is done: what changes after it is reported. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** A long-lived command whose output is read line by line (nvidia-smi -lms). */
export interface LineStream {
  stop(): void;
}

/** Called after streamLines has returned, never during it. */
export interface LineStreamHandlers {
  line(text: string): void;
  /**
   * A line longer than `cap` bytes began: it is dropped whole (never handed over in pieces);
   * `count`: how many so far. The stream goes on.
   */
  overlong?(info: { cap: number; count: number }): void;
  /** It ended: `notFound` when the command does not exist there; `why` is stderr's last words. */
  exit(info: { code: number | null; signal: string | null; notFound: boolean; why: string }): void;
}

export interface RunFs {
  /** null for this machine; else the host as the user wrote it ([user@]host). */
  readonly host: string | null;
  /** The folder relative PATHs start from (the remote login folder over ssh). */
  readonly cwd: string;
  /** What the connection is doing, for the header: null when there is nothing to say. */
  readonly connection: { status(): string | null; subscribe(listener: () => void): () => void } | null;

  stat(path: FsPath): Promise<FileInfo | null>;
  lstat(path: FsPath): Promise<FileInfo | null>;
  /** null: not there, or not a folder, or unreadable. */
  readdir(path: FsPath): Promise<DirEntry[] | null>;
  readlink(path: FsPath): Promise<Buffer | null>;
  readRange(path: string, offset: number, length: number, opts?: ReadRangeOptions): Promise<RangeRead>;
  /** A regular file's sha256 (hex), never through a link; null when it is none or unreadable. */
  sha256(path: string): Promise<string | null>;
  watch(spec: WatchSpec, onEvent: (e: WatchEvent) => void): Watch;
  /** Runs `command args…` where the files are and hands its stdout over line by line. */
  streamLines(command: string, args: readonly string[], handlers: LineStreamHandlers): LineStream;
  /** Runs a short command there: its stdout, or null when it failed or took longer than timeoutMs. */
  runCommand(command: string, args: readonly string[], timeoutMs: number): Promise<string | null>;
  close(): Promise<void>;
}
