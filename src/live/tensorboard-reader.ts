// Turns a TensorBoard run folder's event files (or one event file) into store updates,
// reading each file incrementally from its last whole record.
import { basename, join } from 'node:path/posix';
import { EventDecoder } from '../sources/tensorboard/event.js';
import { isEventFileName, isLfsPointer, sortEventFiles } from '../sources/tensorboard/event-files.js';
import { MAX_RECORD_BYTES, TfRecordDecoder, type ScannedHandler } from '../sources/tensorboard/tfrecord.js';
import { readRegions } from '../sources/tensorboard/crc32c-wasm.js';
import { TbStore, type TbFile } from '../model/tb-store.js';
import type { ScalarColumns } from '../sources/tensorboard/scalar-batch.js';
import type { RecordSink, ScalarSink } from '../model/record-stream.js';
import { wandbRunFor } from '../discover/wandb-link.js';
import { coalesce } from './coalesce.js';
import { FileTail, ReadBuffers, type ChunkBuffers } from './file-tail.js';
import { nameString } from './fs/names.js';
import type { RunFs } from './fs/run-fs.js';
import { grewWhileWatching, hostClockOffset, onThisClock, WATCHING_SINCE } from './host-clock.js';

export interface TbFiles {
  /** The file system the run lives on. */
  fs: RunFs;
  runDir: string;
  /** Read only this file; null reads every event file in runDir. */
  file: string | null;
  label: string;
}

/** A long read (a big file at start) shows what it has so far this often, not only at its end. */
const PROGRESS_MS = 250;

interface OpenFile {
  tail: FileTail;
  decoder: TfRecordDecoder;
  info: TbFile;
  started: boolean;
}

function readBuffers(): ChunkBuffers {
  const own = new ReadBuffers();
  const regions = readRegions();
  if (!regions) return own;
  return { take: (size) => regions.take(size) ?? own.take(size), give: (chunk) => void (regions.give(chunk) || own.give(chunk)) };
}

export class TensorboardReader {
  readonly store: TbStore;
  private open = new Map<string, OpenFile>();
  private passes = 0;
  /** When this pass last showed what it had. */
  private shownAt = 0;
  private stopped = false;
  private readonly events = new EventDecoder();
  private readonly batch = this.events.newBatch();
  /**
   * Chunks are read into these, one being decoded while the next is read; files are read one at a
   * time. Into the CRC's WebAssembly memory while it has a region free (framed there, not copied).
   */
  private readonly buffers = readBuffers();
  /** Per file, the offset up to which its records went to the sink: a restart re-reads, it does not re-send. */
  private streamed = new Map<string, number>();
  private readonly toSink: ScalarSink | undefined;
  /** Records decoded, and whether a file was read again from its start: what a pass saw change. */
  private taken = 0;
  private reread = false;

  /**
   * `sink` gets every scalar taken, once; after each read the reader waits until it is ready.
   * `progressMs`: how often a long read shows what it has so far. `watchingSince`: when the tool
   * started watching (this machine's clock, as `clock` gives it).
   */
  constructor(
    readonly files: TbFiles,
    private readonly sink: RecordSink | null = null,
    maxBuckets?: number,
    private readonly progressMs = PROGRESS_MS,
    private readonly clock: () => number = Date.now,
    private readonly watchingSince = WATCHING_SINCE,
  ) {
    this.store = new TbStore(files.runDir, files.label, maxBuckets);
    this.toSink = sink ? (tag, step, value, wallTime) => sink.scalar(files, tag, step, value, wallTime) : undefined;
  }

  /** Reads what changed; calls during a read share it and cause one more pass. */
  readonly sync: () => Promise<void> = coalesce(() => this.pass());

  /** Nothing to accept at the end: an incomplete record is never taken. */
  finish(): void {}

  stop(): void {
    this.stopped = true;
  }

  private tail(path: string): FileTail {
    // FileTail's 1 MiB reads: 4 MiB ones took 13 MB more at peak for 2-4 % less time (bench/).
    return new FileTail(this.files.fs, path, undefined, this.buffers);
  }

