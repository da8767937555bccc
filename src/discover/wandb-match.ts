// Which wandb run belongs to an Ultralytics training run: find the wandb folder (--wandb-dir,
// $WANDB_DIR/wandb, <run dir>/wandb, the nearest wandb/ or .wandb/ above the run dir or the
// current folder), then match each run's config (files/config.yaml, or the config records of the
// .wandb file when there is none, as in offline runs) by save_dir, then name, then time overlap.
import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { RecordLogDecoder } from '../sources/wandb/record-log.js';
import { decodeRecord } from '../sources/wandb/record.js';
import { configValues, parseRunFolderName } from '../sources/wandb/run-folder.js';
import type { WandbRunRef } from '../model/egress.js';
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
const CONFIG_SCAN_BYTES = 2 << 20;

function isDir(p: string): boolean {
  try {
    return lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The wandb folders to look in, in order, that exist. */
export function wandbDirs(o: { explicit: string | null; env: string | undefined; runDir: string | null; cwd: string }): { found: string[]; lookedIn: string[] } {
  const candidates: string[] = [];
  if (o.explicit) candidates.push(resolve(o.cwd, o.explicit));
  else {
    if (o.env) candidates.push(join(resolve(o.cwd, o.env), 'wandb'));
    if (o.runDir) {
      candidates.push(join(o.runDir, 'wandb'));
      const near = nearestWandbDir(o.runDir);
      if (near) candidates.push(near);
    }
    const here = nearestWandbDir(o.cwd);
    if (here) candidates.push(here);
    else candidates.push(join(o.cwd, 'wandb'));
  }
  const lookedIn = [...new Set(candidates)];
  return { found: lookedIn.filter(isDir), lookedIn };
}

export function listWandbRuns(wandbDir: string): WandbRunFolder[] {
  let names: string[];
  try {
    names = readdirSync(wandbDir);
  } catch {
    return [];
  }
  return names
    .flatMap((n) => {
      const p = parseRunFolderName(n);
      return p && isDir(join(wandbDir, n)) ? [{ dir: join(wandbDir, n), id: p.id, mode: p.mode, startedAt: p.startedAt }] : [];
    })
    .sort((a, b) => b.startedAt - a.startedAt);
}

/** A run's config: files/config.yaml, else the config and run records at the start of its .wandb file. */
export function readRunConfig(run: WandbRunFolder): Map<string, unknown> {
  try {
    const text = readFileSync(join(run.dir, 'files', 'config.yaml'), 'utf8');
    return configValues(parse(text, { maxAliasCount: 100 }));
  } catch {
    // offline runs have no config.yaml
  }
  const out = new Map<string, unknown>();
  let fd: number | null = null;
  try {
    fd = openSync(join(run.dir, `run-${run.id}.wandb`), 'r');
    const buf = Buffer.alloc(CONFIG_SCAN_BYTES);
    const n = readSync(fd, buf, 0, buf.length, 0);
    new RecordLogDecoder().push(buf.subarray(0, n), (payload) => {
      try {
        const r = decodeRecord(payload);
        if (r.project && !out.has('_wandb_project')) out.set('_wandb_project', r.project);
        for (const [k, v] of r.config ?? []) {
          try {
            out.set(k, JSON.parse(v));
          } catch {
            out.set(k, v);
          }
        }
      } catch {
        // a record we cannot read does not stop the others
      }
    });
  } catch {
    // no .wandb file yet
  } finally {
    if (fd !== null) closeSync(fd);
  }
  // The config record nests each value as {"value": …} in some clients.
  for (const [k, v] of out) if (v && typeof v === 'object' && 'value' in (v as object)) out.set(k, (v as { value: unknown }).value);
  return out;
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

export function matchRun(t: TrainingRef, runs: readonly WandbRunFolder[], config: (r: WandbRunFolder) => Map<string, unknown>): WandbRunRef | null {
  for (const r of runs) {
    const c = config(r);
    const saveDir = c.get('save_dir');
    if (typeof saveDir === 'string' && sameSaveDir(saveDir, t.runDir)) return { id: r.id, dir: r.dir, mode: r.mode, match: `save_dir ${saveDir}`, confirmed: true, trainer: 'ultralytics' };
  }
  for (const r of runs) {
    const c = config(r);
    const name = c.get('name');
    const project = c.get('project') ?? c.get('_wandb_project');
    if (typeof name === 'string' && name === basename(t.runDir) && (typeof project !== 'string' || !t.project || basename(t.project) === basename(project))) {
      return { id: r.id, dir: r.dir, mode: r.mode, match: `name ${name}${typeof project === 'string' ? ` in project ${project}` : ''}`, confirmed: true, trainer: 'ultralytics' };
    }
  }
  if (t.startedAt !== null) {
    const end = (t.endedAt ?? Date.now()) + OVERLAP_SLACK_MS;
    for (const r of runs) {
      // The folder's timestamp is local time: compare as local.
      const local = r.startedAt + new Date(r.startedAt).getTimezoneOffset() * 60_000;
      if (local >= t.startedAt - OVERLAP_SLACK_MS && local <= end) return { id: r.id, dir: r.dir, mode: r.mode, match: 'time overlap (no config match)', confirmed: false, trainer: 'unknown' };
    }
  }
  return null;
}
