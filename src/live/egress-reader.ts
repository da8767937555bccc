// Follows what leaves with a wandb run: what it stages under files/, its .wandb log, what its logs
// say was uploaded, the artifacts it logs, what the Ultralytics callback will still ship, and its
// uploader's bytes on the wire. One mechanism for every way the tool is started: sync() reads
// once; start() reads, then follows by file-system events (or polling) on the run folder, and
// looks for the run on a slow beat until the files confirm one.
// Each job is a collector under egress/ that returns plain fields; a pass merges them into ONE
// store update, so it publishes one snapshot (and a warning's count is of occurrences, not passes).
import { relative } from 'node:path/posix';
import { EgressStore, type ArtifactInfo, type EgressPatch, type WandbRunRef } from '../model/egress.js';
import { coalesce } from './coalesce.js';
import type { Watch, WatchSpec } from './fs/run-fs.js';
import { backoff, type Backoff } from './backoff.js';
import { Projection } from './egress/projection.js';
import { RunArgsCache, RunFinder, type EgressOptions, type EgressSubject } from './egress/run-finder.js';
import { StagedFiles } from './egress/staged-files.js';
import { UploadLogTail } from './egress/upload-log-tail.js';
import { UploaderTrack } from './egress/uploader-track.js';
import { WandbLogReader } from './egress/wandb-log.js';

export type { EgressOptions, EgressSubject } from './egress/run-finder.js';

/** Events or polling, and how often. */
export type WatchOptions = Pick<WatchSpec, 'poll' | 'pollIntervalMs'>;

const MATCH_EVERY = 5;
const TICK_MS = 2000;
/** The slowest the looks get while nothing changes (a wandb run started meanwhile shows by then). */
const MAX_TICK_MS = 30_000;
/** files/media/images/<key with folders>/… */
const FILES_DEPTH = 12;

/** The collectors of one matched run (a run of another folder starts afresh). */
interface RunParts {
  dir: string;
  staged: StagedFiles;
  log: WandbLogReader;
  uploads: UploadLogTail;
  projection: Projection | null;
  uploader: UploaderTrack;
}

/** The record's artifacts, and the callback's model artifact when no record holds a model artifact yet. */
function artifactsOf(records: readonly ArtifactInfo[], expected: ArtifactInfo | null): ArtifactInfo[] {
  const recorded = records.some((a) => a.type === 'model');
  return expected && !recorded ? [...records, expected] : [...records];
}

export class EgressReader {
  readonly store: EgressStore;
  private passes = 0;
  private readonly args: RunArgsCache;
  private readonly finder: RunFinder;
  private parts: RunParts | null = null;
  private live: { opts: WatchOptions; looks: Backoff; watcher: Watch | null; watching: string | null } | null = null;
  /** A collector has more to read than a pass takes: the next look comes soon. */
  private behind = false;

  constructor(readonly subject: EgressSubject, opts: EgressOptions, private readonly clock: () => number = Date.now) {
    this.store = new EgressStore([], clock);
    this.args = new RunArgsCache(subject.fs);
    this.finder = new RunFinder(subject, opts, this.args, clock);
  }

  /** Reads what changed; calls during a read share it and cause one more pass. */
  readonly sync: () => Promise<void> = coalesce(() => this.pass());

  /** Reads, then follows: staged files by events on the run folder, the rest by looks that slow down while nothing changes. */
  async start(opts: WatchOptions): Promise<void> {
    if (this.live) return;
    // Runs found but not confirmed, or whose trainer is not known yet, are looked at every 2 s.
    const look = async () => {
      const before = this.store.snapshot;
      await this.sync();
      const { run, candidates } = this.store.snapshot;
      return this.store.snapshot !== before || candidates.length > 0 || run?.trainer === 'unknown' || this.behind;
    };
    const looks = backoff(look, opts.poll ? Math.min(TICK_MS, opts.pollIntervalMs) : TICK_MS, MAX_TICK_MS);
    this.live = { opts, looks, watcher: null, watching: null };
    await this.sync();
  }

  /** Something changed near the run (its folder had an event): look again soon, and often for a while. */
  wake(): void {
    this.live?.looks.wake();
  }

  async stop(): Promise<void> {
    const live = this.live;
    this.live = null;
    this.parts?.uploader.stop();
    if (!live) return;
    live.looks.stop();
    await live.watcher?.close();
  }

  /** The user's pick among the candidates (a run folder), or null to go back to the evidence. */
  pick(dir: string | null): void {
    this.finder.picked = dir;
    this.passes = 0;
    void this.sync();
  }

