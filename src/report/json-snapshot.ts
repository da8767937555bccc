// The JSON face: one object other tools can rely on. Keys are only ever added, never changed.
import type { RunState } from '../model/run-store.js';
import type { RunView } from '../model/run-view.js';
import { describeWarning } from '../model/warnings.js';

export function jsonSnapshot(run: RunState, view: RunView) {
  return {
    run: { path: run.runDir, kind: 'ultralytics' as const, task: view.task, name: view.name, status: view.status },
    progress: {
      epoch: view.epoch,
      epochs: view.total,
      done: view.done,
      best_epoch: view.bestEpoch,
      epoch_seconds: view.epochSeconds,
      eta_seconds: view.etaSeconds,
    },
    series: view.series,
    warnings: run.warnings.map(describeWarning),
  };
}
