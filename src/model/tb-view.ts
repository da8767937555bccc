// What the PPO screen and the reports show about a TensorBoard run, at a given time.
import type { RunStatus } from './run-view.js';
import type { TbState } from './tb-store.js';
import { isSb3 } from './tb-panels.js';
import { endedBeforeOpened, lastDataText } from './data-age.js';

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
  /** Highest step seen (SB3: num_timesteps). */
  step: number | null;
  totalTimesteps: number | null;
  fps: number | null;
  elapsedSeconds: number | null;
  etaSeconds: number | null;
  /** Typical wall time between two dumps. */
  dumpSeconds: number | null;
  idleSeconds: number | null;
  /** The newest event's wall time (ms). */
  lastDataAt: number | null;
  /** Why a run that ended before it was opened is finished: the date of its last data. */
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

function computeTbView(s: TbState, now: number, totalTimesteps: number | null): TbView {
  const series: Record<string, TagStats> = {};
  let dumps = 0;
  for (const [tag, x] of s.tags) {
    series[tag] = { count: x.count, last: finite(x.last?.value), last_step: x.last?.step ?? null, min: x.min, max: x.max };
    dumps = Math.max(dumps, x.count);
  }
  const step = s.maxStep;
  const elapsed = s.firstWallTime !== null && s.lastWallTime !== null ? s.lastWallTime - s.firstWallTime : null;
  const fpsTag = finite(s.tags.get('time/fps')?.last?.value);
  const fps = fpsTag ?? (elapsed && step ? step / elapsed : null);
  const dumpSeconds = elapsed !== null && dumps > 1 ? elapsed / (dumps - 1) : null;
  const idle = s.lastChangeAt === null ? null : Math.max(0, (now - s.lastChangeAt) / 1000);
  const lastDataAt = s.lastWallTime === null ? null : s.lastWallTime * 1000;
  const ended = endedBeforeOpened(lastDataAt, s.openedAt, now);

  let status: RunStatus;
  if (!s.exists || s.tags.size === 0) status = 'waiting';
  else if (totalTimesteps !== null && step !== null && step >= totalTimesteps) status = 'finished';
  else if (ended) status = 'finished';
  else {
    const limit = dumpSeconds === null ? UNKNOWN_STALL_S : Math.max(MIN_STALL_S, 3 * dumpSeconds);
    status = idle !== null && idle > limit ? 'stalled' : 'live';
  }
  const sb3 = isSb3(s);
  return {
    name: s.label,
    status,
    step,
    totalTimesteps,
    fps,
    elapsedSeconds: elapsed,
    etaSeconds: status === 'live' && totalTimesteps !== null && step !== null && fps ? Math.max(0, totalTimesteps - step) / fps : null,
    dumpSeconds,
    idleSeconds: idle,
    lastDataAt,
    endedNote: ended && lastDataAt !== null ? lastDataText(lastDataAt) : null,
    sb3,
    stepWord: sb3 ? 'timesteps' : 'steps',
    rateWord: sb3 ? 'fps' : 'steps/s',
    series,
    alerts: ppoAlerts(s),
  };
}
