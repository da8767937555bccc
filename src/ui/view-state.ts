// The TUI's own view settings and how each key action changes them. Pure.
import type { Action } from './keys.js';
import type { PanelId } from '../model/panels.js';

export interface ViewState {
  help: boolean;
  smooth: boolean;
  ignoreOutliers: boolean;
  logY: readonly PanelId[];
  focus: number;
  /** Show only the last N epochs; null shows the whole run. */
  xWindow: number | null;
}

export const INITIAL_VIEW: ViewState = { help: false, smooth: false, ignoreOutliers: false, logY: [], focus: 0, xWindow: null };

const MIN_WINDOW = 4;

export function reduceView(v: ViewState, action: Action, ctx: { panels: readonly PanelId[]; span: number }): ViewState {
  switch (action) {
    case 'help': return { ...v, help: !v.help };
    case 'smooth': return { ...v, smooth: !v.smooth };
    case 'outliers': return { ...v, ignoreOutliers: !v.ignoreOutliers };
    case 'focus': return { ...v, focus: ctx.panels.length ? (v.focus + 1) % ctx.panels.length : 0 };
    case 'logY': {
      const id = ctx.panels[v.focus];
      if (!id) return v;
      return { ...v, logY: v.logY.includes(id) ? v.logY.filter((p) => p !== id) : [...v.logY, id] };
    }
    case 'narrow': {
      const current = v.xWindow ?? ctx.span;
      return { ...v, xWindow: Math.max(MIN_WINDOW, Math.ceil(current / 2)) };
    }
    case 'widen': {
      if (v.xWindow === null) return v;
      const next = v.xWindow * 2;
      return { ...v, xWindow: next >= ctx.span ? null : next };
    }
    default: return v;
  }
}