  /** The collectors of `run`, made afresh for a run of another folder. */
  private partsOf(run: WandbRunRef): RunParts {
    if (this.parts?.dir === run.dir) return this.parts;
    this.parts?.uploader.stop();
    const fs = this.subject.fs;
    const trainingDir = this.subject.kind === 'training' ? this.subject.runDir : null;
    const log = new WandbLogReader(fs, run);
    this.parts = {
      dir: run.dir,
      staged: new StagedFiles(fs, run.dir, trainingDir, this.clock),
      log,
      uploads: new UploadLogTail(fs, run.dir),
      projection: trainingDir === null ? null : new Projection(fs, trainingDir, this.args),
      uploader: new UploaderTrack(fs, log.logPath, (ended) => this.onWire(ended), this.clock),
    };
    return this.parts;
  }

  /** The uploader or its wire moved on between passes: published alone; its end is looked at by a whole pass (its logs say how it ended). */
  private onWire(ended: boolean): void {
    const parts = this.parts;
    if (!parts || !this.live) return;
    this.store.update(parts.uploader.patch());
    if (ended) this.wake();
  }

  private async pass(): Promise<void> {
    // Until the files confirm a run and say what trained, look on every pass (a new wandb run
    // shows at once); the training's args and each run's config are cached, so a look is a few
    // stats and a readdir.
    const first = this.passes === 0;
    const known = this.store.snapshot.run;
    const patch: EgressPatch = {};
    let run = known;
    if (this.passes++ % MATCH_EVERY === 0 || !known || known.trainer === 'unknown') {
      patch.run = await this.finder.find();
      run = patch.run.run;
    }
    if (!run) return this.store.update(patch);
    const same = run.dir === known?.dir;
    const parts = this.partsOf(run);
    const live = this.live;
    const staged = await parts.staged.read(live !== null, first);
    if (staged.files) {
      patch.files = staged.files;
      patch.unlisted = staged.unlisted ?? null;
    }
    if (live && this.live === live && live.watching !== run.dir) this.watchRun(run.dir, live, parts);
    const before = same ? this.store.snapshot : null;
    const log = await parts.log.read(before?.logChangedAt ?? null);
    patch.records = log.records;
    const uploads = await parts.uploads.read();
    patch.uploads = uploads.log;
    this.behind = uploads.more;
    const exitCode = log.records.exitCode ?? before?.exitCode ?? null;
    const files = patch.files ?? before?.files ?? [];
    const projection = parts.projection ? await parts.projection.read(run, files, exitCode) : null;
    if (projection) patch.projected = projection.projected;
    patch.artifacts = artifactsOf(log.artifacts, projection?.model ?? null);
    const synced = log.records.synced;
    const looked = parts.uploader.look({
      live: live !== null,
      wanted: run.mode === 'online' && !synced,
      ended: exitCode !== null,
      activity: `${log.records.logChangedAt}:${uploads.changedAt}`,
      hints: { trainingPid: uploads.log.trainingPid, serverPid: uploads.log.serverPid },
    });
    // Read once, the look is part of the read; following, it is published when done.
    if (!live) await looked;
    Object.assign(patch, parts.uploader.patch());
    patch.warnings = [...staged.warnings, ...log.warnings, ...uploads.warnings];
    this.store.update(patch);
  }

  /**
   * Watches the run folder: files/ to any depth, and the .wandb log and its sync marker; wandb's
   * own logs/ and tmp/ are seen too, and passed over here (the uploader's log is read on the passes
   * these and the looks make: it writes a line or two every 15 s, each a pass otherwise).
   */
  private watchRun(dir: string, live: NonNullable<EgressReader['live']>, parts: RunParts): void {
    void live.watcher?.close();
    const watcher = this.subject.fs.watch({ root: dir, depth: FILES_DEPTH, poll: live.opts.poll, pollIntervalMs: live.opts.pollIntervalMs }, ({ path }) => {
      const rel = relative(dir, path);
      if (rel === 'files' || rel.startsWith('files/')) parts.staged.changed.add(path);
      else if (rel !== '' && !/^run-[^/]*\.wandb/.test(rel)) return;
      live.looks.wake();
      void this.sync();
    });
    // What changed while the watcher took its first look is caught by one more whole walk.
    void watcher.ready.then(() => {
      if (this.live === live) {
        parts.staged.rescanSoon();
        void this.sync();
      }
    });
    live.watcher = watcher;
    live.watching = dir;
  }
}
