// Runs as plain snapshots for the screen model's tests: an Ultralytics run of n epochs, an SB3
// PPO run of n dumps, GPU readings, all made in memory at a fixed time.
import { runTarget, type FollowTarget } from '../../src/discover/targets.js';
import { LocalFs } from '../../src/live/fs/local-fs.js';
import { EgressStore, type EgressState } from '../../src/model/egress.js';
import { GpuStore, type GpuState } from '../../src/model/gpu-store.js';
import { RunStore } from '../../src/model/run-store.js';
import type { SessionSnapshot } from '../../src/model/session.js';
import { TbStore } from '../../src/model/tb-store.js';
import { EMPTY_ARGS } from '../../src/sources/ultralytics/args-yaml.js';
import { decodeEvent } from '../../src/sources/tensorboard/event.js';
import { parseGpuLine } from '../../src/sources/nvidia-smi/query.js';
import { DETECT_COLUMNS, syntheticRow } from '../../fixtures/ultralytics/results-writer.js';
import { eventBytes, SB3_PPO_TAGS, sb3Value } from '../../fixtures/tensorboard/event-writer.js';

export const NOW = 1_700_000_000_000;
const LOCAL = new LocalFs('/project');

/** A detect run with `rows` epochs of `epochs`, rows one minute apart, the last one at NOW (live). */
export function yoloRun(runDir: string, rows: number, epochs = 50) {
  const s = new RunStore(runDir);
  s.update(() => {
    s.setExists(true);
    s.setArgs({ ...EMPTY_ARGS, task: 'detect', epochs }, NOW - rows * 60_000);
    s.setHeader(['epoch', 'time', ...DETECT_COLUMNS], 1);
    s.appendRows(Array.from({ length: rows }, (_, i) => ({ epoch: i + 1, values: [i + 1, (i + 1) * 60, ...syntheticRow(DETECT_COLUMNS, i, epochs)], line: i + 2 })), null);
    s.setFileTimes(NOW, false);
  });
  return s.snapshot;
}

/** An SB3 PPO run of `dumps` dumps of 2048 steps, ten seconds apart, the last at NOW; `extra` tags in its last dump. */
export function ppoRun(runDir: string, dumps: number, extra: readonly string[] = []) {
  const store = new TbStore(runDir);
  store.setExists(true, NOW);
  const t0 = NOW / 1000 - dumps * 10;
  const events: ReturnType<typeof decodeEvent>[] = [];
  for (let d = 0; d < dumps; d++) {
    const tags = [...SB3_PPO_TAGS.filter((tag) => d > 0 || !tag.startsWith('train/')), ...(d === dumps - 1 ? extra : [])];
    for (const tag of tags) events.push(decodeEvent(eventBytes({ wallTime: t0 + d * 10, step: (d + 1) * 2048, values: [{ tag, simple: sb3Value(tag, d) }] })));
  }
  store.update(() => events.forEach((e) => store.addEvent(e)));
  return store.snapshot;
}

/** A wandb run staged with these files (bytes, name). */
export function stagedEgress(files: readonly [string, number][]): EgressState {
  const e = new EgressStore(['/project/wandb']);
  e.update({ run: { run: { id: 'gates001', dir: '/project/wandb/run-x-gates001', mode: 'online', match: 'save_dir runs/detect/gates', trainer: 'ultralytics' }, lookedIn: ['/project/wandb'], candidates: [] } });
  e.update({ files: files.map(([path, bytes], i) => ({ path, bytes, kind: 'file' as const, target: null, category: 'training mosaics' as const, firstSeen: NOW - i * 1000, step: 1, source: null })) });
  return e.snapshot;
}

/** A session's snapshot of a run, as the project view's followed folder (runs/ or the project) publishes it. */
export function snapOf(run: SessionSnapshot['run'], egress: EgressState | null = null, more: Partial<SessionSnapshot> = {}): SessionSnapshot {
  const follow: FollowTarget = run.format === 'tensorboard'
    ? { kind: 'follow', fs: LOCAL, root: '/project', formats: ['tensorboard'] }
    : { kind: 'follow', fs: LOCAL, root: '/project/runs', formats: ['ultralytics'] };
  return { target: run.format === 'wandb' ? runTarget(LOCAL, { format: 'ultralytics', dir: run.runDir }) : follow, run, egress, now: NOW + 1000, ...more };
}

/** `n` GPUs read five times, a second apart. */
export function gpuState(n: number): GpuState {
  const store = new GpuStore();
  const lines = Array.from({ length: n }, (_, i) => `${i}, GPU-${i}, NVIDIA H100 80GB HBM3, 70, 60, 70000, 81559, 600.5, 700.00, 0x0, [N/A], 1980, 2619`);
  for (let k = 0; k < 5; k++) store.addSamples(lines.map(parseGpuLine), NOW - (5 - k) * 1000);
  return store.snapshot;
}
