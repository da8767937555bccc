// Turns one Ultralytics run folder's files into store updates: results.csv (incrementally),
// args.yaml / opt.yaml, and results.png as the train-end marker.
import { join } from 'node:path/posix';
import { MAX_RUN_ARGS_BYTES, parseRunArgs } from '../sources/ultralytics/args-yaml.js';
import { ResultsCsvDecoder, type CsvEvent } from '../sources/ultralytics/results-csv.js';
import { COLUMNS_CAPPED, RunStore } from '../model/run-store.js';
import type { RecordSink } from '../model/record-stream.js';
import { coalesce } from './coalesce.js';
import { FileTail } from './file-tail.js';
import { readRegularFile } from './fs/read-regular.js';
import type { RunFs } from './fs/run-fs.js';
import { grewWhileWatching, hostClockOffset, onThisClock, WATCHING_SINCE } from './host-clock.js';
import { thousands } from '../model/units.js';

const QUIET_FLUSH_MS = 2000;

export interface RunFiles {
  /** The file system the run lives on. */
  fs: RunFs;
  runDir: string;
  csvPath: string;
  label: string;
}

/** The mtime of what is at `path` (a regular file only when `fileOnly`), or null. */
async function mtimeOf(fs: RunFs, path: string, fileOnly: boolean): Promise<number | null> {
  const s = await fs.stat(path);
  return s && (!fileOnly || s.kind === 'file') ? s.mtimeMs : null;
}

/** A first read shows what it has so far this often (a big file's rows fill in behind the first frame). */
const PROGRESS_MS = 250;

export class UltralyticsReader {
  readonly store: RunStore;
  private tail: FileTail;
  private decoder = new ResultsCsvDecoder();
  private argsMtime: number | null = null;
  private wasGone = false;
  private lastDataAt = 0;
  /** Rows of the first read were written before we looked: their arrival time means nothing. */
  private primed = false;
  /** When this pass last showed what it had. */
  private shownAt = 0;
  private stopped = false;
  /** Rows taken, and whether the file was read again from its start: what a pass saw change. */
  private taken = 0;
  private reread = false;

  /**
   * `sink` gets every line decoded (header, row, bad line), once, in file order; a pass ends when
   * it is ready. `watchingSince`: when the tool started watching (this machine's clock).
   */
  constructor(
    readonly files: RunFiles,
    private clock: () => number = Date.now,
    private readonly sink: RecordSink | null = null,
    private readonly watchingSince = WATCHING_SINCE,
  ) {
    this.store = new RunStore(files.runDir, files.label);
    this.tail = new FileTail(files.fs, files.csvPath);
  }

  /** Characters of an unfinished last line waiting for the rest. */
  get pendingLength(): number {
    return this.decoder.pendingLength;
  }

  get quietMs(): number {
    return this.clock() - this.lastDataAt;
  }

  private readonly serial = coalesce(() => this.pass(this.live));
  private live = true;

  /** Read whatever changed. Concurrent calls coalesce into one more pass. */
  sync(live: boolean): Promise<void> {
    this.live = live;
    return this.serial();
  }

  /** No more reading: a long read under way ends at its next chunk. */
  stop(): void {
    this.stopped = true;
  }

  /** Accept an unterminated last line (end of input, or the file has been quiet). */
  flush(live: boolean): void {
    const arrivedAt = live ? this.clock() : null;
    this.store.update(() => {
      if (this.apply(this.decoder.flush(), arrivedAt) && arrivedAt !== null) this.store.setGrewAt(arrivedAt);
    });
    // Outside a pass: the row goes out now, not with the next pass (nothing to wait for: one row).
    void this.sink?.ready();
  }

  finish(): void {
    this.flush(false);
  }

  /** Live: a complete-looking last line with no newline is taken once the file has been quiet. */
  idle(): void {
    if (this.pendingLength > 0 && this.quietMs >= QUIET_FLUSH_MS) this.flush(true);
  }

  /** One notification a pass: the new rows and the file times after them are one frame (a long first read shows progress). */
  private pass(live: boolean): Promise<void> {
    return this.store.updateAsync(async () => {
      this.shownAt = this.clock();
      const { fs, runDir } = this.files;
      const store = this.store;
      // The host's clock is read while the files are.
      const offset = hostClockOffset(fs, this.clock);
      await this.readArgs(offset);
      const first = !this.primed;
      const arrivedAt = live && !first ? this.clock() : null;
      const taken = this.taken;
      const csvMtime = await this.readCsv(arrivedAt);
      const pngMtime = await mtimeOf(fs, join(runDir, 'results.png'), true);
      this.primed = true;
      const now = this.clock();
      const writtenAt = onThisClock(csvMtime, await offset);
      store.setOpenedAt(now);
      store.setExists(csvMtime !== null || this.argsMtime !== null);
      // results.png against results.csv: both on the host's clock.
      store.setFileTimes(writtenAt, pngMtime !== null && csvMtime !== null && pngMtime >= csvMtime - 1000);
      if (live && (this.taken !== taken || this.reread)) {
        // Rows after the first read arrived while the tool watched; a first read's did if its file was written since the tool started.
        const at = first ? grewWhileWatching(writtenAt, this.watchingSince, now) : now;
        if (at !== null) store.setGrewAt(at);
      }
      this.reread = false;
      await this.sink?.ready();
    });
  }

