// The one key table: it drives input handling, the footer and the help screen.
import type { Key } from 'ink';

export type Action = 'quit' | 'help' | 'focus' | 'smooth' | 'logY' | 'outliers' | 'narrow' | 'widen' | 'gpu' | 'egress' | 'preview' | 'picture' | 'candidates';

export interface KeyBinding {
  /** How the key is written in the footer and the help screen. */
  label: string;
  action: Action;
  /** Short name for the footer. */
  short: string;
  help: string;
  matches: (input: string, key: Key) => boolean;
}

export const KEYS: readonly KeyBinding[] = [
  { label: 'q', action: 'quit', short: 'quit', help: 'quit and restore the terminal (also Ctrl-C)', matches: (i) => i === 'q' },
  { label: '?', action: 'help', short: 'help', help: 'show or hide this help (Esc closes it)', matches: (i) => i === '?' },
  { label: 'tab', action: 'focus', short: 'focus', help: 'focus the next chart, and the run it is in (it gets the room; l applies)', matches: (_i, k) => k.tab && !k.shift },
  { label: 's', action: 'smooth', short: 'smooth', help: 'TensorBoard-style smoothing: EMA (weight 0.6) debiased by 1 - w^n', matches: (i) => i === 's' },
  { label: 'l', action: 'logY', short: 'log', help: 'logarithmic y axis for the focused chart', matches: (i) => i === 'l' },
  { label: 'o', action: 'outliers', short: 'outliers', help: 'ignore outliers: fit y to the 5th–95th percentile', matches: (i) => i === 'o' },
  { label: '←', action: 'narrow', short: '', help: 'x range: halve it, keeping the latest epochs', matches: (_i, k) => k.leftArrow },
  { label: '→', action: 'widen', short: 'zoom', help: 'x range: double it, up to the whole run', matches: (_i, k) => k.rightArrow },
  { label: 'i', action: 'picture', short: 'pic', help: 'the focused chart as a picture (kitty, Ghostty, iTerm2, WezTerm; not tmux)', matches: (i) => i === 'i' },
  { label: 'g', action: 'gpu', short: 'GPU', help: 'GPU detail: util, temperature, memory, power of each GPU (Esc closes)', matches: (i) => i === 'g' },
  { label: 'e', action: 'egress', short: 'egress', help: 'files staged for wandb.ai (b/t sort by size/time, ↑/↓ select, Esc closes)', matches: (i) => i === 'e' },
  { label: 'c', action: 'candidates', short: '', help: 'unconfirmed W&B run: pick the training’s (↑/↓, Enter picks, Esc closes)', matches: (i) => i === 'c' },
  { label: 'p', action: 'preview', short: '', help: 'preview the selected staged image (half blocks inside tmux)', matches: (i) => i === 'p' },
];

export function actionFor(input: string, key: Key): Action | null {
  return KEYS.find((b) => b.matches(input, key))?.action ?? null;
}
