// The run store for a TensorBoard run (an SB3 PPO_N folder, or any folder of event files):
// scalar series per tag in bounded memory, plus what was skipped and why.
import type { DecodedEvent, ValueKind } from '../sources/tensorboard/event-types.js';
import type { ScalarColumns, TagGroups } from '../sources/tensorboard/scalar-batch.js';
import { ScalarSeries } from './scalar-series.js';
import { baseName } from './run-store.js';
import { Notifier } from './notifier.js';
import { addWarning, setWarning, type Warning } from './warnings.js';
import type { WandbLink } from '../discover/wandb-link.js';
import type { ScalarSink } from './record-stream.js';
import { plausibleWallTime } from '../sources/time-bounds.js';

type SkippedKind = Exclude<ValueKind, 'scalar' | 'tensor-scalar'>;

export interface TbFile {
  name: string;
  bytes: number;
  records: number;
  problem: string | null;
}

export interface TbState {
  readonly format: 'tensorboard';
  readonly version: number;
  readonly runDir: string;
  readonly label: string;
  readonly exists: boolean;
  /** Series are updated in place; `version` says when. */
  readonly tags: ReadonlyMap<string, ScalarSeries>;
  readonly plugins: ReadonlyMap<string, string>;
  readonly records: number;
  /** Values not drawn, by kind (images, histograms, audio, non-scalar tensors, hparams with no value). */
  readonly skipped: Readonly<Record<SkippedKind, number>>;
  readonly files: readonly TbFile[];
  /** The least and greatest plausible wall time of the records (seconds, the writer's clock). */
  readonly firstWallTime: number | null;
  readonly lastWallTime: number | null;
  readonly maxStep: number | null;
  /** Last time an event file changed, by its file time, ms on this machine's clock. */
  readonly lastChangeAt: number | null;
  /** When the tool first read the run (ms). */
  readonly openedAt: number | null;
  /** When the tool last saw the run grow (records arriving while it watched), ms; null: never. */
  readonly grewAt: number | null;
  /** The wandb run that syncs this training, if any (null: nothing leaves the box). */
  readonly wandb: WandbLink | null;
  readonly warnings: readonly Warning[];
}

/** What a batch value's kind (scalar-batch.ts) counts as when passed over, by kind number. */
const SKIP_BY_KIND: readonly SkippedKind[] = ['tensor', 'tensor', 'image', 'histogram', 'audio', 'empty'];
const K_SCALAR = 0;
const K_TENSOR_SCALAR = 1;

const NO_SKIPS = { image: 0, histogram: 0, audio: 0, tensor: 0, empty: 0 };

export function emptyTb(runDir: string, label = baseName(runDir)): TbState {
  return {
    format: 'tensorboard', version: 0, runDir, label, exists: false, tags: new Map(), plugins: new Map(), records: 0,
    skipped: { ...NO_SKIPS }, files: [], firstWallTime: null, lastWallTime: null, maxStep: null, lastChangeAt: null, openedAt: null, grewAt: null, wandb: null, warnings: [],
  };
}

export class TbStore {
  private state: TbState;
  private tags = new Map<string, ScalarSeries>();
  private plugins = new Map<string, string>();
  private pending: Partial<TbState> | null = null;
  private readonly notifier = new Notifier(() => this.publish());
  readonly subscribe = this.notifier.subscribe;
  // Plain numbers, NaN for none yet: a number|null field would box each new wall time.
  private records = 0;
  private skips = { ...NO_SKIPS };
  private firstWall = NaN;
  private lastWall = NaN;
  private topStep = NaN;
  /** Records whose wall time no clock could have written (inf, 1e13, negative): their time is not used. */
  private badWalls = 0;
  private badWallsTold = 0;
  /** Series by a batch's tag id, for the tag texts `byIdOf` (one decoder's): no Map lookup per value. */
  private byId: (ScalarSeries | undefined)[] = [];
  private byIdOf: readonly string[] | null = null;
  /** group()'s scratch: values per tag id, the groups, whether each value is a scalar. */
  private count = new Int32Array(0);
  private groups: TagGroups = { count: 0, id: new Int32Array(0), from: new Int32Array(0), to: new Int32Array(0), order: new Int32Array(0) };
  private keep = new Uint8Array(0);

  constructor(runDir: string, label?: string, private readonly maxBuckets?: number) {
    this.state = { ...emptyTb(runDir, label), tags: this.tags, plugins: this.plugins };
  }

