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

/** The process that uploads for the run (wandb-core, or the legacy Python backend), found by evidence. */
export interface UploaderRef {
  pid: number;
  /** Its process name (comm), raw: sanitise before output. */
  name: string;
  /** Why this process: "holds run-x.wandb open", "wandb-core --pid 1234 (the training)", … */
  evidence: string;
  /** ms on this machine's clock: when it started, where known. */
  startedAt: number | null;
}

/** Whether the uploader is running: not looked for (offline, or nothing to look at), found, or why not. */
export type UploaderStatus = 'not looked for' | 'alive' | 'not found' | 'gone' | 'another user';

/** The uploader's bytes on the wire (kernel TCP counters via ss). */
export interface WireState {
  /** Data bytes its connections to other machines had acknowledged; null: not measured. */
  sentBytes: number | null;
  rateBps: number | null;
  /** ms: since when its sockets were watched, when that was after it started (what closed before is not in sentBytes). */
  since: number | null;
  /** Why bytes on the wire are not (all) counted, in one line; null when they are. */
  note: string | null;
  openSockets: number;
  /** Connections that opened and closed between two samples, counted from their close event. */
  shortConnections: number;
}

export interface FailedUpload {
  /** Its name under files/ where the log gives it, else the path as logged (raw). */
  path: string;
  bytes: number | null;
  why: string;
}

/** What the uploader's log (logs/debug-internal.log) says about uploads. */
export interface UploadLog {
  /** wandb-core, the legacy Python backend, or null: no log read yet. */
  backend: 'core' | 'legacy' | null;
  version: string | null;
  /** Per file (legacy), as counts (wandb-core >= 0.25.1), or not at all (older wandb-core: never guessed). */
  tells: 'files' | 'counts' | 'nothing';
  /** Names under files/ the log says left (legacy; deduplicated ones too: the server had them). */
  uploaded: readonly string[];
  /** Other paths the log says left (artifact staging copies), raw. */
  uploadedOther: readonly string[];
  /** Files finished, from wandb-core's filestream requests. */
  uploadedCount: number;
  failed: readonly FailedUpload[];
  /** The uploader's stream says it finished its work (wandb-core). */
  finished: boolean;
  /** The training's pid (logs/debug.log) and a legacy backend's own (its log's first line). */
  trainingPid: number | null;
  serverPid: number | null;
}

/** An artifact the run logs: from an ArtifactRecord of its .wandb log, or expected from the callback. */
export interface ArtifactInfo {
  name: string;
  type: string;
  aliases: readonly string[];
  entries: readonly { path: string; size: number; digest: string; ref: string | null; localPath: string | null }[];
  /** What leaves: the entries' sizes, references (nothing uploaded) left out. */
  bytes: number;
  /** 'record': an ArtifactRecord of the .wandb log; 'expected': an online run logs it by request, which the log never holds. */
  source: 'record' | 'expected';
  /** The manifest was too big for the record (its own file, not read), or had more entries than are read. */
  note: string | null;
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
  /** The legacy backend writes a footer record once its uploads are done. */
  readonly footer: boolean;
  readonly synced: boolean;
  /** mtime of the .wandb file (ms), for "killed". */
  readonly logChangedAt: number | null;
  readonly projected: readonly Projected[];
  readonly artifacts: readonly ArtifactInfo[];
  readonly uploader: UploaderRef | null;
  readonly uploaderStatus: UploaderStatus;
  /** Why the uploader is not found or not watched, in a few words; null when there is nothing to say. */
  readonly uploaderNote: string | null;
  readonly wire: WireState;
  /** The bytes sent over time (ms, bytes), thinned to a bounded length: the chart's "sent" line. */
  readonly sentHistory: readonly { at: number; bytes: number }[];
  readonly uploads: UploadLog;
  readonly warnings: readonly Warning[];
}

export const KILLED_AFTER_MS = 10 * 60 * 1000;

export const NO_WIRE: WireState = { sentBytes: null, rateBps: null, since: null, note: null, openSockets: 0, shortConnections: 0 };
export const NO_UPLOAD_LOG: UploadLog = { backend: null, version: null, tells: 'nothing', uploaded: [], uploadedOther: [], uploadedCount: 0, failed: [], finished: false, trainingPid: null, serverPid: null };

