// The number people train for, at the best epoch: mAP50-95 of the task's own head (pose: P,
// segment: M, else B), or top-1 for classify.
import type { RunState } from './run-store.js';

export interface Headline {
  label: string;
  value: number;
}

const HEAD_OF_TASK: Record<string, string> = { pose: 'P', segment: 'M', detect: 'B', obb: 'B' };

export function headline(s: RunState, bestEpoch: number | null): Headline | null {
  if (bestEpoch === null) return null;
  // The best row is kept whole by the store, even where its row was thinned from the columns.
  const kept = s.best?.epoch === bestEpoch ? s.best.values : null;
  const row = kept ? -1 : s.epochs.lastIndexOf(bestEpoch);
  if (!kept && row < 0) return null;
  const valueAt = (i: number) => (kept ? kept[i] : s.values[i][row]);
  const want = HEAD_OF_TASK[s.args.task ?? ''] ?? null;
  const metric = (name: string, suffix: string | null) => s.roles.findIndex((r) => r.kind === 'metric' && r.metric === name && r.suffix === suffix);
  // A run without args.yaml says its task by its columns: pose and mask heads before the box.
  const suffixes = [want, 'P', 'M', 'B', null];
  for (const name of ['mAP50-95', 'top1']) {
    for (const suffix of suffixes) {
      const i = metric(name, suffix);
      if (i >= 0 && Number.isFinite(valueAt(i))) return { label: name, value: valueAt(i) };
    }
  }
  return null;
}