  get snapshot(): TbState {
    return this.state;
  }

  /** Changes across awaits, told once at the end (the reader's pass: records, then file facts). */
  updateAsync(fn: () => Promise<void>): Promise<void> {
    return this.notifier.batchAsync(fn);
  }

  update(fn: () => void): void {
    this.notifier.batch(fn);
  }

  /** Publishes what a long pass has read so far (the screen fills in while a big file is read). */
  progress(): void {
    this.notifier.progress();
  }

  /** Patches wait, merged, until the listeners are told: inside update() that is once, at its end. */
  private set(patch: Partial<TbState>): void {
    this.pending = this.pending ? Object.assign(this.pending, patch) : { ...patch };
    this.notifier.changed();
  }

  private publish(): void {
    const some = (x: number) => (Number.isNaN(x) ? null : x);
    if (this.badWalls !== this.badWallsTold) {
      this.badWallsTold = this.badWalls;
      const warnings = setWarning(this.warnings(), 'wall-time', `${this.badWalls} record(s) with a wall_time no clock could have written (not between 2000 and 2100): their times are not used`);
      this.pending = { ...this.pending, warnings };
    }
    this.state = {
      ...this.state, ...this.pending, version: this.state.version + 1, records: this.records, skipped: { ...this.skips },
      firstWallTime: some(this.firstWall), lastWallTime: some(this.lastWall), maxStep: some(this.topStep),
    };
    this.pending = null;
  }

  setExists(exists: boolean, lastChangeAt: number | null): void {
    if (exists !== this.state.exists || lastChangeAt !== this.state.lastChangeAt) this.set({ exists, lastChangeAt });
  }

  setOpenedAt(openedAt: number): void {
    if ((this.pending?.openedAt ?? this.state.openedAt) === null) this.set({ openedAt });
  }

  /** The tool saw the run grow at `at` (this machine's clock). */
  setGrewAt(at: number): void {
    const was = this.pending?.grewAt ?? this.state.grewAt;
    if (was === null || was === undefined || at > was) this.set({ grewAt: at });
  }

  setWandb(wandb: WandbLink | null): void {
    if (JSON.stringify(wandb) !== JSON.stringify(this.state.wandb)) this.set({ wandb });
  }

  setFiles(files: TbFile[]): void {
    this.set({ files });
  }

  warn(cause: string, message: string): void {
    this.set({ warnings: addWarning(this.warnings(), cause, message) });
  }

  /** The warnings with those not yet published: two in one update must both be kept. */
  private warnings(): readonly Warning[] {
    return this.pending?.warnings ?? this.state.warnings;
  }

