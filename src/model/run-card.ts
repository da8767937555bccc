// Each run's facts, derived once per snapshot: whether it has data, its status, whether it is
// live, when it last changed, its alerts, its panels and its view. The screen, the text snapshot,
// JSON, --json --follow and the first frame read these instead of asking the run's format again.
import { tensorboardAlerts, ultralyticsAlerts, type Alert } from './alerts.js';
import type { CompareRun } from './compare.js';
import { attributedState, type AttributedState } from './egress-attribution.js';
import type { EgressState } from './egress.js';
import { runPanels, type Panel } from './panels.js';
import type { RunState } from './run-store.js';
import { viewRun, type RunStatus, type RunView } from './run-view.js';
import type { AnyRun, WandbRun } from './session.js';
import { tableTags, tbPanels } from './tb-panels.js';
import type { TbState } from './tb-store.js';
import { viewTb, type TbView } from './tb-view.js';

interface CardFacts {
  readonly label: string;
  readonly runDir: string;
  /** Anything to show yet (else the screen says what it waits for). */
  readonly hasData: boolean;
  /** A training's status; a wandb folder's upload state. */
  readonly status: RunStatus | AttributedState;
  readonly live: boolean;
  /** When the run last changed (ms), 0 before it has. */
  readonly lastChange: number;
  readonly alerts: readonly Alert[];
  /** The run's charts (unsmoothed), for their ids and sizes. */
  readonly panels: readonly Panel[];
  /** The run's panels as the focus knows them (`tab` goes through them in this order): its charts, then a PPO table's rows. */
  readonly panelIds: readonly string[];
  /** What its wandb counterpart stages (null: none is looked for). */
  readonly egress: EgressState | null;
  readonly now: number;
}

export interface UltralyticsCard extends CardFacts { readonly kind: 'ultralytics'; readonly run: RunState; readonly view: RunView }
export interface TensorboardCard extends CardFacts { readonly kind: 'tensorboard'; readonly run: TbState; readonly view: TbView }
export interface WandbCard extends CardFacts { readonly kind: 'wandb'; readonly run: WandbRun; readonly view: null }
export type RunCard = UltralyticsCard | TensorboardCard | WandbCard;

/** What a card is made from: a session's snapshot, or a run read once. */
export interface CardSource {
  readonly run: AnyRun;
  readonly egress: EgressState | null;
  readonly now: number;
}

/** Whether a run has anything to show yet. */
export function hasData(run: AnyRun): boolean {
  if (run.format === 'ultralytics') return run.epochs.length > 0;
  if (run.format === 'tensorboard') return run.tags.size > 0;
  return run.exists;
}

function facts(s: CardSource, status: RunStatus | AttributedState, alerts: readonly Alert[], panels: readonly Panel[], rows: readonly string[] = []): CardFacts {
  const { run } = s;
  return {
    label: run.label, runDir: run.runDir, hasData: hasData(run), status, live: status === 'live' || status === 'online',
    lastChange: run.lastChangeAt ?? 0, alerts, panels, panelIds: [...panels.map((p) => p.id), ...rows], egress: s.egress, now: s.now,
  };
}

function makeCard(s: CardSource, totalTimesteps: number | null): RunCard {
  const { run } = s;
  const data = hasData(run);
  if (run.format === 'ultralytics') {
    const view = viewRun(run, s.now);
    return { kind: 'ultralytics', run, view, ...facts(s, view.status, data ? ultralyticsAlerts(run, view) : [], runPanels(run, false)) };
  }
  if (run.format === 'tensorboard') {
    const view = viewTb(run, s.now, totalTimesteps);
    const rows = tableTags(run).map((t) => `tag:${t}`);
    return { kind: 'tensorboard', run, view, ...facts(s, view.status, data ? tensorboardAlerts(run, view) : [], tbPanels(run, false), rows) };
  }
  // A wandb folder alone: live while its run uploads.
  const state = attributedState(s.egress, s.now);
  return { kind: 'wandb', run, view: null, ...facts(s, state, [], []) };
}

// Asked for by the screen on every frame: one card per snapshot, time, egress and total.
// Snapshots are immutable, so a WeakMap lets old ones go.
const cards = new WeakMap<AnyRun, { egress: EgressState | null; now: number; total: number | null; card: RunCard }>();

export function runCard(s: CardSource, totalTimesteps: number | null): RunCard {
  const hit = cards.get(s.run);
  if (hit && hit.egress === s.egress && hit.now === s.now && hit.total === totalTimesteps) return hit.card;
  const card = makeCard(s, totalTimesteps);
  cards.set(s.run, { egress: s.egress, now: s.now, total: totalTimesteps, card });
  return card;
}

/** The runs whose series can share a chart (several PATHs): a wandb folder alone has none. */
export function comparable(cards: readonly RunCard[]): CompareRun[] {
  return cards.flatMap((c) => (c.kind === 'wandb' ? [] : [{ label: c.label, run: c.run }]));
}
