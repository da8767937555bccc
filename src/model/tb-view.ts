// What the PPO screen and the reports show about a TensorBoard run, at a given time.
import type { TbState } from './tb-store.js';
import { isSb3 } from './tb-panels.js';
import { ENDED_AFTER_MS, lastDataText } from './data-age.js';
import { activityStatus, type RunStatus, type StatusReason, type StatusVerdict } from './run-status.js';

export interface TagStats {
  count: number;
  last: number | null;
  last_step: number | null;
  min: number | null;
  max: number | null;
}

export interface TbView {
  name: string;
  status: RunStatus;
  /** Why the status is what it is (run-status.ts). */
  statusReason: StatusReason;
  /** Highest step seen (SB3: num_timesteps). */
  step: number | null;
  totalTimesteps: number | null;
  fps: number | null;
  elapsedSeconds: number | null;
  etaSeconds: number | null;
  /** Typical wall time between two dumps. */
  dumpSeconds: number | null;
  idleSeconds: number | null;
  /** The newest event's wall time (ms, by the writer's clock). */
  lastDataAt: number | null;
  /** Why a run that ended before it was opened (or was copied) is finished: the date of its last data. */
  endedNote: string | null;
  sb3: boolean;
  /** SB3 counts environment timesteps at fps; any other writer's steps are just steps. */
  stepWord: 'timesteps' | 'steps';
  rateWord: 'fps' | 'steps/s';
  series: Record<string, TagStats>;
  /** PPO health, in words: approx_kl and clip_fraction outside their usual ranges. */
  alerts: string[];
}

const MIN_STALL_S = 120;
const UNKNOWN_STALL_S = 30 * 60;

function finite(v: number | undefined): number | null {
  return v !== undefined && Number.isFinite(v) ? v : null;
}

export function ppoAlerts(s: TbState): string[] {
  const out: string[] = [];
  const kl = finite(s.tags.get('train/approx_kl')?.last?.value);
  const clip = finite(s.tags.get('train/clip_fraction')?.last?.value);
  if (kl !== null && kl > 0.05) out.push(`approx_kl ${kl.toPrecision(2)} is high: updates move the policy far (lower the learning rate or set target_kl)`);
  if (kl !== null && kl < 1e-4 && (s.tags.get('train/approx_kl')?.count ?? 0) > 3) out.push(`approx_kl ${kl.toExponential(1)} is tiny: the policy has almost stopped changing`);
  if (clip !== null && clip > 0.3) out.push(`clip_fraction ${clip.toFixed(2)} is high: most updates are clipped`);
  return out;
}

// Asked for several times per render: once per snapshot, time and total.
const views = new WeakMap<TbState, { key: string; view: TbView }>();

export function viewTb(s: TbState, now: number, totalTimesteps: number | null): TbView {
  const key = `${now}:${totalTimesteps}`;
  const hit = views.get(s);
  if (hit?.key === key) return hit.view;
  const view = computeTbView(s, now, totalTimesteps);
  views.set(s, { key, view });
  return view;
}

/** Seconds of data (newest wall time less the first), steps' rate and the typical time between dumps. */
function pace(s: TbState): { elapsed: number | null; fps: number | null; dumpSeconds: number | null } {
  let dumps = 0;
  for (const x of s.tags.values()) dumps = Math.max(dumps, x.count);
  const step = s.maxStep;
  const elapsed = s.firstWallTime !== null && s.lastWallTime !== null ? s.lastWallTime - s.firstWallTime : null;
  const fpsTag = finite(s.tags.get('time/fps')?.last?.value);
  const fps = fpsTag ?? (elapsed && step ? step / elapsed : null);
  return { elapsed, fps, dumpSeconds: elapsed !== null && dumps > 1 ? elapsed / (dumps - 1) : null };
}

/**
 * The status of a TensorBoard run at `now` (ms, this machine's clock), from the snapshot alone:
 * its steps against `totalTimesteps`, its file times, its records' wall times and what the reader
 * saw when (grewAt, openedAt). Not seen growing, a run whose newest record is over an hour older
 * than its file's last write was copied (or its writer's clock is off: it is live once it grows).
 */
export function tbStatus(s: TbState, now: number, totalTimesteps: number | null): StatusVerdict {
  if (!s.exists || s.tags.size === 0) return { status: 'waiting', reason: 'no-data', note: null, idleSeconds: null };
  const writtenAt = s.lastChangeAt;
  const dataAt = s.lastWallTime === null ? null : s.lastWallTime * 1000;
  if (totalTimesteps !== null && s.maxStep !== null && s.maxStep >= totalTimesteps) {
    return { status: 'finished', reason: 'done', note: null, idleSeconds: writtenAt === null ? null : Math.max(0, (now - (s.grewAt ?? writtenAt)) / 1000) };
  }
  const { dumpSeconds } = pace(s);
  const note = lastDataText(dataAt ?? writtenAt ?? 0);
  return activityStatus({
    grewAt: s.grewAt,
    writtenAt,
    openedAt: s.openedAt,
    stallAfterSeconds: dumpSeconds === null ? UNKNOWN_STALL_S : Math.max(MIN_STALL_S, 3 * dumpSeconds),
    copied: dataAt !== null && writtenAt !== null && dataAt < writtenAt - ENDED_AFTER_MS ? note : null,
    endedNote: note,
  }, now);
}

function computeTbView(s: TbState, now: number, totalTimesteps: number | null): TbView {
  const series: Record<string, TagStats> = {};
  for (const [tag, x] of s.tags) {
    series[tag] = { count: x.count, last: finite(x.last?.value), last_step: x.last?.step ?? null, min: x.min, max: x.max };
  }
  const step = s.maxStep;
  const { elapsed, fps, dumpSeconds } = pace(s);
  const verdict = tbStatus(s, now, totalTimesteps);
  const status = verdict.status;
  const sb3 = isSb3(s);
  const ms = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);
  return {
    name: s.label,
    status,
    statusReason: verdict.reason,
    step,
    totalTimesteps,
    fps,
    elapsedSeconds: ms(elapsed),
    etaSeconds: status === 'live' && totalTimesteps !== null && step !== null && fps ? ms(Math.max(0, totalTimesteps - step) / fps) : null,
    dumpSeconds: ms(dumpSeconds),
    idleSeconds: verdict.idleSeconds,
    lastDataAt: s.lastWallTime === null ? null : s.lastWallTime * 1000,
    endedNote: verdict.note,
    sb3,
    stepWord: sb3 ? 'timesteps' : 'steps',
    rateWord: sb3 ? 'fps' : 'steps/s',
    series,
    alerts: ppoAlerts(s),
  };
}
