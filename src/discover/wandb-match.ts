// Which wandb run belongs to an Ultralytics training run: find the wandb folder (--wandb-dir,
// $WANDB_DIR/wandb, <run dir>/wandb, the nearest wandb/ or .wandb/ above the run dir or the
// current folder), then match each run's config (files/config.yaml, or the config records of the
// .wandb file when there is none, as in offline runs): evidence ties a run to the training or
// rules it out; a run of the same time with no evidence either way is only a candidate.
import { readRegularFile } from '../live/fs/read-regular.js';
import { nameString } from '../live/fs/names.js';
import type { RunFs } from '../live/fs/run-fs.js';
import { basename, join, resolve, sep } from 'node:path/posix';
import { RecordLogDecoder } from '../sources/wandb/record-log.js';
import { decodeRecord } from '../sources/wandb/record.js';
import { configValues, parseRunFolderName } from '../sources/wandb/run-folder.js';
import { MAX_SCALAR_CHARS, readYamlMapping, Unread } from '../sources/yaml/yaml-mapping.js';
import type { WandbCandidate, WandbRunRef } from '../model/egress.js';
import { custodyOf, evidencePaths, type Custody } from './custody.js';
import { nearestWandbDir } from './wandb-link.js';

export interface TrainingRef {
  runDir: string;
  name: string | null;
  project: string | null;
  saveDir: string | null;
  /** ms: args.yaml written */
  startedAt: number | null;
  /** ms: results.csv last written (or now while live) */
  endedAt: number | null;
}

export interface WandbRunFolder {
  dir: string;
  id: string;
  mode: 'online' | 'offline';
  startedAt: number;
}

const OVERLAP_SLACK_MS = 10 * 60 * 1000;
/** The config keys evidence is read from (kept whatever else the config holds). */
const EVIDENCE_KEYS = new Set(['save_dir', 'task', 'name', 'project']);
const CONFIG_SCAN_BYTES = 2 << 20;
const CONFIG_MAX_BYTES = 1 << 20;

/**
 * The wandb folders to look in, in order, that exist; relative ones (--wandb-dir, $WANDB_DIR) are
 * from the file system's current folder.
 */
export async function wandbDirs(fs: RunFs, o: { explicit: string | null; env: string | undefined; runDir: string | null }): Promise<{ found: string[]; lookedIn: string[] }> {
  const cwd = fs.cwd;
  const candidates: string[] = [];
  if (o.explicit) candidates.push(resolve(cwd, o.explicit));
  else {
    if (o.env) candidates.push(join(resolve(cwd, o.env), 'wandb'));
    if (o.runDir) {
      candidates.push(join(o.runDir, 'wandb'));
      const near = await nearestWandbDir(fs, o.runDir);
      if (near) candidates.push(near);
    }
    candidates.push((await nearestWandbDir(fs, cwd)) ?? join(cwd, 'wandb'));
  }
  const lookedIn = [...new Set(candidates)];
  const isDir = await Promise.all(lookedIn.map(async (p) => (await fs.lstat(p))?.kind === 'dir'));
  return { found: lookedIn.filter((_, i) => isDir[i]), lookedIn };
}

export async function listWandbRuns(fs: RunFs, wandbDir: string): Promise<WandbRunFolder[]> {
  const entries = await fs.readdir(wandbDir);
  if (!entries) return [];
  return entries
    .flatMap((e) => {
      const n = nameString(e.name);
      const p = parseRunFolderName(n);
      return p && e.kind === 'dir' ? [{ dir: join(wandbDir, n), id: p.id, mode: p.mode, startedAt: p.startedAt }] : [];
    })
    .sort((a, b) => b.startedAt - a.startedAt);
}

/** A run's config: files/config.yaml, else the config and run records at the start of its .wandb file. */
export async function readRunConfig(fs: RunFs, run: WandbRunFolder): Promise<Map<string, unknown>> {
  // A FIFO would block for ever, a link could lead anywhere; wandb's own config is a few KB.
  const yaml = await readRegularFile(fs, join(run.dir, 'files', 'config.yaml'), { maxBytes: CONFIG_MAX_BYTES });
  if (yaml.ok) {
    try {
      return configValues(readYamlMapping(yaml.data.toString('utf8'), { levels: 2, prefer: EVIDENCE_KEYS }).values);
    } catch {
      // not YAML: the .wandb records may still say
    }
  }
  // Offline runs have no config.yaml: the config and run records lead the .wandb log.
  const out = new Map<string, unknown>();
  const head = await readRegularFile(fs, join(run.dir, `run-${run.id}.wandb`), { maxBytes: CONFIG_SCAN_BYTES, larger: 'head' });
  if (head.ok) {
    new RecordLogDecoder().push(head.data, (payload) => {
      try {
        const r = decodeRecord(payload);
        if (r.project && !out.has('_wandb_project')) out.set('_wandb_project', r.project);
        // Values are JSON; only short ones can be evidence, and a long one is not parsed at all.
        for (const [k, v] of r.config ?? []) out.set(k, v.length > MAX_SCALAR_CHARS ? new Unread('a value over the cap') : jsonValue(v));
      } catch {
        // a record we cannot read does not stop the others
      }
    });
  }
  // The config record nests each value as {"value": …} in some clients.
  for (const [k, v] of out) if (v && typeof v === 'object' && 'value' in (v as object)) out.set(k, (v as { value: unknown }).value);
  return out;
}

