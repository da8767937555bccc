// Which wandb run the tool may call this training's. Time overlap alone never makes a run this
// training's upload: such runs are candidates, listed for the user to pick one.
import { cleanText } from './text.js';
import { egressState, type EgressState, type EgressStateName, type WandbCandidate, type WandbRunRef } from './egress.js';

/** egressState's names, and 'unconfirmed': no run is this training's for sure, but some may be. */
export type AttributedState = EgressStateName | 'unconfirmed';

export function attributedState(s: EgressState | null, now: number): AttributedState {
  if (!s) return 'none';
  if (s.run) return egressState(s, now);
  return s.candidates.length ? 'unconfirmed' : 'none';
}

/** The user chose this run: the matcher says so in its rule (RunSession.pickWandbRun). */
export function pickedByUser(run: WandbRunRef | null): boolean {
  return run !== null && /picked by you/.test(run.match);
}

/** The folder name's local time, as written there: "e9756yo0 online, started 2025-03-10 09:54". */
export function candidateLabel(c: WandbCandidate): string {
  const started = c.startedAt ? `, started ${new Date(c.startedAt).toISOString().slice(0, 16).replace('T', ' ')}` : '';
  return `${cleanText(c.id)} ${c.mode}${started}${c.caveat ? ` (not confirmed: ${cleanText(c.caveat)})` : ''}`;
}