  /**
   * One event. Its values are copied, never kept: the decoder reuses them. Inside update(),
   * the snapshot is published once at the end, however many events came. The scalars it takes
   * are also told to `taken` when given (a stream gets every point).
   */
  addEvent(e: DecodedEvent, taken?: ScalarSink): void {
    this.records += 1;
    let wall = e.wallTime;
    if (plausibleWallTime(wall)) {
      // Comparisons with NaN are false: the first one is taken.
      if (!(wall >= this.firstWall)) this.firstWall = wall;
      if (!(wall <= this.lastWall)) this.lastWall = wall;
    } else {
      // 0: none written (proto3 leaves it out).
      if (wall !== 0) this.badWalls += 1;
      wall = NaN;
    }
    const values = e.values;
    if (values) {
      const step = e.step;
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (v.plugin) this.plugins.set(v.tag, v.plugin);
        if (v.kind !== 'scalar' && !this.isScalar(v.tag, v.kind)) {
          // A rank-0 tensor of another plugin counts as a tensor.
          this.skips[v.kind === 'tensor-scalar' ? 'tensor' : v.kind] += 1;
          continue;
        }
        let series = this.tags.get(v.tag);
        if (!series) {
          series = new ScalarSeries(this.maxBuckets);
          this.tags.set(v.tag, series);
        }
        series.push(step, v.value);
        taken?.(v.tag, step, v.value, wall);
        if (!(step <= this.topStep)) this.topStep = step;
      }
    }
    this.notifier.changed();
  }

  /**
   * A batch of records, as addEvent would take them one by one (none has plugin metadata). The
   * scalars of records at file offsets from `freshFrom` on are also told to `taken`, in order.
   */
  addBatch(b: ScalarColumns, taken?: ScalarSink, freshFrom = 0): void {
    if (b.records === 0) return;
    this.records += b.records;
    this.badWalls += b.badWalls;
    // NaN: no record of the batch had a plausible wall time.
    if (b.minWall > 0 && !(b.minWall >= this.firstWall)) this.firstWall = b.minWall;
    if (b.maxWall > 0 && !(b.maxWall <= this.lastWall)) this.lastWall = b.maxWall;
    if (this.byIdOf !== b.tags) {
      this.byIdOf = b.tags;
      this.byId = [];
    }
    const { tags, tagId, step, value } = b;
    // Each series gets its values in one call, in batch order.
    const groups = b.groups ?? this.group(b);
    const { id, from, to, order } = groups;
    let top = this.topStep;
    for (let k = 0; k < groups.count; k++) {
      this.seriesOf(id[k], tags).pushMany(step, value, order, from[k], to[k]);
      for (let j = from[k]; j < to[k]; j++) {
        const s = step[order[j]];
        if (!(s <= top)) top = s;
      }
    }
    this.topStep = top;
    if (taken) {
      const keep = b.kind ? this.keep : null;
      for (let i = 0; i < b.n; i++) {
        if ((keep === null || keep[i]) && b.offset[i] >= freshFrom) taken(tags[tagId[i]], step[i], value[i], plausibleWallTime(b.wallTime[i]) ? b.wallTime[i] : NaN);
      }
    }
    this.notifier.changed();
  }

  private seriesOf(id: number, tags: readonly string[]): ScalarSeries {
    let series = this.byId[id];
    if (series === undefined) {
      const tag = tags[id];
      series = this.tags.get(tag);
      if (!series) {
        series = new ScalarSeries(this.maxBuckets);
        this.tags.set(tag, series);
      }
      this.byId[id] = series;
    }
    return series;
  }

  /** The batch's scalars by tag (kinds passed over are counted, and left out of `keep`). */
  private group(b: ScalarColumns): TagGroups {
    const { tags, tagId, kind, n } = b;
    const need = Math.max(tags.length, 64);
    const g = this.groups;
    if (g.id.length < need) {
      this.count = new Int32Array(need);
      this.groups = { count: 0, id: new Int32Array(need), from: new Int32Array(need), to: new Int32Array(need), order: g.order };
    }
    if (this.groups.order.length < n) this.groups.order = new Int32Array(n);
    if (this.keep.length < n) this.keep = new Uint8Array(n);
    const { count, keep, groups } = this;
    const { id, from, to, order } = groups;
    // count is all zeros between batches.
    let c = 0;
    for (let i = 0; i < n; i++) {
      const k = kind === null ? K_SCALAR : kind[i];
      const t = tagId[i];
      if (k !== K_SCALAR && !(k === K_TENSOR_SCALAR && this.isScalar(tags[t], 'tensor-scalar'))) {
        this.skips[SKIP_BY_KIND[k]] += 1;
        keep[i] = 0;
        continue;
      }
      keep[i] = 1;
      if (count[t]++ === 0) id[c++] = t;
    }
    let at = 0;
    for (let k = 0; k < c; k++) {
      from[k] = at;
      at += count[id[k]];
      to[k] = at;
      count[id[k]] = from[k];
    }
    for (let i = 0; i < n; i++) if (keep[i]) order[count[tagId[i]]++] = i;
    for (let k = 0; k < c; k++) count[id[k]] = 0;
    groups.count = c;
    return groups;
  }

  /** Everything will be read again (an event file was truncated or replaced). */
  restart(reason: string): void {
    this.tags = new Map();
    this.byId = [];
    this.byIdOf = null;
    this.plugins = new Map();
    this.records = 0;
    this.skips = { ...NO_SKIPS };
    this.firstWall = NaN;
    this.lastWall = NaN;
    this.topStep = NaN;
    this.badWalls = 0;
    this.badWallsTold = 0;
    this.set({
      ...emptyTb(this.state.runDir, this.state.label), tags: this.tags, plugins: this.plugins, openedAt: this.pending?.openedAt ?? this.state.openedAt,
      warnings: addWarning(this.warnings(), 'file-reset', reason),
    });
  }

  private isScalar(tag: string, kind: ValueKind): boolean {
    if (kind !== 'tensor-scalar') return kind === 'scalar';
    // A rank-0 numeric tensor is a scalar unless its tag belongs to another plugin.
    const plugin = this.plugins.get(tag);
    return plugin === undefined || plugin === 'scalars';
  }
}