function jsonValue(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function normal(p: string): string {
  return p.replace(/\\/g, '/').replace(/\/+$/, '');
}

/** save_dir may be relative ("runs/detect/train") or from another machine (Windows): compare path tails. */
export function sameSaveDir(saveDir: string, runDir: string): boolean {
  const a = normal(saveDir).split('/').filter((x) => x && x !== '.');
  const b = normal(runDir).split('/').filter(Boolean);
  if (a.length === 0) return false;
  const k = Math.min(a.length, b.length, 3);
  return a.slice(-k).join('/') === b.slice(-k).join('/') && a.at(-1) === b.at(-1);
}

/** What trained, as the run's config tells: Ultralytics writes its whole args (save_dir, task, …). */
export function trainerOf(config: Map<string, unknown>): WandbRunRef['trainer'] {
  if (config.has('save_dir') && config.has('task')) return 'ultralytics';
  return [...config.keys()].some((k) => !k.startsWith('_') && k !== 'wandb_version') ? 'other' : 'unknown';
}

type Verdict = { confirmed: string } | { ruledOut: string } | null;

/**
 * A run id in the training's path (SB3: tensorboard_log=f"runs/{run.id}"): a whole component
 * above the training folder, never the folder's own name (a run named `train` is no evidence
 * for runs/detect/train).
 */
export function idInPath(trainingDir: string, id: string): boolean {
  return resolve(trainingDir).split(sep).slice(0, -1).includes(id);
}

/** What a wandb run's files say about belonging to the training: yes (why), no (why), or nothing. */
function evidence(t: TrainingRef, r: WandbRunFolder, c: Map<string, unknown>): Verdict {
  if (idInPath(t.runDir, r.id)) return { confirmed: `run id ${r.id} in the path` };
  const saveDir = c.get('save_dir');
  if (typeof saveDir === 'string') return sameSaveDir(saveDir, t.runDir) ? { confirmed: `save_dir ${saveDir}` } : { ruledOut: `its save_dir is ${saveDir}` };
  const name = c.get('name');
  const project = c.get('project');
  const projectDiffers = typeof project === 'string' && t.project !== null && basename(t.project) !== basename(project);
  if (typeof name !== 'string') return null;
  if (name === basename(t.runDir)) return projectDiffers ? { ruledOut: `its project is ${project}` } : { confirmed: `name ${name}${typeof project === 'string' ? ` in project ${project}` : ''}` };
  // Ultralytics sets name to the run folder's own name: another name is another training.
  return c.has('task') ? { ruledOut: `its name is ${name}` } : null;
}

export interface MatchResult {
  /** The wandb run the files tie to the training (the newest, if several), or null. */
  run: WandbRunRef | null;
  /** With no run: the runs of the same time that nothing rules out, newest first. */
  candidates: WandbCandidate[];
}

/** Whether only the training's owner could have made a wandb run look as it does (see custody.ts). */
export function runCustody(fs: RunFs, trainingDir: string, r: WandbRunFolder): Promise<Custody> {
  return custodyOf(fs, trainingDir, r.dir, evidencePaths(r.id));
}

/**
 * The wandb run of a training, by evidence only: a config that names this run folder (save_dir, or
 * name and project) or a run id in its path, in files no one but the training's owner could have
 * written. A config that names another run rules that run out whatever the times; a run of the
 * same time with nothing either way, or whose evidence others could have planted, is only a
 * candidate (with why, for the latter).
 */
export async function matchRun(
  t: TrainingRef,
  runs: readonly WandbRunFolder[],
  config: (r: WandbRunFolder) => Promise<Map<string, unknown>>,
  custody: (r: WandbRunFolder) => Promise<Custody>,
): Promise<MatchResult> {
  const candidates: WandbCandidate[] = [];
  const end = (t.endedAt ?? Date.now()) + OVERLAP_SLACK_MS;
  for (const r of runs) {
    const c = await config(r);
    const v = evidence(t, r, c);
    const candidate = { id: r.id, dir: r.dir, mode: r.mode, startedAt: r.startedAt };
    if (v && 'confirmed' in v) {
      const k = await custody(r);
      if (k.trusted) return { run: { id: r.id, dir: r.dir, mode: r.mode, match: v.confirmed, trainer: trainerOf(c) }, candidates: [] };
      candidates.push({ ...candidate, caveat: `${v.confirmed}, but ${k.why}` });
      continue;
    }
    if (v || t.startedAt === null) continue;
    // The folder's timestamp is local time: compare as local.
    const local = r.startedAt + new Date(r.startedAt).getTimezoneOffset() * 60_000;
    if (local < t.startedAt - OVERLAP_SLACK_MS || local > end) continue;
    const k = await custody(r);
    candidates.push(k.trusted ? candidate : { ...candidate, caveat: k.why });
  }
  return { run: null, candidates };
}