export function emptyEgress(lookedIn: string[] = []): EgressState {
  return {
    version: 0, lookedIn, run: null, candidates: [], files: [], unlisted: null, stagedBytes: 0, byCategory: zeroCategories(), statsRecords: 0, historyRows: 0, records: 0,
    exitCode: null, footer: false, synced: false, logChangedAt: null, projected: [], artifacts: [], uploader: null, uploaderStatus: 'not looked for', uploaderNote: null,
    wire: NO_WIRE, sentHistory: [], uploads: NO_UPLOAD_LOG, warnings: [],
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

export function artifactBytes(s: Pick<EgressState, 'artifacts'>): number {
  return s.artifacts.reduce((n, a) => n + a.bytes, 0);
}

/** What one pass of the reader found; a field left out did not change. */
export interface EgressPatch {
  /** The run matched now (a change of run starts the ledger afresh). */
  run?: { run: WandbRunRef | null; lookedIn: string[]; candidates: WandbCandidate[] };
  /** Everything under files/ now (a file gone is gone): those listed, and those past the listing cap. */
  files?: StagedFile[];
  unlisted?: UnlistedFiles | null;
  /** Records read from the .wandb log since the last pass, and its state. */
  records?: { records: number; stats: number; history: number; exitCode: number | null; footer: boolean; logChangedAt: number | null; synced: boolean };
  projected?: Projected[];
  artifacts?: ArtifactInfo[];
  uploader?: { ref: UploaderRef | null; status: UploaderStatus; note: string | null };
  wire?: WireState;
  uploads?: UploadLog;
  /** Problems met in this pass, each an occurrence (a lasting condition is told once, when it starts). */
  warnings?: { cause: string; message: string }[];
}

/** The chart's sent line keeps at most this many points: the oldest half is thinned when it is full. */
const MAX_SENT_POINTS = 1000;

function withSent(history: readonly { at: number; bytes: number }[], at: number, bytes: number | null): readonly { at: number; bytes: number }[] {
  if (bytes === null || history.at(-1)?.bytes === bytes) return history;
  let next = [...history, { at, bytes }];
  if (next.length > MAX_SENT_POINTS) {
    const half = next.length >> 1;
    next = [...next.slice(0, half).filter((_, i) => i % 2 === 0), ...next.slice(half)];
  }
  return next;
}

/** Shallow equality of two plain values through JSON (the patches are small, plain objects). */
const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

export class EgressStore {
  private state: EgressState;
  private readonly notifier = new Notifier();
  readonly subscribe = this.notifier.subscribe;

  constructor(lookedIn: string[] = [], private readonly clock: () => number = Date.now) {
    this.state = emptyEgress(lookedIn);
  }

  get snapshot(): EgressState {
    return this.state;
  }

  /** Takes one pass's findings and publishes one snapshot, only when something changed. */
  update(p: EgressPatch): void {
    const before = this.state;
    let s: EgressState = before;
    const set = (patch: Partial<EgressState>) => (s = { ...s, ...patch });
    if (p.run) {
      const { run, lookedIn, candidates } = p.run;
      if (run?.dir !== s.run?.dir) s = { ...emptyEgress(lookedIn), run, candidates, warnings: s.warnings };
      else if (!same([run, lookedIn, candidates.map((c) => [c.dir, c.caveat ?? null])], [s.run, s.lookedIn, s.candidates.map((c) => [c.dir, c.caveat ?? null])])) set({ run, lookedIn, candidates });
    }
    const unlisted = p.unlisted ?? null;
    if (p.files && (!sameFiles(p.files, s.files) || !same(unlisted, s.unlisted))) {
      const byCategory = zeroCategories();
      let staged = unlisted?.bytes ?? 0;
      for (const f of p.files) {
        byCategory[f.category] += f.bytes;
        staged += f.bytes;
      }
      for (const c of CATEGORIES) byCategory[c] += unlisted?.byCategory[c] ?? 0;
      set({ files: p.files, unlisted, stagedBytes: staged, byCategory });
    }
    const r = p.records;
    if (r && (r.records || r.logChangedAt !== s.logChangedAt || r.synced !== s.synced || r.footer !== s.footer)) {
      set({
        records: s.records + r.records,
        statsRecords: s.statsRecords + r.stats,
        historyRows: s.historyRows + r.history,
        exitCode: r.exitCode ?? s.exitCode,
        footer: r.footer,
        logChangedAt: r.logChangedAt,
        synced: r.synced,
      });
    }
    if (p.projected && !same(p.projected, s.projected)) set({ projected: p.projected });
    if (p.artifacts && !same(p.artifacts, s.artifacts)) set({ artifacts: p.artifacts });
    if (p.uploader && !same(p.uploader, { ref: s.uploader, status: s.uploaderStatus, note: s.uploaderNote })) {
      set({ uploader: p.uploader.ref, uploaderStatus: p.uploader.status, uploaderNote: p.uploader.note });
    }
    if (p.wire && !same(p.wire, s.wire)) set({ wire: p.wire, sentHistory: withSent(s.sentHistory, this.clock(), p.wire.sentBytes) });
    if (p.uploads && !same(p.uploads, s.uploads)) set({ uploads: p.uploads });
    for (const w of p.warnings ?? []) set({ warnings: addWarning(s.warnings, w.cause, w.message) });
    if (s === before) return;
    this.state = { ...s, version: before.version + 1 };
    this.notifier.changed();
  }
}

function sameFiles(a: readonly StagedFile[], b: readonly StagedFile[]): boolean {
  return a.length === b.length && a.every((f, i) => {
    const o = b[i];
    return o.path === f.path && o.bytes === f.bytes && o.source === f.source && o.kind === f.kind && o.target === f.target;
  });
}