  private async listFiles(): Promise<string[]> {
    if (this.files.file) return [this.files.file];
    const names = (await this.files.fs.readdir(this.files.runDir))?.map((e) => nameString(e.name)) ?? [];
    const skipped = names.filter((n) => n.includes('tfevents') && !isEventFileName(n));
    if (skipped.length) this.store.warn('profile-empty', `${skipped.length} .profile-empty file(s) skipped (profiler markers, no scalars)`);
    return sortEventFiles(names.filter(isEventFileName)).map((n) => join(this.files.runDir, n));
  }

  /** Set when a file was truncated or replaced: the pass starts over with every file. */
  private restarted = false;

  private pass(): Promise<void> {
    // One notification a pass: a dump's records and the file facts after them are one frame.
    return this.store.updateAsync(async () => {
      this.shownAt = this.clock();
      do {
        this.restarted = false;
        await this.readAll();
      } while (this.restarted);
    });
  }

  private async readAll(): Promise<void> {
    const store = this.store;
    // The host's clock is read while the files are.
    const offset = hostClockOffset(this.files.fs, this.clock);
    const first = this.passes === 0;
    const taken = this.taken;
    // Files read before and no longer listed are visited too, so their deletion is noticed.
    const listed = await this.listFiles();
    const paths = [...listed, ...[...this.open.keys()].filter((p) => !listed.includes(p))];
    let lastChange: number | null = null;
    let any = false;
    for (const path of paths) {
      let f = this.open.get(path);
      if (!f) {
        f = { tail: this.tail(path), decoder: new TfRecordDecoder(), info: { name: basename(path), bytes: 0, records: 0, problem: null }, started: false };
        this.open.set(path, f);
      }
      const mtime = await this.readFile(f);
      if (this.restarted) return;
      if (mtime !== null) {
        any = true;
        lastChange = Math.max(lastChange ?? 0, mtime);
      }
    }
    // Whether a wandb run syncs this folder changes rarely: look on the first pass, then every tenth.
    const link = this.passes++ % 10 === 0 ? await wandbRunFor(this.files.fs, this.files.runDir) : undefined;
    const writtenAt = onThisClock(lastChange, await offset);
    const now = this.clock();
    store.update(() => {
      store.setOpenedAt(now);
      store.setFiles([...this.open.values()].map((f) => ({ ...f.info })));
      store.setExists(any, writtenAt);
      if (link !== undefined) store.setWandb(link);
      if (this.taken !== taken || this.reread) {
        // Records after the first pass arrived while the tool watched; a first pass's did if their file was written since it started.
        const at = first ? grewWhileWatching(writtenAt, this.watchingSince, now) : now;
        if (at !== null) store.setGrewAt(at);
      }
      this.reread = false;
    });
  }

  /** Reads what was appended; returns the file's mtime, or null when it is not there. */
  private async readFile(f: OpenFile): Promise<number | null> {
    const store = this.store;
    let next = f.tail.read();
    for (;;) {
      let r;
      try {
        r = await next;
      } catch (err) {
        f.info.problem = (err as Error).message;
        store.warn(`read:${f.info.name}`, `${f.info.name}: ${(err as Error).message}`);
        return null;
      }
      if (r.kind === 'missing') return null;
      if (r.kind === 'gone') {
        f.info.problem = 'deleted';
        store.warn(`gone:${f.info.name}`, `${f.info.name} disappeared; keeping the ${f.info.records} records read`);
        return null;
      }
      if (r.kind === 'unchanged') return r.mtimeMs;
      if (r.reset || f.info.problem === 'deleted') {
        // Series mix every file's points: read them all again from the start.
        for (const other of this.open.values()) {
          other.tail = this.tail(other.tail.path);
          other.decoder = new TfRecordDecoder();
          other.info = { name: other.info.name, bytes: 0, records: 0, problem: null };
          other.started = false;
        }
        store.restart(`${f.info.name} was ${r.reset ?? 'recreated'}; read again from the start`);
        this.streamed.delete(f.tail.path);
        this.restarted = true;
        this.reread = true;
        return r.mtimeMs;
      }
      if (f.info.problem === 'Git LFS pointer') return r.mtimeMs;
      if (!f.started && r.chunk.length > 0) {
        f.started = true;
        if (isLfsPointer(r.chunk)) {
          f.info.problem = 'Git LFS pointer';
          store.warn(`lfs:${f.info.name}`, `${f.info.name} is a Git LFS pointer, not an event file (run git lfs pull): skipped`);
          return r.mtimeMs;
        }
      }
      // A long first read shows its data as it goes (progress): the run is there, not 'waiting'.
      if (!store.snapshot.exists) store.setExists(true, onThisClock(r.mtimeMs, await hostClockOffset(this.files.fs, this.clock)));
      // Read the next chunk while this one is decoded: the disk and the CPU work at once
      // (not while an oversized record is passed over: that is a seek).
      const prefetch = r.more && !f.decoder.broken && f.decoder.skipping === 0;
      if (prefetch) next = f.tail.read();
      this.decode(f, r.chunk);
      // Decoded: nothing holds a view of it (the framer copies a cut record, the tail its last bytes).
      this.buffers.give(r.chunk);
      if (this.clock() - this.shownAt >= this.progressMs) {
        this.shownAt = this.clock();
        store.progress();
      }
      await this.sink?.ready();
      // After a bad length nothing more of this file can be framed: do not read the rest.
      if (f.decoder.broken || this.stopped) {
        if (prefetch) next.catch(() => undefined);
        return r.mtimeMs;
      }
      if (prefetch) continue;
      let more = r.more;
      if (f.decoder.skipping > 0) {
        const passed = f.tail.skip(f.decoder.skipping);
        f.decoder.skipped(passed.skipped);
        f.info.bytes = f.decoder.offset;
        more = passed.more;
      }
      if (!more) return r.mtimeMs;
      next = f.tail.read();
    }
  }

