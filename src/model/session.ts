// What one live target publishes: its run (Ultralytics, TensorBoard or a wandb folder alone) and
// the egress of its wandb counterpart. Made by live/run-session.ts, read by ui/ and report/.
import type { Target } from '../discover/targets.js';
import type { RunState } from './run-store.js';
import type { TbState } from './tb-store.js';
import type { EgressState } from './egress.js';
import type { Warning } from './warnings.js';

/** PATH was a wandb folder or run: the egress view stands alone. */
export interface WandbRun {
  readonly format: 'wandb';
  readonly version: number;
  readonly runDir: string;
  readonly label: string;
  readonly exists: boolean;
  readonly lastChangeAt: number | null;
  readonly warnings: readonly Warning[];
}

export type AnyRun = RunState | TbState | WandbRun;

export interface SessionSnapshot {
  readonly target: Target;
  readonly run: AnyRun;
  /** What the run's wandb counterpart stages for upload; null for TensorBoard runs. */
  readonly egress: EgressState | null;
  /** Coarse wall clock (ms), advanced every few seconds so time-based status can move. */
  readonly now: number;
  /** The host's connection when it is down ('disconnected 12s — reconnecting'); absent or null when fine. */
  readonly connection?: string | null;
  /** A newer run of the followed folder took the place of this one (its name, and when, ms); absent or null when none did. */
  readonly replaced?: { readonly label: string; readonly at: number } | null;
}
