// The egress ledger: what a wandb run has staged for upload (every file under its files/ folder,
// byte-exact), what it is, where it came from, and what the Ultralytics callback's schedule will
// still ship. Plain TypeScript: the reader passes in what it found and the time.
import type { Category } from '../sources/wandb/run-folder.js';
import { CATEGORIES } from '../sources/wandb/run-folder.js';
import { Notifier } from './notifier.js';
import { formatSize, thousands } from './units.js';
import { addWarning, type Warning } from './warnings.js';

export type EgressStateName = 'none' | 'online' | 'finished' | 'offline' | 'synced' | 'killed';

export interface StagedFile {
  /** Relative to the run's files/ folder, with / separators; bytes of a name that is not UTF-8 as \xNN. */
  path: string;
  /** What the uploader will read: the file's size, a link's target's size (0 when it dangles), 0 for a special file. */
  bytes: number;
  /** A symlink (wandb.save() stages links) is listed with its target, never read through; a FIFO or device is never opened. */
  kind: 'file' | 'symlink' | 'special';
  /** A symlink's target as written (raw: sanitise before output); null for the others. */
  target: string | null;
  category: Category;
  /** ms: when this file was first seen (its mtime when it was there at start). */
  firstSeen: number;
  step: number | null;
  /** The Ultralytics run-dir file it is a byte-for-byte copy of (sha256 prefix checked). */
  source: string | null;
}

export interface WandbRunRef {
  id: string;
  dir: string;
  mode: 'online' | 'offline';
  /** Which rule tied it to the training run; 'standalone' when PATH was the wandb folder itself. */
  match: string;
  /** What trained: an Ultralytics run (its config has save_dir/task), another kind, or not known yet. */
  trainer: 'ultralytics' | 'other' | 'unknown';
}

/** A wandb run that overlaps the training in time but whose files neither confirm nor contradict it. */
export interface WandbCandidate {
  id: string;
  dir: string;
  mode: 'online' | 'offline';
  /** ms, the folder name's local time read as UTC (as RunFolderName.startedAt). */
  startedAt: number;
  /** Why its files cannot confirm it even if they name the training: another user could have put them there (raw: sanitise before output). */
  caveat?: string;
}

export interface Projected {
  what: string;
  bytes: number;
  /** true: the file is not written yet and its size is a guess from its siblings. */
  estimated: boolean;
}

/** Staged files past the listing cap: counted in stagedBytes and byCategory, not in `files`. */
export interface UnlistedFiles {
  readonly files: number;
  readonly bytes: number;
  readonly byCategory: Readonly<Record<Category, number>>;
  /** The most files listed. */
  readonly cap: number;
}

export interface EgressState {
  readonly version: number;
  /** Where wandb folders were looked for, for the "none" message. */
  readonly lookedIn: readonly string[];
  /**
   * The training's run, confirmed by its files (config save_dir/name, a run id in the path), by
   * PATH naming it, or by the user's pick; never by time alone.
   */
  readonly run: WandbRunRef | null;
  /** With no confirmed run: runs of the same time that nothing rules out, newest first (the user may pick one). */
  readonly candidates: readonly WandbCandidate[];
  readonly files: readonly StagedFile[];
  /** Files past the listing cap (null: every file is listed). */
  readonly unlisted: UnlistedFiles | null;
  /** Every staged file's bytes, listed or not. */
  readonly stagedBytes: number;
  readonly byCategory: Readonly<Record<Category, number>>;
  readonly statsRecords: number;
  readonly historyRows: number;
  readonly records: number;
  readonly exitCode: number | null;
  readonly synced: boolean;
  /** mtime of the .wandb file (ms), for "killed". */
  readonly logChangedAt: number | null;
  readonly projected: readonly Projected[];
  readonly warnings: readonly Warning[];
}

export const KILLED_AFTER_MS = 10 * 60 * 1000;

