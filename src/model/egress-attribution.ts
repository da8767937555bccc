// Which wandb run the tool may call this training's. Time overlap alone never makes a run this
// training's upload: such runs are candidates, listed for the user to pick one.
import { parseRunFolderName } from '../sources/wandb/run-folder.js';
import { cleanText } from './text.js';
import { egressState, type EgressState, type EgressStateName, type WandbCandidate, type WandbRunRef } from './egress.js';

/** egressState's names, and 'unconfirmed': no run is this training's for sure, but some may be. */
export type AttributedState = EgressStateName | 'unconfirmed';

/** The run the panel may speak of as this training's: a confirmed one only. */
export function confirmedRun(s: EgressState | null): WandbRunRef | null {
  return s?.run?.confirmed ? s.run : null;
}

/** The runs nothing confirms: the listed candidates, with an unconfirmed run (as the matcher once gave) among them. */
export function candidatesOf(s: EgressState | null): WandbCandidate[] {
  if (!s) return [];
  const run = s.run && !s.run.confirmed ? s.run : null;
  if (!run || s.candidates.some((c) => c.dir === run.dir)) return [...s.candidates];
  return [{ id: run.id, dir: run.dir, mode: run.mode, startedAt: parseRunFolderName(run.dir.split(/[/\\]/).pop() ?? '')?.startedAt ?? 0 }, ...s.candidates];
}

export function attributedState(s: EgressState | null, now: number): AttributedState {
  if (!s) return 'none';
  if (confirmedRun(s)) return egressState(s, now);
  return candidatesOf(s).length ? 'unconfirmed' : 'none';
}

/** The user chose this run: the matcher says so in its rule (RunSession.pickWandbRun). */
export function pickedByUser(run: WandbRunRef | null): boolean {
  return run !== null && /picked by you/.test(run.match);
}

/** The folder name's local time, as written there: "e9756yo0 online, started 2025-03-10 09:54". */
export function candidateLabel(c: WandbCandidate): string {
  const started = c.startedAt ? `, started ${new Date(c.startedAt).toISOString().slice(0, 16).replace('T', ' ')}` : '';
  return `${cleanText(c.id)} ${c.mode}${started}`;
}
