// Follows what a wandb run stages for upload: its files/ folder (lstat only, links never
// followed), its .wandb log (stats and history records, the exit record), the sync marker, and
// the Ultralytics run folder that the staged media are copies of.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, lstatSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { listWandbRuns, matchRun, readRunConfig, wandbDirs, type TrainingRef, type WandbRunFolder } from '../discover/wandb-match.js';
import { EgressStore, type StagedFile, type WandbRunRef } from '../model/egress.js';
import { projectSchedule } from '../model/egress-schedule.js';
import { parseRunArgs } from '../sources/ultralytics/args-yaml.js';
import { RecordLogDecoder } from '../sources/wandb/record-log.js';
import { decodeRecord } from '../sources/wandb/record.js';
import { categorize, parseMediaName, parseRunFolderName } from '../sources/wandb/run-folder.js';
import { coalesce } from './coalesce.js';
import { FileTail } from './file-tail.js';

export interface EgressOptions {
  /** --wandb-dir */
  wandbDir: string | null;
  cwd: string;
  /** $WANDB_DIR */
  env?: string;
}

export type EgressSubject =
  /** The wandb run of this Ultralytics training, found by matching. */
  | { kind: 'training'; runDir: string }
  /** PATH was a wandb folder (its newest run) or one wandb run folder. */
  | { kind: 'wandb'; dir: string };

const MAX_FILES = 100_000;
const MATCH_EVERY = 5;
const CONFIG_RETRY_MS = 5000;

export class EgressReader {
  readonly store: EgressStore;
  private passes = 0;
  private tail: FileTail | null = null;
  private log = new RecordLogDecoder();
  private firstSeen = new Map<string, number>();
  private hashes = new Map<string, { key: string; sha20: string }>();
  private configs = new Map<string, { config: Map<string, unknown>; at: number }>();

  constructor(readonly subject: EgressSubject, private readonly opts: EgressOptions, private readonly clock: () => number = Date.now) {
    this.store = new EgressStore();
  }

  /** The wandb folder being followed, once known (to watch it). */
  get wandbDir(): string | null {
    const run = this.store.snapshot.run;
    return run ? join(run.dir, '..') : null;
  }

  /** Reads what changed; calls during a read share it and cause one more pass. */
  readonly sync: () => Promise<void> = coalesce(() => this.pass());

  private async pass(): Promise<void> {
    // Until a run is found, look on every pass (a new wandb run shows at once); the training's
    // args and each run's config are cached, so a look is a few stats and a readdir.
    if (this.passes++ % MATCH_EVERY === 0 || !this.store.snapshot.run) await this.findRun();
    const run = this.store.snapshot.run;
    if (!run) return;
    await this.scanFiles(run);
    await this.readLog(run);
    if (this.subject.kind === 'training') await this.project(this.subject.runDir);
  }

  private argsCache: { key: string; ref: Pick<TrainingRef, 'name' | 'project' | 'saveDir' | 'startedAt'> } | null = null;

  private async training(runDir: string): Promise<TrainingRef> {
    const ref: TrainingRef = { runDir, name: null, project: null, saveDir: null, startedAt: null, endedAt: null };
    for (const [name, yolov5] of [['args.yaml', false], ['opt.yaml', true]] as const) {
      try {
        const path = join(runDir, name);
        const st = await stat(path);
        const key = `${path}:${st.mtimeMs}:${st.size}`;
        if (this.argsCache?.key !== key) {
          const args = parseRunArgs(await readFile(path, 'utf8'), yolov5);
          this.argsCache = { key, ref: { name: args.name, project: args.project, saveDir: args.saveDir, startedAt: st.mtimeMs } };
        }
        Object.assign(ref, this.argsCache.ref);
        break;
      } catch {
        // not this one
      }
    }
    try {
      ref.endedAt = (await stat(join(runDir, 'results.csv'))).mtimeMs;
    } catch {
      ref.endedAt = null;
    }
    return ref;
  }

