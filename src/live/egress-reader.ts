// Follows what a wandb run stages for upload: everything under its files/ folder (see
// StagedLedger), its .wandb log (stats and history records, the exit record), the sync marker, and
// the Ultralytics run folder that the staged media are copies of. One mechanism for every way the
// tool is started: sync() reads once; start() reads, then follows by file-system events (or
// polling) on the run folder, and looks for the run on a slow beat until the files confirm one.
import { basename, join, relative } from 'node:path/posix';
import { listWandbRuns, matchRun, readRunConfig, trainerOf, wandbDirs, type TrainingRef, type WandbRunFolder } from '../discover/wandb-match.js';
import { EgressStore, type StagedFile, type WandbCandidate, type WandbRunRef } from '../model/egress.js';
import { projectSchedule } from '../model/egress-schedule.js';
import { nameString } from './fs/names.js';
import { MAX_RUN_ARGS_BYTES, parseRunArgs, type RunArgs } from '../sources/ultralytics/args-yaml.js';
import { RecordLogDecoder } from '../sources/wandb/record-log.js';
import { decodeRecord } from '../sources/wandb/record.js';
import { categorize, parseMediaName, parseRunFolderName } from '../sources/wandb/run-folder.js';
import { coalesce } from './coalesce.js';
import { FileTail } from './file-tail.js';
import { readRegularFile } from './fs/read-regular.js';
import type { RunFs, Watch, WatchSpec } from './fs/run-fs.js';
import { StagedLedger, type StagedEntry } from './staged-ledger.js';
import { backoff, type Backoff } from './backoff.js';

/** Events or polling, and how often. */
export type WatchOptions = Pick<WatchSpec, 'poll' | 'pollIntervalMs'>;

export interface EgressOptions {
  /** --wandb-dir (relative: from the file system's current folder) */
  wandbDir: string | null;
  /** $WANDB_DIR */
  env?: string;
}

/** On the file system the training or wandb folder lives on. */
export type EgressSubject =
  /** The wandb run of this Ultralytics training, found by matching. */
  | { kind: 'training'; fs: RunFs; runDir: string }
  /** PATH was a wandb folder (its newest run) or one wandb run folder. */
  | { kind: 'wandb'; fs: RunFs; dir: string };

const MAX_FILES = 100_000;
const MATCH_EVERY = 5;
const CONFIG_RETRY_MS = 5000;
const TICK_MS = 2000;
/** The slowest the looks get while nothing changes (a wandb run started meanwhile shows by then). */
const MAX_TICK_MS = 30_000;
/** The ledger is walked whole now and then in case an event was missed, at most 1/300 of the time. */
const RESCAN_MIN_MS = 60_000;
const RESCAN_COST_FACTOR = 300;
/** files/media/images/<key with folders>/… */
const FILES_DEPTH = 12;
/** A staged image is hashed to find its source only up to this size (a link to /dev/zero never ends). */
const HASH_MAX_BYTES = 256 << 20;

/** files/config.yaml's size and time, to know when it has appeared or changed. */
async function configStamp(fs: RunFs, runDir: string): Promise<string> {
  const st = await fs.lstat(join(runDir, 'files', 'config.yaml'));
  return st ? `${st.size}:${st.mtimeMs}` : '';
}

export class EgressReader {
  readonly store: EgressStore;
  private passes = 0;
  private tail: FileTail | null = null;
  private log = new RecordLogDecoder();
  private ledger: StagedLedger | null = null;
  private firstSeen = new Map<string, number>();
  /** The ledger entry each listed file was made from: an entry the ledger did not replace is not made again. */
  private made = new Map<StagedEntry, StagedFile>();
  private hashes = new Map<string, { key: string; sha20: string }>();
  private configs = new Map<string, { config: Map<string, unknown>; at: number; yaml: string }>();
  /** A candidate the user picked (its folder), or null. */
  private picked: string | null = null;
  private live: { opts: WatchOptions; looks: Backoff; watcher: Watch | null; watching: string | null; rescanAt: number } | null = null;
  private readonly changed = new Set<string>();
  private readonly fs: RunFs;

