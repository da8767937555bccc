// The JSON face: one object per run that other tools can rely on. Keys are only ever added.
import type { RunState } from '../model/run-store.js';
import type { RunView } from '../model/run-view.js';
import type { TbState } from '../model/tb-store.js';
import type { TbView } from '../model/tb-view.js';
import { describeWarning } from '../model/warnings.js';

/** A time as ISO 8601; null for none, or for one no Date can hold. */
const isoOrNull = (ms: number | null) => (ms === null || Number.isNaN(new Date(ms).getTime()) ? null : new Date(ms).toISOString());

export function ultralyticsJson(run: RunState, view: RunView) {
  return {
    run: { path: run.runDir, kind: 'ultralytics' as const, task: view.task, name: view.name, status: view.status, last_data_at: isoOrNull(view.lastDataAt), ended: view.endedNote, status_reason: view.statusReason },
    progress: {
      epoch: view.epoch,
      epochs: view.total,
      done: view.done,
      best_epoch: view.bestEpoch,
      epoch_seconds: view.epochSeconds,
      /** 'recent': the median of the last epochs (while training, what the ETA uses); 'mean': the whole run's (once it ended). */
      epoch_pace: view.epochPace,
      eta_seconds: view.etaSeconds,
    },
    series: view.series,
    warnings: run.warnings.map(describeWarning),
  };
}

export function tensorboardJson(run: TbState, view: TbView) {
  return {
    run: { path: run.runDir, kind: 'tensorboard' as const, task: view.sb3 ? 'ppo' : null, name: view.name, status: view.status, last_data_at: isoOrNull(view.lastDataAt), ended: view.endedNote, status_reason: view.statusReason },
    progress: {
      step: view.step,
      total_timesteps: view.totalTimesteps,
      fps: view.fps,
      elapsed_seconds: view.elapsedSeconds,
      eta_seconds: view.etaSeconds,
    },
    series: view.series,
    files: run.files.map((f) => ({ name: f.name, bytes: f.bytes, records: f.records, problem: f.problem })),
    skipped: run.skipped,
    egress: run.wandb ? { state: run.wandb.mode, wandb_run: run.wandb.id, match: run.wandb.rule, confirmed: !run.wandb.caveat, caveat: run.wandb.caveat } : { state: 'none' as const },
    alerts: view.alerts,
    warnings: run.warnings.map(describeWarning),
  };
}