  private async findRun(): Promise<void> {
    const s = this.subject;
    let run: WandbRunRef | null = null;
    let lookedIn: string[];
    if (s.kind === 'wandb') {
      lookedIn = [s.dir];
      const own = parseRunFolderName(basename(s.dir));
      if (own) run = { id: own.id, dir: s.dir, mode: own.mode, match: 'standalone', confirmed: true, trainer: 'unknown' };
      else {
        const newest = listWandbRuns(s.dir)[0];
        if (newest) run = { id: newest.id, dir: newest.dir, mode: newest.mode, match: 'standalone (newest run of the folder)', confirmed: true, trainer: 'unknown' };
      }
    } else {
      const dirs = wandbDirs({ explicit: this.opts.wandbDir, env: this.opts.env, runDir: s.runDir, cwd: this.opts.cwd });
      lookedIn = dirs.lookedIn;
      const t = await this.training(s.runDir);
      // A run's config is read once; an empty one (the run has just started) again after a while.
      const config = (r: WandbRunFolder) => {
        const cached = this.configs.get(r.dir);
        if (cached && (cached.config.size > 0 || this.clock() - cached.at < CONFIG_RETRY_MS)) return cached.config;
        const c = readRunConfig(r);
        this.configs.set(r.dir, { config: c, at: this.clock() });
        return c;
      };
      for (const dir of dirs.found) {
        run = matchRun(t, listWandbRuns(dir), config);
        if (run) break;
      }
    }
    if (run?.dir !== this.store.snapshot.run?.dir) {
      this.tail = null;
      this.log = new RecordLogDecoder();
      this.firstSeen.clear();
    }
    this.store.setRun(run, lookedIn);
  }

  private async scanFiles(run: WandbRunRef): Promise<void> {
    const root = join(run.dir, 'files');
    const found: StagedFile[] = [];
    const walk = async (dir: string, rel: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (found.length >= MAX_FILES) return;
        const path = join(dir, e.name);
        const relPath = rel ? `${rel}/${e.name}` : e.name;
        // Dirent types come from readdir without following links: a link is never a file or a folder here.
        if (e.isDirectory()) await walk(path, relPath);
        else if (e.isFile()) {
          let st;
          try {
            st = lstatSync(path);
          } catch {
            continue;
          }
          if (!st.isFile()) continue;
          let seen = this.firstSeen.get(relPath);
          if (seen === undefined) {
            seen = this.passes <= 1 ? st.mtimeMs : this.clock();
            this.firstSeen.set(relPath, seen);
          }
          const media = parseMediaName(relPath);
          found.push({ path: relPath, bytes: st.size, kind: 'file', target: null, category: categorize(relPath), firstSeen: seen, step: media?.step ?? null, source: await this.sourceOf(media) });
        }
      }
    };
    await walk(root, '');
    if (found.length >= MAX_FILES) this.store.warn('many-files', `more than ${MAX_FILES} files under ${root}: the rest are not counted`);
    found.sort((a, b) => (a.path < b.path ? -1 : 1));
    this.store.setFiles(found);
  }

  /** The run-dir file a staged image is a copy of: same name, and its sha256 starts with the hash in the staged name. */
  private async sourceOf(media: ReturnType<typeof parseMediaName>): Promise<string | null> {
    if (!media || this.subject.kind !== 'training') return null;
    const name = `${media.key.split('/').pop()}.${media.ext}`;
    const path = join(this.subject.runDir, name);
    let st;
    try {
      st = await stat(path);
    } catch {
      return null;
    }
    const cacheKey = `${path}:${st.size}:${st.mtimeMs}`;
    let h = this.hashes.get(cacheKey);
    if (!h) {
      const hash = createHash('sha256');
      try {
        for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
      } catch {
        return null;
      }
      h = { key: cacheKey, sha20: hash.digest('hex').slice(0, 20) };
      this.hashes.set(cacheKey, h);
    }
    return h.sha20 === media.sha20 ? name : null;
  }

  private async readLog(run: WandbRunRef): Promise<void> {
    const path = join(run.dir, `run-${run.id}.wandb`);
    this.tail ??= new FileTail(path);
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
    this.store.addRecords(counts, changed, existsSync(`${path}.synced`));
  }

  private async project(runDir: string): Promise<void> {
    const files = new Map<string, number>();
    for (const [dir, prefix] of [[runDir, ''], [join(runDir, 'weights'), 'weights/']] as const) {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        if (!e.isFile()) continue;
        try {
          files.set(prefix + e.name, (await stat(join(dir, e.name))).size);
        } catch {
          // gone meanwhile
        }
      }
    }
    let args = null;
    try {
      args = parseRunArgs(await readFile(join(runDir, 'args.yaml'), 'utf8'));
    } catch {
      // no args.yaml: the schedule is guessed without epochs
    }
    const stagedKeys = new Set(this.store.snapshot.files.flatMap((f) => {
      const m = parseMediaName(f.path);
      return m ? [m.key.split('/').pop() as string] : [];
    }));
    const finished = this.store.snapshot.exitCode !== null;
    this.store.setProjected(finished ? [] : projectSchedule({ runFiles: files, stagedKeys, task: args?.task ?? null, epochs: args?.epochs ?? null, closeMosaic: args?.closeMosaic ?? null, plots: args?.plots ?? null }));
  }
}