  private async readArgs(offset: Promise<number>): Promise<void> {
    const { runDir } = this.files;
    for (const [name, yolov5] of [['args.yaml', false], ['opt.yaml', true]] as const) {
      const path = join(runDir, name);
      // Anything there counts: what is not a regular file is said, not silently passed by.
      const mtime = await mtimeOf(this.files.fs, path, false);
      if (mtime === null) continue;
      if (mtime === this.argsMtime) return;
      this.argsMtime = mtime;
      // Written when the training started, whether it can be read or not.
      const startedAt = onThisClock(mtime, await offset);
      const read = await readRegularFile(this.files.fs, path, { maxBytes: MAX_RUN_ARGS_BYTES, followSymlinks: true });
      if (!read.ok) {
        if (!read.missing) this.store.warn('args', `${name} not read: ${read.reason}`);
        this.store.setArgs(this.store.snapshot.args, startedAt);
        return;
      }
      try {
        const args = parseRunArgs(read.data.toString('utf8'), yolov5);
        this.store.setArgs(args, startedAt);
        if (args.unread) this.store.warn('args-unread', `${name}: not read: ${args.unread.join(', ')}`);
      } catch (err) {
        this.store.warn('args', `${name} unreadable: ${(err as Error).message.split('\n')[0]}`);
        this.store.setArgs(this.store.snapshot.args, startedAt);
      }
      return;
    }
  }

  /**
   * Reads what results.csv gained, a chunk at a time, each chunk's lines into the store as it is
   * decoded (a big file is never all in memory as lines); its mtime (the host's clock), or null.
   */
  private async readCsv(arrivedAt: number | null): Promise<number | null> {
    const store = this.store;
    for (;;) {
      let r;
      try {
        r = await this.tail.read();
      } catch (err) {
        store.warn('csv-read', `results.csv: ${(err as Error).message}`);
        return null;
      }
      if (r.kind === 'missing') return null;
      if (r.kind === 'gone') {
        this.wasGone = true;
        store.warn('csv-gone', `results.csv disappeared; keeping the ${store.snapshot.rows} rows read`);
        return null;
      }
      if (r.kind === 'unchanged') return r.mtimeMs;
      if (r.reset || this.wasGone) {
        const why = r.reset === 'truncated' ? 'was truncated' : r.reset === 'rewritten' ? 'was overwritten in place' : 'was replaced';
        this.decoder = new ResultsCsvDecoder();
        const kept = store.snapshot.epochs.length;
        store.restart(`results.csv ${why}; read again from the start${kept ? ` (the ${kept} rows read before are kept, dimmed)` : ''}`);
        this.wasGone = false;
        this.reread = true;
      }
      if (r.chunk.length > 0) this.lastDataAt = this.clock();
      this.apply(this.decoder.push(r.chunk), arrivedAt);
      if (this.clock() - this.shownAt >= PROGRESS_MS) {
        this.shownAt = this.clock();
        store.progress();
      }
      await this.sink?.ready();
      if (!r.more || this.stopped) return r.mtimeMs;
    }
  }

  /** Decoded lines into the store (and to the sink); whether any row was taken. */
  private apply(events: CsvEvent[], arrivedAt: number | null): boolean {
    if (events.length === 0) return false;
    this.sink?.rows(this.files, events);
    const store = this.store;
    let took = false;
    store.update(() => {
      let rows: { epoch: number; values: number[]; line: number }[] = [];
      const commit = () => {
        store.appendRows(rows, arrivedAt);
        this.taken += rows.length;
        took ||= rows.length > 0;
        rows = [];
      };
      for (const e of events) {
        if (e.type === 'row') rows.push(e);
        else if (e.type === 'header') {
          commit();
          store.setHeader(e.columns, e.line);
          if (e.total > e.columns.length) {
            store.warn(COLUMNS_CAPPED, `results.csv has ${thousands(e.total)} columns: only the first ${e.columns.length} are read (the epoch and time columns among them)`);
          }
        } else {
          store.warn('bad-line', `results.csv line ${e.line} skipped: ${e.reason}`);
        }
      }
      commit();
    });
    return took;
  }
}
