// Which wandb run a training stages into (or which run a wandb folder PATH names): the training's
// args, each run's config (read again only when its config.yaml changes, or while it says nothing
// yet), and the user's pick among candidates. Returns the run, where it looked and the candidates.
import { basename, join } from 'node:path/posix';
import { listWandbRuns, matchRun, readRunConfig, runCustody, trainerOf, wandbDirs, type TrainingRef, type WandbRunFolder } from '../../discover/wandb-match.js';
import type { WandbCandidate, WandbRunRef } from '../../model/egress.js';
import { MAX_RUN_ARGS_BYTES, parseRunArgs, type RunArgs } from '../../sources/ultralytics/args-yaml.js';
import { parseRunFolderName } from '../../sources/wandb/run-folder.js';
import { readRegularFile } from '../fs/read-regular.js';
import type { RunFs } from '../fs/run-fs.js';

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

const CONFIG_RETRY_MS = 5000;

/** files/config.yaml's size and time, to know when it has appeared or changed. */
async function configStamp(fs: RunFs, runDir: string): Promise<string> {
  const st = await fs.lstat(join(runDir, 'files', 'config.yaml'));
  return st ? `${st.size}:${st.mtimeMs}` : '';
}

/** A training's args.yaml (or YOLOv5's opt.yaml), parsed, read again only when it changed. */
export class RunArgsCache {
  private cache: { key: string; args: RunArgs | null } | null = null;

  constructor(private readonly fs: RunFs) {}

  /** The args, with the file's time; null if there is none (or it is no YAML). */
  async read(runDir: string): Promise<{ args: RunArgs; at: number } | null> {
    for (const [name, yolov5] of [['args.yaml', false], ['opt.yaml', true]] as const) {
      const path = join(runDir, name);
      const st = await this.fs.stat(path);
      if (!st) continue;
      const key = `${path}:${st.mtimeMs}:${st.size}`;
      if (this.cache?.key !== key) {
        const read = await readRegularFile(this.fs, path, { maxBytes: MAX_RUN_ARGS_BYTES, followSymlinks: true });
        let args: RunArgs | null = null;
        try {
          if (read.ok) args = await parseRunArgs(read.data.toString('utf8'), yolov5);
        } catch {
          // not YAML: as if there were none
        }
        this.cache = { key, args };
      }
      if (this.cache.args) return { args: this.cache.args, at: st.mtimeMs };
    }
    return null;
  }
}

export interface FoundRun {
  run: WandbRunRef | null;
  lookedIn: string[];
  candidates: WandbCandidate[];
}

export class RunFinder {
  private configs = new Map<string, { config: Map<string, unknown>; at: number; yaml: string }>();
  /** A candidate the user picked (its folder), or null. */
  picked: string | null = null;

  constructor(
    private readonly subject: EgressSubject,
    private readonly opts: EgressOptions,
    private readonly args: RunArgsCache,
    private readonly clock: () => number,
  ) {}

  private get fs(): RunFs {
    return this.subject.fs;
  }

  private async training(runDir: string): Promise<TrainingRef> {
    const ref: TrainingRef = { runDir, name: null, project: null, saveDir: null, startedAt: null, endedAt: null };
    const found = await this.args.read(runDir);
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

  async find(): Promise<FoundRun> {
    const s = this.subject;
    if (s.kind === 'wandb') {
      const own = parseRunFolderName(basename(s.dir));
      const folder = own ? { ...own, dir: s.dir } : (await listWandbRuns(this.fs, s.dir))[0];
      const run: WandbRunRef | null = folder
        ? { id: folder.id, dir: folder.dir, mode: folder.mode, match: own ? 'standalone' : 'standalone (newest run of the folder)', trainer: trainerOf(await this.config(folder)) }
        : null;
      return { run, lookedIn: [s.dir], candidates: [] };
    }
    const dirs = await wandbDirs(this.fs, { explicit: this.opts.wandbDir, env: this.opts.env, runDir: s.runDir });
    const t = await this.training(s.runDir);
    const runs = (await Promise.all(dirs.found.map((d) => listWandbRuns(this.fs, d)))).flat();
    const chosen = this.picked ? runs.find((r) => r.dir === this.picked) : undefined;
    // Picked for an Ultralytics training: the user says it is this training's upload, whatever
    // its config names (a run the script started itself names no save_dir).
    if (chosen) return { run: { id: chosen.id, dir: chosen.dir, mode: chosen.mode, match: 'picked by you', trainer: 'ultralytics' }, lookedIn: dirs.lookedIn, candidates: [] };
    const { run, candidates } = await matchRun(t, runs, (r) => this.config(r), (r) => runCustody(this.fs, s.runDir, r));
    return { run, lookedIn: dirs.lookedIn, candidates };
  }
}