  constructor(readonly subject: EgressSubject, private readonly opts: EgressOptions, private readonly clock: () => number = Date.now) {
    this.store = new EgressStore();
    this.fs = subject.fs;
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
      return this.store.snapshot !== before || candidates.length > 0 || run?.trainer === 'unknown';
    };
    const looks = backoff(look, opts.poll ? Math.min(TICK_MS, opts.pollIntervalMs) : TICK_MS, MAX_TICK_MS);
    this.live = { opts, looks, watcher: null, watching: null, rescanAt: 0 };
    await this.sync();
  }

  /** Something changed near the run (its folder had an event): look again soon, and often for a while. */
  wake(): void {
    this.live?.looks.wake();
  }

  async stop(): Promise<void> {
    const live = this.live;
    this.live = null;
    if (!live) return;
    live.looks.stop();
    await live.watcher?.close();
  }

  /** The user's pick among the candidates (a run folder), or null to go back to the evidence. */
  pick(dir: string | null): void {
    this.picked = dir;
    this.passes = 0;
    void this.sync();
  }

  private async pass(): Promise<void> {
    // Until the files confirm a run and say what trained, look on every pass (a new wandb run
    // shows at once); the training's args and each run's config are cached, so a look is a few
    // stats and a readdir.
    const known = this.store.snapshot.run;
    if (this.passes++ % MATCH_EVERY === 0 || !known || known.trainer === 'unknown') await this.findRun();
    const run = this.store.snapshot.run;
    if (!run) return;
    await this.stagedFiles(run);
    await this.readLog(run);
    if (this.subject.kind === 'training') await this.project(this.subject.runDir);
  }

  private argsCache: { key: string; args: RunArgs | null } | null = null;

  /** The run's args.yaml (or YOLOv5's opt.yaml) parsed, read again only when it changed; null if none. */
  private async runArgs(runDir: string): Promise<{ args: RunArgs; at: number } | null> {
    for (const [name, yolov5] of [['args.yaml', false], ['opt.yaml', true]] as const) {
      const path = join(runDir, name);
      const st = await this.fs.stat(path);
      if (!st) continue;
      const key = `${path}:${st.mtimeMs}:${st.size}`;
      if (this.argsCache?.key !== key) {
        const read = await readRegularFile(this.fs, path, { maxBytes: MAX_RUN_ARGS_BYTES, followSymlinks: true });
        let args: RunArgs | null = null;
        try {
          if (read.ok) args = await parseRunArgs(read.data.toString('utf8'), yolov5);
        } catch {
          // not YAML: as if there were none
        }
        this.argsCache = { key, args };
      }
      if (this.argsCache.args) return { args: this.argsCache.args, at: st.mtimeMs };
    }
    return null;
  }

  private async training(runDir: string): Promise<TrainingRef> {
    const ref: TrainingRef = { runDir, name: null, project: null, saveDir: null, startedAt: null, endedAt: null };
    const found = await this.runArgs(runDir);
    if (found) Object.assign(ref, { name: found.args.name, project: found.args.project, saveDir: found.args.saveDir, startedAt: found.at });
    ref.endedAt = (await this.fs.stat(join(runDir, 'results.csv')))?.mtimeMs ?? null;
    return ref;
  }

  /**
   * A run's config, read again when its config.yaml appears or changes, and while it says nothing
   * yet (the run has just started) after a while (offline runs log it in the .wandb file).
   */
  private async config(r: WandbRunFolder): Promise<Map<string, unknown>> {
    const cached = this.configs.get(r.dir);
    const yaml = await configStamp(this.fs, r.dir);
    if (cached?.yaml === yaml && (trainerOf(cached.config) !== 'unknown' || this.clock() - cached.at < CONFIG_RETRY_MS)) return cached.config;
    const config = await readRunConfig(this.fs, r);
    this.configs.set(r.dir, { config, at: this.clock(), yaml });
    return config;
  }

  private async findRun(): Promise<void> {
    const s = this.subject;
    let run: WandbRunRef | null = null;
    let candidates: WandbCandidate[] = [];
    let lookedIn: string[];
    if (s.kind === 'wandb') {
      lookedIn = [s.dir];
      const own = parseRunFolderName(basename(s.dir));
      const folder = own ? { ...own, dir: s.dir } : (await listWandbRuns(this.fs, s.dir))[0];
      if (folder) run = { id: folder.id, dir: folder.dir, mode: folder.mode, match: own ? 'standalone' : 'standalone (newest run of the folder)', trainer: trainerOf(await this.config(folder)) };
    } else {
      const dirs = await wandbDirs(this.fs, { explicit: this.opts.wandbDir, env: this.opts.env, runDir: s.runDir });
      lookedIn = dirs.lookedIn;
      const t = await this.training(s.runDir);
      const runs = (await Promise.all(dirs.found.map((d) => listWandbRuns(this.fs, d)))).flat();
      const chosen = this.picked ? runs.find((r) => r.dir === this.picked) : undefined;
      if (chosen) run = { id: chosen.id, dir: chosen.dir, mode: chosen.mode, match: 'picked by you', trainer: trainerOf(await this.config(chosen)) };
      else ({ run, candidates } = await matchRun(t, runs, (r) => this.config(r)));
    }
    if (run?.dir !== this.store.snapshot.run?.dir) {
      this.tail = null;
      this.log = new RecordLogDecoder();
      this.ledger = null;
      this.made.clear();
      this.firstSeen.clear();
    }
    this.store.setRun(run, lookedIn, candidates);
  }

  /**
   * The ledger of files/: walked whole at first (and in one-shot reads), then, while following,
   * only the paths the watcher named, with a whole walk now and then.
   */
  private async stagedFiles(run: WandbRunRef): Promise<void> {
    const root = join(run.dir, 'files');
    const live = this.live;
    let ledger = this.ledger;
    if (!ledger || !live || this.clock() >= live.rescanAt) {
      ledger ??= new StagedLedger(this.fs, root, MAX_FILES);
      const started = this.clock();
      this.changed.clear();
      await ledger.scanAll();
      if (live) live.rescanAt = this.clock() + Math.max(RESCAN_MIN_MS, RESCAN_COST_FACTOR * (this.clock() - started));
    } else {
      if (!this.changed.size) return;
      const paths = [...this.changed];
      this.changed.clear();
      for (const p of paths) await ledger.update(p);
    }
    this.ledger = ledger;
    if (live && this.live === live && live.watching !== run.dir) this.watchRun(run.dir, live);
    const files: StagedFile[] = [];
    const made = new Map<StagedEntry, StagedFile>();
    let odd: string | null = null;
    for (const e of ledger.values()) {
      const f = this.made.get(e) ?? (await this.staged(e));
      made.set(e, f);
      files.push(f);
      if (e.escaped) odd ??= e.rel;
    }
    this.made = made;
    files.sort((a, b) => (a.path < b.path ? -1 : 1));
    if (ledger.overflow) this.store.warn('many-files', `more than ${MAX_FILES} files under ${root}: the rest are not counted`);
    if (odd) this.store.warn('name-not-utf8', `a staged name is not UTF-8: listed with \\xNN escapes (${odd})`);
    this.store.setFiles(files);
  }

  private async staged(e: StagedEntry): Promise<StagedFile> {
    let seen = this.firstSeen.get(e.rel);
    if (seen === undefined) {
      seen = this.passes <= 1 ? e.mtimeMs : this.clock();
      this.firstSeen.set(e.rel, seen);
    }
    const media = e.kind === 'file' ? parseMediaName(e.rel) : null;
    return { path: e.rel, bytes: e.bytes, kind: e.kind, target: e.target, category: categorize(e.rel), firstSeen: seen, step: media?.step ?? null, source: await this.sourceOf(media) };
  }

  /**
   * Watches the run folder: files/ to any depth, and the .wandb log and its sync marker (wandb's
   * own logs/ and tmp/ are seen too, and passed over here).
   */
  private watchRun(dir: string, live: NonNullable<EgressReader['live']>): void {
    void live.watcher?.close();
    const watcher = this.fs.watch({ root: dir, depth: FILES_DEPTH, poll: live.opts.poll, pollIntervalMs: live.opts.pollIntervalMs }, ({ path }) => {
      const rel = relative(dir, path);
      if (rel === 'files' || rel.startsWith('files/')) this.changed.add(path);
      else if (rel !== '' && !/^run-[^/]*\.wandb/.test(rel)) return;
      live.looks.wake();
      void this.sync();
    });
    // What changed while the watcher took its first look is caught by one more whole walk.
    void watcher.ready.then(() => {
      if (this.live === live) {
        live.rescanAt = 0;
        void this.sync();
      }
    });
    live.watcher = watcher;
    live.watching = dir;
  }

  /** The run-dir file a staged image is a copy of: same name, and its sha256 starts with the hash in the staged name. */
  private async sourceOf(media: ReturnType<typeof parseMediaName>): Promise<string | null> {
    if (!media || this.subject.kind !== 'training') return null;
    const name = `${media.key.split('/').pop()}.${media.ext}`;
    const path = join(this.subject.runDir, name);
    const st = await this.fs.lstat(path);
    if (st?.kind !== 'file' || st.size > HASH_MAX_BYTES) return null;
    const cacheKey = `${path}:${st.size}:${st.mtimeMs}`;
    let h = this.hashes.get(cacheKey);
    if (!h) {
      const sha = await this.fs.sha256(path);
      if (sha === null) return null;
      h = { key: cacheKey, sha20: sha.slice(0, 20) };
      this.hashes.set(cacheKey, h);
    }
    return h.sha20 === media.sha20 ? name : null;
  }

  private async readLog(run: WandbRunRef): Promise<void> {
    const path = join(run.dir, `run-${run.id}.wandb`);
    this.tail ??= new FileTail(this.fs, path);
    const counts = { records: 0, stats: 0, history: 0, exitCode: null as number | null };
    let changed: number | null = this.store.snapshot.logChangedAt;
    for (;;) {
      let r;
      try {
        r = await this.tail.read();
      } catch {
        break;
      }
      if (r.kind === 'missing' || r.kind === 'gone') break;
      changed = r.mtimeMs;
      if (r.kind === 'unchanged') break;
      if (r.reset) this.log = new RecordLogDecoder();
      const problems = this.log.push(r.chunk, (payload) => {
        counts.records += 1;
        try {
          const rec = decodeRecord(payload);
          if (rec.type === 'stats') counts.stats += 1;
          else if (rec.type === 'history') counts.history += 1;
          else if (rec.type === 'exit') counts.exitCode = rec.exitCode;
        } catch {
          this.store.warn('wandb-record', `a record of ${basename(path)} could not be decoded`);
        }
      });
      for (const p of problems) {
        this.store.warn(`wandb-${p.kind}`, p.kind === 'not-wandb' ? `${basename(path)} is not a wandb log (${p.detail})` : `${basename(path)}: ${p.kind} at byte ${p.offset}, skipped`);
      }
      if (!r.more) break;
    }
    this.store.addRecords(counts, changed, (await this.fs.lstat(`${path}.synced`)) !== null);
  }

  private async project(runDir: string): Promise<void> {
    // A run that has ended ships nothing more: no need to look (a round trip each over ssh).
    if (this.store.snapshot.exitCode !== null) return this.store.setProjected([]);
    const files = new Map<string, number>();
    for (const [dir, prefix] of [[runDir, ''], [join(runDir, 'weights'), 'weights/']] as const) {
      for (const e of (await this.fs.readdir(dir)) ?? []) {
        if (e.kind !== 'file') continue;
        const name = nameString(e.name);
        const size = e.info?.size ?? (await this.fs.stat(join(dir, name)))?.size;
        // undefined: gone meanwhile
        if (size !== undefined) files.set(prefix + name, size);
      }
    }
    // No args.yaml: the schedule is guessed without epochs.
    const args = (await this.runArgs(runDir))?.args ?? null;
    const stagedKeys = new Set(this.store.snapshot.files.flatMap((f) => {
      const m = parseMediaName(f.path);
      return m ? [m.key.split('/').pop() as string] : [];
    }));
    this.store.setProjected(projectSchedule({ runFiles: files, stagedKeys, task: args?.task ?? null, epochs: args?.epochs ?? null, closeMosaic: args?.closeMosaic ?? null, plots: args?.plots ?? null }));
  }
}