  /** Decodes a chunk into the store, and to the sink what it has not had yet. */
  private decode(f: OpenFile, chunk: Buffer): void {
    const store = this.store;
    const events = this.events;
    const batch = this.batch;
    const path = f.tail.path;
    const sink = this.toSink;
    let undecodable = 0;
    // The common records go to the store in batches; any other is decoded alone, after the batch before it.
    const add = (columns: ScalarColumns) => {
      const from = sink ? (this.streamed.get(path) ?? 0) : 0;
      store.addBatch(columns, sink, from);
      if (sink && columns.lastOffset >= from) this.streamed.set(path, columns.lastOffset + 1);
    };
    const flush = () => {
      if (batch.records === 0) return;
      add(batch);
      batch.clear();
    };
    // The records WebAssembly read go to the store as its columns when they are the first of a
    // scan (nearly always all of it), else to the batch in bulk.
    const scanned: ScannedHandler = {
      tags: events.tags,
      take: (scan, from, to) => {
        f.info.records += to - from;
        if (from === 0) {
          flush();
          add(scan.columns(to, events.tags.texts));
          return;
        }
        for (let i = from; i < to; i += batch.append(scan, i, to)) if (batch.full) flush();
      },
    };
    store.update(() => {
      const problems = f.decoder.push(chunk, (buf, start, end, offset) => {
        if (batch.full) flush();
        this.taken += 1;
        if (events.toBatch(buf, start, end, offset, batch)) {
          f.info.records += 1;
          return;
        }
        flush();
        let e;
        try {
          e = events.decode(buf, start, end);
        } catch {
          undecodable += 1;
          return;
        }
        f.info.records += 1;
        const fresh = sink !== undefined && offset >= (this.streamed.get(path) ?? 0);
        store.addEvent(e, fresh ? sink : undefined);
        if (fresh) this.streamed.set(path, offset + 1);
      }, scanned);
      flush();
      f.info.bytes = f.decoder.offset;
      if (undecodable) store.warn('undecodable', `${undecodable} record(s) with a good CRC but not an Event, skipped (${f.info.name})`);
      for (const p of problems) {
        if (p.kind === 'corrupt-record') store.warn('corrupt-record', `corrupt record skipped (data CRC mismatch) in ${f.info.name} at byte ${p.offset}`);
        else if (p.kind === 'oversized-record') {
          store.warn(`oversized:${f.info.name}`, `${f.info.name}: a record at byte ${p.offset} claims ${p.bytes} bytes, over the ${MAX_RECORD_BYTES}-byte cap: skipped unread`);
        } else {
          f.info.problem = `bad length CRC at byte ${p.offset}`;
          store.warn(`bad-length:${f.info.name}`, `${f.info.name}: bad length CRC at byte ${p.offset}; the rest of this file cannot be framed and is not read`);
        }
      }
    });
  }
}
