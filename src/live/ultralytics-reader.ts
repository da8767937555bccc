// Turns one Ultralytics run folder's files into store updates: results.csv (incrementally),
// args.yaml / opt.yaml, and results.png as the train-end marker.
import { join } from 'node:path/posix';
import { MAX_RUN_ARGS_BYTES, parseRunArgs } from '../sources/ultralytics/args-yaml.js';
import { ResultsCsvDecoder, type CsvEvent } from '../sources/ultralytics/results-csv.js';
import { RunStore } from '../model/run-store.js';
import type { RecordSink } from '../model/record-stream.js';
import { coalesce } from './coalesce.js';
import { FileTail } from './file-tail.js';
import { readRegularFile } from './fs/read-regular.js';
import type { RunFs } from './fs/run-fs.js';

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

export class UltralyticsReader {
  readonly store: RunStore;
  private tail: FileTail;
  private decoder = new ResultsCsvDecoder();
  private argsMtime: number | null = null;
  private wasGone = false;
  private lastDataAt = 0;
  /** Rows of the first read were written before we looked: their arrival time means nothing. */
  private primed = false;

  /** `sink` gets every line decoded (header, row, bad line), once, in file order; a pass ends when it is ready. */
  constructor(readonly files: RunFiles, private clock: () => number = Date.now, private readonly sink: RecordSink | null = null) {
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

  /** Accept an unterminated last line (end of input, or the file has been quiet). */
  flush(live: boolean): void {
    this.apply(this.decoder.flush(), live ? this.clock() : null);
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

  private async pass(live: boolean): Promise<void> {
    const { runDir } = this.files;
    const store = this.store;
    await this.readArgs();
    const arrivedAt = live && this.primed ? this.clock() : null;
    const rows: CsvEvent[] = [];
    const csvMtime = await this.readCsv(rows, arrivedAt);
    const pngMtime = await mtimeOf(this.files.fs, join(runDir, 'results.png'), true);
    this.primed = true;
    // The new rows and the file times in one update: one frame per append, not two.
    store.update(() => {
      this.apply(rows, arrivedAt);
      store.setOpenedAt(this.clock());
      store.setExists(csvMtime !== null || this.argsMtime !== null);
      store.setFileTimes(csvMtime, pngMtime !== null && csvMtime !== null && pngMtime >= csvMtime - 1000);
    });
    await this.sink?.ready();
  }

  private async readArgs(): Promise<void> {
    const { runDir } = this.files;
    for (const [name, yolov5] of [['args.yaml', false], ['opt.yaml', true]] as const) {
      const path = join(runDir, name);
      // Anything there counts: what is not a regular file is said, not silently passed by.
      const mtime = await mtimeOf(this.files.fs, path, false);
      if (mtime === null) continue;
      if (mtime === this.argsMtime) return;
      this.argsMtime = mtime;
      const read = await readRegularFile(this.files.fs, path, { maxBytes: MAX_RUN_ARGS_BYTES, followSymlinks: true });
      if (!read.ok) {
        if (!read.missing) this.store.warn('args', `${name} not read: ${read.reason}`);
        return;
      }
      try {
        const args = await parseRunArgs(read.data.toString('utf8'), yolov5);
        this.store.setArgs(args, mtime);
        if (args.unread) this.store.warn('args-unread', `${name}: not read: ${args.unread.join(', ')}`);
      } catch (err) {
        this.store.warn('args', `${name} unreadable: ${(err as Error).message.split('\n')[0]}`);
      }
      return;
    }
  }

  /** Reads what results.csv gained into `events` (applied by the caller); its mtime, or null. */
  private async readCsv(events: CsvEvent[], arrivedAt: number | null): Promise<number | null> {
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
        store.warn('csv-gone', `results.csv disappeared; keeping the ${store.snapshot.epochs.length} rows read`);
        return null;
      }
      if (r.kind === 'unchanged') return r.mtimeMs;
      if (r.reset || this.wasGone) {
        const why = r.reset === 'truncated' ? 'was truncated' : r.reset === 'rewritten' ? 'was overwritten in place' : 'was replaced';
        // Rows read before the file changed belong to the old file: they go in before the restart.
        this.apply(events.splice(0), arrivedAt);
        this.decoder = new ResultsCsvDecoder();
        const kept = store.snapshot.epochs.length;
        store.restart(`results.csv ${why}; read again from the start${kept ? ` (the ${kept} rows read before are kept, dimmed)` : ''}`);
        this.wasGone = false;
      }
      if (r.chunk.length > 0) this.lastDataAt = this.clock();
      for (const e of this.decoder.push(r.chunk)) events.push(e);
      if (!r.more) return r.mtimeMs;
    }
  }

  private apply(events: CsvEvent[], arrivedAt: number | null): void {
    if (events.length === 0) return;
    this.sink?.rows(this.files, events);
    const store = this.store;
    store.update(() => {
      let rows: { epoch: number; values: number[]; line: number }[] = [];
      const commit = () => {
        store.appendRows(rows, arrivedAt);
        rows = [];
      };
      for (const e of events) {
        if (e.type === 'row') rows.push(e);
        else if (e.type === 'header') {
          commit();
          store.setHeader(e.columns, e.line);
        } else {
          store.warn('bad-line', `results.csv line ${e.line} skipped: ${e.reason}`);
        }
      }
      commit();
    });
  }
}
