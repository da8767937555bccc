// The TUI's own view settings and how each key action changes them. Pure.
import type { Action, Overlay } from './keys.js';

export type EgressSort = 'bytes' | 'time';

export interface ViewState {
  overlay: Overlay | null;
  smooth: boolean;
  ignoreOutliers: boolean;
  /** Focus keys (`<pane>:<panel id>`) of the charts shown with a log y axis. */
  logY: readonly string[];
  /** The focused chart's key; null: the first there is. Kept by key, so a chart appearing never moves it. */
  focus: string | null;
  /** The share of the x range shown, ending at the latest point: 1 is the whole run. */
  xShare: number;
  egressSort: EgressSort;
  egressSelected: number;
  /** `c`: the W&B run selected among those that may be the training's. */
  candidateSelected: number;
  /** `i`: the focused chart drawn as a picture where the terminal can. */
  picture: boolean;
  /** One line answering a key that had nothing to act on (e without a wandb run); the next key clears it. */
  note: string | null;
}

export const INITIAL_VIEW: ViewState = {
  overlay: null, smooth: false, ignoreOutliers: false, logY: [], focus: null, xShare: 1,
  egressSort: 'bytes', egressSelected: 0, candidateSelected: 0, picture: false, note: null,
};

/** What the keys need to know of the screen (the screen model makes it). */
export interface ViewContext {
  /** Every chart's focus key, in `tab` order. */
  focusKeys: readonly string[];
  /** Files in the list `e` opens; null: there is no wandb run to list (whyNot.files says so). */
  files: number | null;
  /** Whether the row at `row` of the file list sorted by `sort` is an image `p` can show. */
  isImage(sort: EgressSort, row: number): boolean;
  /** Rows of the W&B run list (`c`): the candidates, and taking back a pick. */
  choices: number;
  /** Why `e` or `c` have nothing to open. */
  whyNot: { files: string; candidates: string };
}

const MIN_SHARE = 1 / 64;
/** The narrowest x range `←` goes to, in epochs (or steps). */
const MIN_SPAN = 4;

/** The focused chart: the one stored while it is there, else the first of its pane, else the first. */
export function focusOf(focus: string | null, keys: readonly string[]): string | null {
  if (focus !== null && keys.includes(focus)) return focus;
  const pane = focus?.slice(0, focus.indexOf(':') + 1);
  return (pane ? keys.find((k) => k.startsWith(pane)) : undefined) ?? keys[0] ?? null;
}

const clamp = (n: number, count: number) => Math.max(0, Math.min(count - 1, n));

export function reduceView(view: ViewState, action: Action, ctx: ViewContext): ViewState {
  const v = view.note === null ? view : { ...view, note: null };
  const note = (text: string) => ({ ...v, note: text });
  const toggle = (overlay: Overlay) => ({ ...v, overlay: v.overlay === overlay ? null : overlay });
  switch (action) {
    case 'help': return toggle('help');
    case 'gpu': return toggle('gpu');
    case 'egress':
      if (v.overlay === 'files' || v.overlay === 'preview') return { ...v, overlay: null };
      return ctx.files === null ? note(ctx.whyNot.files) : { ...v, overlay: 'files', egressSelected: clamp(v.egressSelected, ctx.files) };
    case 'preview':
      if (v.overlay === 'preview') return { ...v, overlay: 'files' };
      if (v.overlay !== 'files') return v;
      return ctx.isImage(v.egressSort, v.egressSelected) ? { ...v, overlay: 'preview' } : note('p shows images (.png, .jpg, .gif): the selected file is not one');
    case 'candidates':
      if (v.overlay === 'candidates') return { ...v, overlay: null };
      return ctx.choices === 0 ? note(ctx.whyNot.candidates) : { ...v, overlay: 'candidates', candidateSelected: 0 };
    case 'close': return { ...v, overlay: v.overlay === 'preview' ? 'files' : null };
    case 'up':
    case 'down': {
      const by = action === 'up' ? -1 : 1;
      if (v.overlay === 'files') return { ...v, egressSelected: clamp(v.egressSelected + by, ctx.files ?? 0) };
      if (v.overlay === 'candidates') return { ...v, candidateSelected: clamp(v.candidateSelected + by, ctx.choices) };
      return v;
    }
    case 'choose': return v.overlay === 'candidates' ? { ...v, overlay: null } : v;
    case 'sortBytes':
    case 'sortTime': return v.overlay === 'files' ? { ...v, egressSort: action === 'sortBytes' ? 'bytes' : 'time', egressSelected: 0 } : v;
    case 'picture': return { ...v, picture: !v.picture };
    case 'smooth': return { ...v, smooth: !v.smooth };
    case 'outliers': return { ...v, ignoreOutliers: !v.ignoreOutliers };
    case 'focus': {
      const keys = ctx.focusKeys;
      if (keys.length === 0) return v;
      const at = keys.indexOf(focusOf(v.focus, keys) as string);
      return { ...v, focus: keys[(at + 1) % keys.length] };
    }
    case 'logY': {
      const key = focusOf(v.focus, ctx.focusKeys);
      if (!key) return v;
      return { ...v, logY: v.logY.includes(key) ? v.logY.filter((p) => p !== key) : [...v.logY, key] };
    }
    case 'narrow': return { ...v, xShare: Math.max(MIN_SHARE, v.xShare / 2) };
    case 'widen': return { ...v, xShare: Math.min(1, v.xShare * 2) };
    case 'quit': return v;
  }
}

/** The x window for a run whose points go from `first` to `last`; undefined bounds mean "all". */
export function xWindow(share: number, first: number | undefined, last: number | undefined): { xMin?: number; xMax?: number } {
  if (share >= 1 || first === undefined || last === undefined || last <= first) return {};
  // A whole number of epochs (or steps), never fewer than MIN_SPAN: no fractional epochs on the axis.
  const span = Math.max(Math.min(MIN_SPAN, last - first), Math.ceil((last - first) * share));
  return { xMin: last - span, xMax: last };
}
