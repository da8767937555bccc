// Between what wants to be a picture (the focused chart, a staged image) and the layer that
// draws it: renders the PNG (one at a time, always the latest wish) and keeps the old picture up
// until the new one is ready.
import { Notifier } from '../../model/notifier.js';
import type { Panel } from '../../model/panels.js';
import type { Locate, Picture, PictureLayerLike } from './picture-layer.js';

/** The cells a picture may take. */
interface Area {
  cols: number;
  rows: number;
}

export interface ChartRequest extends Area {
  kind: 'chart';
  panel: Panel;
  logY: boolean;
  ignoreOutliers: boolean;
  xMin: number | undefined;
  xMax: number | undefined;
  marker: number | null;
}

/** An image file, fitted into the area with its own aspect. */
export interface FileRequest extends Area {
  kind: 'file';
  path: string;
}

export type PictureRequest = ChartRequest | FileRequest;

/** One place on screen; the same slot asking again keeps its picture up meanwhile. */
export interface Slot {
  locate: Locate;
}

function sizeOf(r: Area): string {
  return `${r.cols}x${r.rows}`;
}

/** The picture for a request: its PNG and the cells it takes (at most the request's). */
export type RenderPicture = (request: PictureRequest) => Promise<Picture>;

export class PictureRenderer {
  private wanted: { request: PictureRequest; slot: Slot } | null = null;
  private shownSlot: Slot | null = null;
  /** cols x rows of the picture up now: a chart that changed size takes it down at once. */
  private shownSize = '';
  private busy = false;
  private failure: string | null = null;
  private readonly failedFiles = new Map<string, string>();
  private readonly notifier = new Notifier();

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

  /** Why this image file could not be shown as a picture, or null. */
  fileFailure = (path: string): string | null => this.failedFiles.get(path) ?? null;

  readonly subscribe = this.notifier.subscribe;

  private takeDown(): void {
    this.layer.hide();
    this.shownSlot = null;
  }

  private async pump(): Promise<void> {
    const want = this.wanted;
    if (this.busy || !want || this.failure) return;
    this.busy = true;
    let picture: Picture | null = null;
    try {
      picture = await this.render(want.request);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // A file that will not decode is that file's problem; a chart that cannot be drawn means
      // the canvas does not work here, and pictures stop.
      if (want.request.kind === 'file') this.failedFiles.set(want.request.path, message);
      else {
        this.failure = message;
        this.takeDown();
      }
      this.notifier.changed();
    }
    this.busy = false;
    const now = this.wanted;
    if (picture && now && now.slot === want.slot && sizeOf(now.request) === sizeOf(want.request)) {
      this.layer.show(picture, want.slot.locate);
      this.shownSlot = want.slot;
      this.shownSize = sizeOf(want.request);
    }
    if (now && now !== want) void this.pump();
  }
}
