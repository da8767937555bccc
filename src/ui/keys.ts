// The one key table: it drives input handling, the footer and the help screen. Each key has a
// scope: it acts everywhere, or only while a certain overlay is what is on screen.
import type { Key } from 'ink';

/**
 * What covers the runs, if anything: one at a time, so what is on screen is what keys act on.
 * The preview shows the file list's selected image: Esc goes back to that list.
 */
export type Overlay = 'help' | 'gpu' | 'files' | 'preview' | 'candidates';

export type Action =
  | 'quit' | 'help' | 'focus' | 'smooth' | 'logY' | 'outliers' | 'narrow' | 'widen' | 'gpu' | 'egress' | 'preview' | 'picture' | 'candidates'
  | 'close' | 'up' | 'down' | 'choose' | 'sortBytes' | 'sortTime';

/** Where a key acts: everywhere, over any overlay, in either list (e, c), in one of them, or in the file list and its preview. */
export type Scope = 'global' | 'overlay' | 'list' | 'files' | 'staged' | 'candidates';

export interface KeyBinding {
  /** How the key is written in the help screen. */
  label: string;
  action: Action;
  /** Short name for the footer; empty: not in the footer. */
  short: string;
  /** How the key is written in the footer, when not as in help (← and → share one entry). */
  footer?: string;
  help: string;
  scope: Scope;
  matches: (input: string, key: Key) => boolean;
}

export const KEYS: readonly KeyBinding[] = [
  { label: 'q', action: 'quit', short: 'quit', help: 'quit and restore the terminal (also Ctrl-C)', scope: 'global', matches: (i) => i === 'q' },
  { label: '?', action: 'help', short: 'help', help: 'show or hide this help', scope: 'global', matches: (i) => i === '?' },
  { label: 'tab', action: 'focus', short: 'focus', help: 'focus the next chart, and the run it is in (it gets the room; l applies)', scope: 'global', matches: (_i, k) => k.tab && !k.shift },
  { label: 's', action: 'smooth', short: 'smooth', help: 'TensorBoard-style smoothing: EMA (weight 0.6) debiased by 1 - w^n', scope: 'global', matches: (i) => i === 's' },
  { label: 'l', action: 'logY', short: 'log', help: 'logarithmic y axis for the focused chart', scope: 'global', matches: (i) => i === 'l' },
  { label: 'o', action: 'outliers', short: 'outliers', help: 'ignore outliers: fit y to the 5th–95th percentile', scope: 'global', matches: (i) => i === 'o' },
  { label: '←', action: 'narrow', short: '', help: 'x range: halve it (the latest epochs kept) or double it, up to the whole run', scope: 'global', matches: (_i, k) => k.leftArrow },
  { label: '→', action: 'widen', short: 'zoom', footer: '←/→', help: 'x range: halve it (the latest epochs kept) or double it, up to the whole run', scope: 'global', matches: (_i, k) => k.rightArrow },
  { label: 'i', action: 'picture', short: 'pic', help: 'the focused chart as a picture (kitty, Ghostty, iTerm2, WezTerm; not tmux)', scope: 'global', matches: (i) => i === 'i' },
  { label: 'g', action: 'gpu', short: 'GPU', help: 'GPU detail: util, temperature, memory, power of each GPU', scope: 'global', matches: (i) => i === 'g' },
  { label: 'e', action: 'egress', short: 'egress', help: 'the files staged for wandb.ai, one a line', scope: 'global', matches: (i) => i === 'e' },
  { label: 'c', action: 'candidates', short: '', help: 'unconfirmed W&B run: the runs of the same time, to pick the training’s', scope: 'global', matches: (i) => i === 'c' },
  { label: 'p', action: 'preview', short: '', help: 'preview the selected staged image (half blocks inside tmux); p again: the list', scope: 'staged', matches: (i) => i === 'p' },
  { label: 'Esc', action: 'close', short: '', help: 'close what is on top (the preview goes back to its list)', scope: 'overlay', matches: (_i, k) => k.escape },
  { label: '↑', action: 'up', short: '', help: 'select the row above or below', scope: 'list', matches: (_i, k) => k.upArrow },
  { label: '↓', action: 'down', short: '', help: 'select the row above or below', scope: 'list', matches: (_i, k) => k.downArrow },
  { label: 'Enter', action: 'choose', short: '', help: 'this one is the training’s run (or take the pick back)', scope: 'candidates', matches: (_i, k) => k.return },
  { label: 'b', action: 'sortBytes', short: '', help: 'sort by size (largest first) or by time (newest first)', scope: 'files', matches: (i) => i === 'b' },
  { label: 't', action: 'sortTime', short: '', help: 'sort by size (largest first) or by time (newest first)', scope: 'files', matches: (i) => i === 't' },
];

/** How the help screen says where a key acts (nothing: anywhere). */
export const SCOPE_NAMES: Readonly<Record<Scope, string>> = {
  global: '',
  overlay: 'over ?, g, e, c',
  list: 'in e or c',
  files: 'in e',
  staged: 'in e and its preview',
  candidates: 'in c',
};

/** Whether keys of `scope` act while `overlay` is what is on screen. */
export function inScope(scope: Scope, overlay: Overlay | null): boolean {
  switch (scope) {
    case 'global': return true;
    case 'overlay': return overlay !== null;
    case 'list': return overlay === 'files' || overlay === 'candidates';
    case 'files': return overlay === 'files';
    case 'staged': return overlay === 'files' || overlay === 'preview';
    case 'candidates': return overlay === 'candidates';
  }
}

/** The action of a key with `overlay` on screen (null: none, or not here). */
export function actionFor(input: string, key: Key, overlay: Overlay | null = null): Action | null {
  return KEYS.find((b) => inScope(b.scope, overlay) && b.matches(input, key))?.action ?? null;
}
