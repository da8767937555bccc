// The uploader of one wandb run over time: looked for (uploader-finder.ts) on the reader's passes
// while the run is online and may still upload, then, while it lives, its bytes on the wire
// (wire-watch.ts), until it ends. Looks are spaced: when the run's logs changed, first 3 s apart,
// each miss doubling the gap up to a minute (a run whose uploader is on another machine costs a
// scan a minute); a minute apart while the run may still be going and its log is quiet; not again
// once the run has ended and been looked at. Nothing runs for an offline or synced run.
import { NO_WIRE, type EgressPatch, type WireState } from '../../model/egress.js';
import { formatWhen } from '../../model/run-summary.js';
import type { RunFs } from '../fs/run-fs.js';
import { findUploader, type UploaderFound, type UploaderHints } from './uploader-finder.js';
import { WireWatch } from './wire-watch.js';

const FIRST_GAP_MS = 3000;
const MAX_GAP_MS = 60_000;
/**
 * The sent figure is shown at once while an upload moves (this much more since it was last
 * shown, or a rate of BUSY_BPS, and once more as it stops); an idle uploader's trickle (a stream
 * request every 15 s) once a minute: a redraw costs tens of ms.
 */
const SHOW_GROWTH_BYTES = 64 << 10;
const SHOW_EVERY_MS = 60_000;
const BUSY_BPS = 10_000;

export interface LookInput {
  /** Following (start()), or reading once: one sample of its sockets then. */
  live: boolean;
  /** An online run, not synced: the only kind with an uploader to look for. */
  wanted: boolean;
  /** The run has ended (its exit record is written). */
  ended: boolean;
  /** Changes whenever the run's .wandb log or its uploader's log did: an uploader at work writes both. */
  activity: string;
  hints: UploaderHints;
}

const NOT_LOOKED: UploaderFound = { ref: null, status: 'not looked for', note: null, startTicks: null };

export class UploaderTrack {
  private found: UploaderFound = NOT_LOOKED;
  private watch: WireWatch | null = null;
  /** The wire as the last watch (or a one-shot sample) left it. */
  private wire: WireState = NO_WIRE;
  /** What was last published of the wire, and when. */
  private shown: { wire: WireState; at: number } = { wire: NO_WIRE, at: 0 };
  private lookedAt: number | null = null;
  private lookedActivity: string | null = null;
  /** The least time to the next look: doubles on each miss. */
  private gap = FIRST_GAP_MS;
  private looking = false;
  private stopped = false;

  /** `changed(ended)`: the wire or the uploader's life moved on between passes (publish; look again when it ended). */
  constructor(
    private readonly fs: RunFs,
    private readonly logPath: string,
    private readonly changed: (ended: boolean) => void,
    private readonly clock: () => number,
  ) {}

  /** What there is to publish now: the uploader, and the wire as it is due to be shown. */
  patch(): Required<Pick<EgressPatch, 'uploader' | 'wire'>> {
    const { ref, status, note } = this.found;
    return { uploader: { ref, status, note }, wire: this.wireShown() };
  }

  private wireShown(): WireState {
    const now = this.clock();
    const w = this.current();
    const was = this.shown.wire;
    const busy = (x: WireState) => (x.rateBps ?? 0) >= BUSY_BPS;
    const due =
      this.watch === null || this.watch.ended || w.note !== was.note || (w.sentBytes === null) !== (was.sentBytes === null) ||
      (w.sentBytes ?? 0) - (was.sentBytes ?? 0) >= SHOW_GROWTH_BYTES || busy(w) || busy(was) || now - this.shown.at >= SHOW_EVERY_MS;
    if (due) this.shown = { wire: w, at: now };
    return this.shown.wire;
  }

  /** The watch's figures, on top of what earlier uploaders of the run sent (a resumed run starts another). */
  private current(): WireState {
    if (!this.watch) return this.wire;
    const w = this.watch.state;
    return this.wire.sentBytes === null ? w : { ...w, sentBytes: this.wire.sentBytes + (w.sentBytes ?? 0) };
  }

  private due(i: LookInput): boolean {
    if (this.lookedAt === null) return true;
    const since = this.clock() - this.lookedAt;
    if (since < this.gap) return false;
    if (i.activity !== this.lookedActivity) return true;
    return !i.ended && since >= MAX_GAP_MS;
  }

  /**
   * Called on each pass of the reader. Following, the pass does not wait for it (a scan takes a
   * while): what it finds is published through `changed` when it is done.
   */
  async look(i: LookInput): Promise<void> {
    if (this.stopped || this.looking) return;
    this.looking = true;
    try {
      const before = this.found;
      await this.lookNow(i);
      if (i.live && this.found !== before) this.changed(false);
    } finally {
      this.looking = false;
    }
  }

  private async lookNow(i: LookInput): Promise<void> {
    if (!i.wanted) {
      this.end();
      this.found = NOT_LOOKED;
      return;
    }
    if (this.watch && !this.watch.ended) return;
    // Gone: looked for again only when its log moves on (a resumed run starts another).
    if (this.found.status === 'gone' && i.activity === this.lookedActivity) return;
    if (!this.due(i)) return;
    this.lookedAt = this.clock();
    this.lookedActivity = i.activity;
    const found = await findUploader(this.fs, this.logPath, i.hints, this.clock());
    this.gap = found.status === 'alive' ? FIRST_GAP_MS : Math.min(MAX_GAP_MS, this.gap * 2);
    if (this.stopped || (found.status !== 'alive' && this.found.status === 'gone')) return;
    this.found = found;
    if (found.status !== 'alive' || found.ref === null || found.startTicks === null) return;
    this.end();
    if (!i.live) {
      const w = await WireWatch.once(this.fs, found.ref.pid, found.startTicks, this.clock);
      this.wire = { ...w, sentBytes: w.sentBytes === null ? this.wire.sentBytes : (this.wire.sentBytes ?? 0) + w.sentBytes };
      return;
    }
    const ref = found.ref;
    const watch = new WireWatch(this.fs, ref.pid, found.startTicks, () => {
      if (watch.ended && this.found.ref === ref) this.found = { ref: null, status: 'gone', note: `${ref.name} (pid ${ref.pid}) ended ${formatWhen(this.clock())}`, startTicks: null };
      this.changed(watch.ended);
    }, this.clock);
    this.watch = watch;
    watch.start(ref.startedAt);
  }

  /** The watch is done with: its figures are kept, its processes ended. */
  private end(): void {
    if (!this.watch) return;
    this.wire = this.current();
    this.watch.stop();
    this.watch = null;
  }

  stop(): void {
    this.stopped = true;
    this.end();
  }
}