export function emptyEgress(lookedIn: string[] = []): EgressState {
  return {
    version: 0, lookedIn, run: null, candidates: [], files: [], unlisted: null, stagedBytes: 0, byCategory: zeroCategories(), statsRecords: 0, historyRows: 0, records: 0,
    exitCode: null, synced: false, logChangedAt: null, projected: [], warnings: [],
  };
}

function zeroCategories(): Record<Category, number> {
  return Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
}

export function egressState(s: EgressState, now: number): EgressStateName {
  if (!s.run) return 'none';
  if (s.synced) return 'synced';
  if (s.run.mode === 'offline') return 'offline';
  if (s.exitCode !== null) return 'finished';
  if (s.logChangedAt !== null && now - s.logChangedAt > KILLED_AFTER_MS) return 'killed';
  return 'online';
}

/** Every staged file, listed or past the listing cap. */
export function stagedFileCount(s: EgressState): number {
  return s.files.length + (s.unlisted?.files ?? 0);
}

/** Says the listing cap and what is past it, or null when every file is listed. */
export function unlistedNote(s: EgressState): string | null {
  const u = s.unlisted;
  return u ? `${thousands(u.files)} files, ${formatSize(u.bytes)}, past the ${thousands(u.cap)}-file listing cap: counted in the totals, not listed` : null;
}

export function projectedBytes(s: EgressState): number {
  return s.projected.reduce((n, p) => n + p.bytes, 0);
}

export class EgressStore {
  private state: EgressState;
  private readonly notifier = new Notifier();
  readonly subscribe = this.notifier.subscribe;

  constructor(lookedIn: string[] = []) {
    this.state = emptyEgress(lookedIn);
  }

  get snapshot(): EgressState {
    return this.state;
  }

  private set(patch: Partial<EgressState>): void {
    this.state = { ...this.state, ...patch, version: this.state.version + 1 };
    this.notifier.changed();
  }

  setRun(run: WandbRunRef | null, lookedIn: string[], candidates: WandbCandidate[] = []): void {
    const s = this.state;
    if (run?.dir !== s.run?.dir) this.set({ ...emptyEgress(lookedIn), run, candidates, warnings: s.warnings });
    else if (
      JSON.stringify([run, lookedIn, candidates.map((c) => c.dir)]) !== JSON.stringify([s.run, s.lookedIn, s.candidates.map((c) => c.dir)])
    ) this.set({ run, lookedIn, candidates });
  }

  /** The files found under files/ now (the whole list: a file gone is gone from the ledger), and those past the listing cap. */
  setFiles(files: StagedFile[], unlisted: UnlistedFiles | null = null): void {
    const byCategory = zeroCategories();
    let staged = unlisted?.bytes ?? 0;
    for (const f of files) {
      byCategory[f.category] += f.bytes;
      staged += f.bytes;
    }
    for (const c of CATEGORIES) byCategory[c] += unlisted?.byCategory[c] ?? 0;
    const same = files.length === this.state.files.length && files.every((f, i) => {
      const o = this.state.files[i];
      return o.path === f.path && o.bytes === f.bytes && o.source === f.source && o.kind === f.kind && o.target === f.target;
    }) && JSON.stringify(unlisted) === JSON.stringify(this.state.unlisted);
    if (!same) this.set({ files, unlisted, stagedBytes: staged, byCategory });
  }

  addRecords(counts: { records: number; stats: number; history: number; exitCode: number | null }, logChangedAt: number | null, synced: boolean): void {
    const s = this.state;
    if (!counts.records && logChangedAt === s.logChangedAt && synced === s.synced) return;
    this.set({
      records: s.records + counts.records,
      statsRecords: s.statsRecords + counts.stats,
      historyRows: s.historyRows + counts.history,
      exitCode: counts.exitCode ?? s.exitCode,
      logChangedAt,
      synced,
    });
  }

  setProjected(projected: Projected[]): void {
    if (JSON.stringify(projected) !== JSON.stringify(this.state.projected)) this.set({ projected });
  }

  warn(cause: string, message: string): void {
    this.set({ warnings: addWarning(this.state.warnings, cause, message) });
  }
}
