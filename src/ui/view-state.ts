// The TUI's own view settings and how each key action changes them. Pure.
import type { Action } from './keys.js';

export interface ViewState {
  help: boolean;
  smooth: boolean;
  ignoreOutliers: boolean;
  /** Focus keys (`<pane>:<panel id>`) of the charts shown with a log y axis. */
  logY: readonly string[];
  focus: number;
  /** The share of the x range shown, ending at the latest point: 1 is the whole run. */
  xShare: number;
  gpuDetail: boolean;
  egressList: boolean;
  egressSort: 'bytes' | 'time';
  egressSelected: number;
  preview: boolean;
  /** `c`: the W&B runs that may be the training's, to pick one. */
  candidates: boolean;
  candidateSelected: number;
  /** `i`: the focused chart drawn as a picture where the terminal can. */
  picture: boolean;
}

export const INITIAL_VIEW: ViewState = { help: false, smooth: false, ignoreOutliers: false, logY: [], focus: 0, xShare: 1, gpuDetail: false, egressList: false, egressSort: 'bytes', egressSelected: 0, preview: false, candidates: false, candidateSelected: 0, picture: false };

const MIN_SHARE = 1 / 64;
/** The narrowest x range `←` goes to, in epochs (or steps). */
const MIN_SPAN = 4;

export function reduceView(v: ViewState, action: Action, focusKeys: readonly string[]): ViewState {
  switch (action) {
    case 'help': return { ...v, help: !v.help };
    case 'gpu': return { ...v, gpuDetail: !v.gpuDetail };
    case 'egress': return { ...v, egressList: !v.egressList, preview: false };
    case 'candidates': return { ...v, candidates: !v.candidates, candidateSelected: 0 };
    case 'preview': return v.egressList ? { ...v, preview: !v.preview } : v;
    case 'picture': return { ...v, picture: !v.picture };
    case 'smooth': return { ...v, smooth: !v.smooth };
    case 'outliers': return { ...v, ignoreOutliers: !v.ignoreOutliers };
    case 'focus': return { ...v, focus: focusKeys.length ? (v.focus + 1) % focusKeys.length : 0 };
    case 'logY': {
      const key = focusKeys[v.focus % Math.max(1, focusKeys.length)];
      if (!key) return v;
      return { ...v, logY: v.logY.includes(key) ? v.logY.filter((p) => p !== key) : [...v.logY, key] };
    }
    case 'narrow': return { ...v, xShare: Math.max(MIN_SHARE, v.xShare / 2) };
    case 'widen': return { ...v, xShare: Math.min(1, v.xShare * 2) };
    default: return v;
  }
}

/** Esc: the overlay on top closes (help, the candidate list, the staged-file list, GPU detail). */
export function closeOverlay(v: ViewState): ViewState {
  if (v.help) return { ...v, help: false };
  if (v.candidates) return { ...v, candidates: false };
  if (v.egressList) return { ...v, egressList: false, preview: false };
  if (v.gpuDetail) return { ...v, gpuDetail: false };
  return v;
}

/** The x window for a run whose points go from `first` to `last`; undefined bounds mean "all". */
export function xWindow(share: number, first: number | undefined, last: number | undefined): { xMin?: number; xMax?: number } {
  if (share >= 1 || first === undefined || last === undefined || last <= first) return {};
  // A whole number of epochs (or steps), never fewer than MIN_SPAN: no fractional epochs on the axis.
  const span = Math.max(Math.min(MIN_SPAN, last - first), Math.ceil((last - first) * share));
  return { xMin: last - span, xMax: last };
}
