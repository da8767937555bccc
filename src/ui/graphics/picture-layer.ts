// Pictures drawn over Ink's frame. Ink owns the text: the chart's cells are left blank, and
// after every frame Ink writes, the picture is put (back) on those cells — inside the frame's
// synchronized update when Ink uses one, so the terminal never shows the blank cells alone.
// Ink is handed a stand-in for stdout that does this; everything else goes to the real one.
import { atCell, iterm2Image, kittyDelete, kittyPlace, kittyTransmit, type Cells } from './escapes.js';
import type { Protocol } from './detect.js';

export interface Cell {
  row: number;
  col: number;
}

export interface Picture extends Cells {
  png: Uint8Array;
}

/** Where the picture's top-left cell is now (1-based), or null when it is not on screen. */
export type Locate = () => Cell | null;

export interface PictureLayerLike {
  show(picture: Picture, locate: Locate): void;
  hide(): void;
}

type Out = NodeJS.WriteStream;

const BSU = '\x1b[?2026h';
const ESU = '\x1b[?2026l';
// Clearing the screen deletes kitty's pictures: they must be sent again, not just placed.
const CLEARS = /\x1b\[[23]J/;

export class PictureLayer implements PictureLayerLike {
  readonly stdout: Out;
  private picture: Picture | null = null;
  private locate: Locate = () => null;
  /** The kitty image on screen (two ids alternate, so a new picture replaces the old without a gap). */
  private shownId: number | null = null;
  private sent = false;
  private iterm2: string | null = null;
  private inFrame = false;
  private readonly ids: [number, number];
  private waiting: NodeJS.Timeout | null = null;

  /**
   * `frameWaitMs`: how long a picture shown waits for the frame Ink is about to write (Ink writes
   * at most every 1000/maxFps ms, so the frame of the commit that asked for the picture can come
   * after the picture is ready: drawn at once, it would lie over the frame before). Without a
   * frame by then it is drawn anyway. 0: drawn at once.
   */
  constructor(private readonly out: Out, private readonly protocol: Protocol, seed = process.pid, private readonly frameWaitMs = 0) {
    const base = 0x4a000000 + ((seed & 0xffff) << 1);
    this.ids = [base, base + 1];
    const write = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('latin1');
      if (CLEARS.test(text)) this.sent = false;
      if (text === BSU) this.inFrame = true;
      if (text === ESU) {
        this.inFrame = false;
        this.draw();
      }
      const done = (out.write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
      // A bell does not touch the cells; lines and escape sequences may have.
      if (!this.inFrame && text !== ESU && (text.includes('\n') || text.includes('\x1b['))) this.draw();
      return done;
    };
    this.stdout = new Proxy(out, {
      get(target, key) {
        if (key === 'write') return write;
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  show(picture: Picture, locate: Locate): void {
    this.picture = picture;
    this.locate = locate;
    this.sent = false;
    this.iterm2 = this.protocol === 'iterm2' ? iterm2Image(picture.png, picture) : null;
    if (this.frameWaitMs <= 0) return this.draw();
    this.stopWaiting();
    this.waiting = setTimeout(() => this.draw(), this.frameWaitMs);
    this.waiting.unref();
  }

  private stopWaiting(): void {
    if (this.waiting) clearTimeout(this.waiting);
    this.waiting = null;
  }

  hide(): void {
    this.stopWaiting();
    if (!this.picture) return;
    this.picture = null;
    this.iterm2 = null;
    this.deleteShown();
  }

  private deleteShown(): void {
    if (this.shownId !== null) this.out.write(kittyDelete(this.shownId));
    this.shownId = null;
    this.sent = false;
  }

  /** What gives the terminal back its memory on the way out (written with the screen restore). */
  cleanup(): string {
    return this.protocol === 'kitty' ? this.ids.map(kittyDelete).join('') : '';
  }

  private draw(): void {
    this.stopWaiting();
    const p = this.picture;
    if (!p) return;
    const at = this.fits(this.locate(), p);
    if (!at) {
      this.deleteShown();
      return;
    }
    if (this.iterm2 !== null) {
      this.out.write(atCell(at.row, at.col, this.iterm2));
      return;
    }
    if (this.sent && this.shownId !== null) {
      this.out.write(atCell(at.row, at.col, kittyPlace(this.shownId, p)));
      return;
    }
    const old = this.shownId;
    const id = old === this.ids[0] ? this.ids[1] : this.ids[0];
    this.out.write(atCell(at.row, at.col, kittyTransmit(p.png, id, p)) + (old !== null ? kittyDelete(old) : ''));
    this.shownId = id;
    this.sent = true;
  }

  /** A picture that would cross the screen's edge is not drawn: terminals would scroll. */
  private fits(at: Cell | null, size: Cells): Cell | null {
    if (!at) return null;
    const rows = this.out.rows ?? 24;
    const cols = this.out.columns ?? 80;
    return at.row >= 1 && at.col >= 1 && at.row + size.rows - 1 < rows && at.col + size.cols - 1 <= cols ? at : null;
  }
}
