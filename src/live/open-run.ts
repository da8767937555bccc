// One place that opens a run's readers: the reader of its own files (results.csv, event files, or
// a wandb folder's egress) and the egress reader of its wandb counterpart. The live session and
// the one-shot faces (--once, --json, audit, export) open runs here, and find a followed
// folder's newest run here, so they all see the same run under the same name.
import { followedLabel, newestRun, RUN_SEARCH_DEPTH, runTarget, type FollowTarget, type RunTarget, type Target } from '../discover/targets.js';
import type { EgressState } from '../model/egress.js';
import type { RecordSink } from '../model/record-stream.js';
import { emptyRun } from '../model/run-store.js';
import type { AnyRun } from '../model/session.js';
import { emptyTb } from '../model/tb-store.js';
import { EgressReader, type EgressOptions } from './egress-reader.js';
import { TensorboardReader } from './tensorboard-reader.js';
import { UltralyticsReader } from './ultralytics-reader.js';
import { WandbFolderReader } from './wandb-folder-reader.js';

export interface Reader {
  readonly store: { subscribe(l: () => void): () => void; readonly snapshot: AnyRun };
  sync(live: boolean): Promise<void>;
  /** Called every tick after a sync: time-based work (accepting a quiet unterminated line). */
  idle?(): void;
  /** Characters of an unfinished last line that idle() may take once the file is quiet. */
  readonly pendingLength?: number;
  /** End of input (snapshot mode): accept whatever complete data is still pending. */
  finish(): void;
  /** No more reading: a long read under way ends at its next chunk (quitting does not wait for it). */
  stop?(): void;
}

export interface OpenOptions {
  clock?: () => number;
  /** Where wandb folders are looked for; null: no egress reader (export reads the training's own files). */
  egress?: EgressOptions | null;
  /** Every record the readers decode, for a stream or an export. */
  records?: RecordSink | null;
}

export interface OpenedRun {
  readonly target: RunTarget;
  readonly reader: Reader;
  /** What its wandb counterpart stages (a wandb folder's own run); null for TensorBoard runs or without egress options. */
  readonly egress: EgressReader | null;
  /** Reads the run and its egress once each. */
  sync(live: boolean): Promise<void>;
}

export const NO_EGRESS_OPTIONS: EgressOptions = { wandbDir: null, env: process.env.WANDB_DIR };

/** What a run is called wherever it is shown: its host first when it is not on this machine. */
function shownLabel(t: RunTarget): string {
  return t.fs.host === null ? t.label : `${t.fs.host}:${t.label}`;
}

export function openRun(t: RunTarget, o: OpenOptions = {}): OpenedRun {
  const clock = o.clock ?? Date.now;
  const sink = o.records ?? null;
  const label = shownLabel(t);
  switch (t.format) {
    case 'ultralytics': {
      const reader = new UltralyticsReader({ fs: t.fs, runDir: t.runDir, csvPath: t.csvPath, label }, clock, sink);
      const egress = o.egress ? new EgressReader({ kind: 'training', fs: t.fs, runDir: t.runDir }, o.egress, clock) : null;
      return { target: t, reader, egress, sync: async (live) => void (await Promise.all([reader.sync(live), egress?.sync()])) };
    }
    case 'tensorboard': {
      const reader = new TensorboardReader({ fs: t.fs, runDir: t.runDir, file: t.file, label }, sink);
      return { target: t, reader, egress: null, sync: () => reader.sync() };
    }
    case 'wandb': {
      // The folder is its egress: one reader, read once.
      const egress = new EgressReader({ kind: 'wandb', fs: t.fs, dir: t.runDir }, o.egress ?? NO_EGRESS_OPTIONS, clock);
      const reader = new WandbFolderReader(t.runDir, label, egress);
      return { target: t, reader, egress, sync: () => reader.sync() };
    }
  }
}

/** A run read once, to its end: what --once, --json, audit and export show. */
export async function readOnce(t: RunTarget, egress: EgressOptions | null): Promise<{ run: AnyRun; egress: EgressState | null }> {
  const opened = openRun(t, { egress });
  await opened.sync(false);
  opened.reader.finish();
  return { run: opened.reader.store.snapshot, egress: opened.egress?.store.snapshot ?? null };
}

/** The newest run at or under a followed folder (null: none yet). */
export async function followedRun(t: FollowTarget): Promise<RunTarget | null> {
  const newest = await newestRun(t.fs, t.root, t.formats);
  return newest ? runTarget(t.fs, newest, followedLabel(t, newest.dir)) : null;
}

/** The run a target is now: itself, or the newest under a followed folder. */
export function currentRun(t: Target): Promise<RunTarget | null> {
  return t.kind === 'run' ? Promise.resolve(t) : followedRun(t);
}

/** What a session shows before its run is read: an empty run of the kind it waits for. */
export function emptyRunOf(t: Target): AnyRun {
  const root = t.kind === 'run' ? t.runDir : t.root;
  return (t.kind === 'run' ? t.format : t.formats[0]) === 'tensorboard' ? emptyTb(root) : emptyRun(root);
}

/** Folder levels watched under a target: a followed folder to the depth runs are looked for, a run folder (and its weights/) itself. */
export function watchDepth(t: Target): number {
  if (t.kind === 'follow') return RUN_SEARCH_DEPTH + 1;
  return t.format === 'ultralytics' ? 1 : 0;
}
