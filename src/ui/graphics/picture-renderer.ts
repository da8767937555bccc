// Between the chart that wants to be a picture and the layer that draws it: renders the PNG
// (one at a time, always the latest wish) and keeps the old picture up until the new one is ready.
import type { Panel } from '../../model/panels.js';
import type { Locate, PictureLayerLike } from './picture-layer.js';

export interface PictureRequest {
  panel: Panel;
  /** The chart's cells (the panel less its title line). */
  cols: number;
  rows: number;
  logY: boolean;
  ignoreOutliers: boolean;
  xMin: number | undefined;
  xMax: number | undefined;
  marker: number | null;
}

/** One chart's place on screen; the same slot asking again keeps its picture up meanwhile. */
export interface Slot {
  locate: Locate;
}

function sizeOf(r: PictureRequest): string {
  return `${r.cols}x${r.rows}`;
}

export type RenderPicture = (request: PictureRequest) => Promise<Uint8Array>;

export class PictureRenderer {
  private wanted: { request: PictureRequest; slot: Slot } | null = null;
  private shownSlot: Slot | null = null;
  /** cols x rows of the picture up now: a chart that changed size takes it down at once. */
  private shownSize = '';
  private busy = false;
  private failure: string | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly layer: PictureLayerLike, private readonly render: RenderPicture) {}

  offer(request: PictureRequest, slot: Slot): void {
    this.wanted = { request, slot };
    if (this.shownSlot && (this.shownSlot !== slot || this.shownSize !== sizeOf(request))) this.takeDown();
    void this.pump();
  }

  withdraw(slot: Slot): void {
    if (this.wanted?.slot === slot) this.wanted = null;
    // A chart that re-renders withdraws and offers again in one commit: only take the picture
    // down when nobody asked again by then.
    queueMicrotask(() => {
      if (this.shownSlot && this.wanted?.slot !== this.shownSlot) this.takeDown();
    });
  }

  /** Why pictures stopped (the canvas could not load or draw), or null. */
  getFailure = (): string | null => this.failure;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private takeDown(): void {
    this.layer.hide();
    this.shownSlot = null;
  }

  private async pump(): Promise<void> {
    const want = this.wanted;
    if (this.busy || !want || this.failure) return;
    this.busy = true;
    let png: Uint8Array | null = null;
    try {
      png = await this.render(want.request);
    } catch (err) {
      this.failure = err instanceof Error ? err.message : String(err);
      this.takeDown();
      for (const l of this.listeners) l();
    }
    this.busy = false;
    const now = this.wanted;
    if (png && now && now.slot === want.slot && sizeOf(now.request) === sizeOf(want.request)) {
      this.layer.show({ png, cols: want.request.cols, rows: want.request.rows }, want.slot.locate);
      this.shownSlot = want.slot;
      this.shownSize = sizeOf(want.request);
    }
    if (now && now !== want) void this.pump();
  }
}
