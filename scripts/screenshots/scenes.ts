// The README's pictures: each scene is a project folder made on the spot, where `aigp-watch`
// runs with no PATH, as in DESIGN.md's third command, so no temporary path shows. A scene's text
// must not move: its runs are finished with fixed file times, or live with a pace and an ETA
// that come from their own files; TZ is UTC and the GPUs are the fake nvidia-smi's steady eight
// H100s. What still moves is in normalise.ts.
//   project  both phases in one project root, both live (the repo's generators: checkable on a fresh clone)
//   gpu      the same, with `g`
//   ultralytics, egress  a real pose run (../shared) with its W&B run staged by the callback; `e`
//   ppo      a real SB3 PPO run (../shared)
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { argsYaml, DETECT_COLUMNS, ERAS, syntheticRow } from '../../fixtures/ultralytics/results-writer.js';
import { fileVersionRecord, record, SB3_PPO_TAGS } from '../../fixtures/tensorboard/event-writer.js';
import { replayCallback } from '../../fixtures/wandb/replay-callback.js';
import { decodeEvent } from '../../src/sources/tensorboard/event.js';
import { TfRecordDecoder } from '../../src/sources/tensorboard/tfrecord.js';
import { SHARED_FIXTURES } from '../../test/helpers/paths.js';

export interface Scene {
  /** The pictures' file names: `<name>-<cols>x<rows>.svg`. */
  name: string;
  /** What the picture shows, for its title and alt text. */
  title: string;
  /** It reads ../shared/fixtures (real runs); else only the repo's own fixtures. */
  shared: boolean;
  sizes: readonly (readonly [number, number])[];
  /** Options after `aigp-watch` (no PATH: the scene's root is the project). */
  args: readonly string[];
  /** Writes the project under `root`; called right before the tool starts (a live run's file times are "now"). */
  build(root: string): Promise<void>;
  /** The first whole frame. */
  ready(text: string): boolean;
  /** Keys pressed once it is ready, each with what shows it was taken. */
  keys: readonly { key: string; shows(text: string): boolean }[];
}

const SIZES = [[80, 24], [200, 60]] as const;

/** Sets every file's and folder's time under `root`, deepest first, from its path relative to root. */
function stamp(root: string, secondsOf: (rel: string) => number): void {
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      const t = secondsOf(relative(root, p));
      utimesSync(p, t, t);
    }
  };
  walk(root);
}

/** The newest wall_time in an event file (seconds). */
function newestWallTime(file: string): number {
  let newest = 0;
  new TfRecordDecoder().push(readFileSync(file), (buf, start, end) => {
    newest = Math.max(newest, decodeEvent(buf.subarray(start, end)).wallTime);
  });
  return newest;
}

// --- both phases, live, from the repo's generators ---------------------------------------------

const YOLO = 'runs/detect/apex_yolo11n';
const PPO = 'output/apex_policy/tb_apex/PPO_1';
const EPOCHS = 100;
const DONE = 62;
const EPOCH_S = 95;
const DUMPS = 60;
const STEPS_PER_DUMP = 2048;
const TOTAL_TIMESTEPS = 200_000;

/** A wobble that repeats exactly (no random numbers: the picture must not move). */
const wobble = (i: number, k: number) => Math.sin(i * 1.7 + k * 2.3) * Math.cos(i * 0.37 + k);

/**
 * The generator's detect row for epoch i, told apart as a real run's are: precision above
 * recall, mAP50 between, validation a little noisy.
 */
function detectRow(i: number): number[] {
  const scale: Record<string, number> = { 'metrics/precision(B)': 1.04, 'metrics/recall(B)': 0.91, 'metrics/mAP50(B)': 0.97, 'metrics/mAP50-95(B)': 1 };
  return syntheticRow(DETECT_COLUMNS, i, EPOCHS).map((v, k) => {
    const c = DETECT_COLUMNS[k];
    if (c in scale) return Number((Math.min(0.99, v * scale[c]) * (1 + 0.02 * wobble(i, k))).toFixed(5));
    if (c.startsWith('val/')) return Number((v * (1 + 0.015 * wobble(i, k))).toFixed(5));
    return v;
  });
}

/** SB3's PPO scalars at dump d, each with the course it takes in a run that learns. */
function ppoValue(tag: string, d: number): number {
  const t = d / DUMPS;
  switch (tag) {
    case 'rollout/ep_rew_mean': return -180 + 260 * (1 - Math.exp(-3 * t)) + 6 * wobble(d, 1);
    case 'rollout/ep_len_mean': return 420 - 210 * (1 - Math.exp(-2.5 * t)) + 8 * wobble(d, 2);
    case 'time/fps': return Math.round(402 + 6 * wobble(d, 3));
    case 'train/approx_kl': return 0.011 + 0.004 * wobble(d, 4);
    case 'train/clip_fraction': return 0.12 + 0.03 * wobble(d, 5);
    case 'train/clip_range': return 0.2;
    case 'train/entropy_loss': return -1.42 + 0.5 * t + 0.02 * wobble(d, 6);
    case 'train/explained_variance': return 0.93 - 0.85 * Math.exp(-4 * t) + 0.03 * wobble(d, 7);
    case 'train/learning_rate': return 0.0003;
    case 'train/loss': return 12 * Math.exp(-2 * t) + 1.5 + 0.8 * wobble(d, 8);
    case 'train/policy_gradient_loss': return -0.008 + 0.003 * wobble(d, 9);
    case 'train/std': return 1 - 0.45 * t;
    case 'train/value_loss': return 40 * Math.exp(-2.2 * t) + 4 + 1.5 * wobble(d, 10);
    default: return 0;
  }
}

/** Plots as the trainer leaves them at the start (their bytes do not matter, their sizes do). */
const START_PLOTS: readonly [string, number][] = [['labels.jpg', 84_433], ['train_batch0.jpg', 276_862], ['train_batch1.jpg', 274_906], ['train_batch2.jpg', 208_068]];

async function buildLiveProject(root: string): Promise<void> {
  const now = Date.now() / 1000;
  const started = now - DONE * EPOCH_S - 60;
  const run = join(root, YOLO);
  mkdirSync(run, { recursive: true });
  writeFileSync(join(run, 'args.yaml'), argsYaml({ name: 'apex_yolo11n', epochs: EPOCHS, closeMosaic: 10, saveDir: YOLO }));
  const era = ERAS['v8.3'];
  let csv = era.header(DETECT_COLUMNS);
  for (let i = 0; i < DONE; i++) csv += era.row(i + 1, detectRow(i), (i + 1) * EPOCH_S);
  writeFileSync(join(run, 'results.csv'), csv);
  for (const [name, bytes] of START_PLOTS) writeFileSync(join(run, name), Buffer.alloc(bytes, name));
  // Offline, as a box without a W&B login trains: everything stays until `wandb sync`.
  await replayCallback({ ultralyticsRun: run, wandbDir: join(root, 'wandb'), id: 'x7k2apex', epochs: DONE, saveDir: YOLO, name: 'apex_yolo11n', mode: 'offline', stepMs: 0, when: new Date(started * 1000) });

  // SB3's TensorBoardOutputFormat: one event per scalar, step = timesteps, each dump when its
  // rollout is done (the first has no train/*).
  const dir = join(root, PPO);
  mkdirSync(dir, { recursive: true });
  const wall = (d: number) => t0 + ((d + 1) * STEPS_PER_DUMP) / 402;
  const t0 = Math.floor(now) - Math.ceil((DUMPS * STEPS_PER_DUMP) / 402) - 10;
  const events = [fileVersionRecord(t0)];
  for (let d = 0; d < DUMPS; d++) {
    const tags = SB3_PPO_TAGS.filter((tag) => d > 0 || !tag.startsWith('train/'));
    events.push(...tags.map((tag) => record({ wallTime: wall(d), step: (d + 1) * STEPS_PER_DUMP, values: [{ tag, simple: ppoValue(tag, d) }] })));
  }
  writeFileSync(join(dir, `events.out.tfevents.${t0}.gpubox.4242.0`), Buffer.concat(events));

  stamp(root, (rel) => {
    if (rel.endsWith('args.yaml') || rel.endsWith('.jpg')) return started;
    if (rel.startsWith('output')) return wall(DUMPS - 1);
    return now - 20;
  });
}

/**
 * The GPU panel redraws its numbers on a 20-s beat (cli.ts REDRAW_MS), so a sparkline grows by
 * jumps until it is whole: ready once each is (GpuLines.ts: 4 readings in the compact panel; 12
 * of utilisation and 8 of temperature in the wide one). The fake's readings are steady, so
 * nothing changes after.
 */
export function gpuSettled(t: string): boolean {
  if (!/GPU ok/.test(t)) return false;
  return t.split('\n').filter((l) => l.includes('°C')).every((l) => {
    const runs = (l.match(/▄+/g) ?? []).map((r) => r.length);
    // The wide form also names each GPU's process, asked apart from the readings (every 30 s; a
    // first ask that times out under load leaves it out until the next).
    if (/util \d+%/.test(l)) return runs[0] === 12 && (runs.length === 1 || (runs.join(' ') === '12 8' && / python /.test(l)));
    return runs.every((n) => n === 4);
  });
}

const bothRuns = (t: string) => t.includes(`│ ${YOLO} │`) && t.includes(`│ ${PPO} │`) && gpuSettled(t);

// --- a real Ultralytics pose run with its W&B run, and a real SB3 PPO run (../shared) -------

const POSE = 'runs/pose/hands_yolo11n';
const POSE_CSV = 'ultralytics/results/pose_yolo11n_v8.3_100ep.csv';
/** Real Ultralytics plots (coco8-pose), staged by the callback as they would be. */
const POSE_PLOTS = 'ultralytics/rundirs/babymelvin_pose_train_yolo11n_v8.3';
/** A real wandb-core 0.21.0 log from start to "stream: closed": its uploader ended normally. */
const CORE_LOG = 'wandb/rl4avs_offline_runs/wandb/offline-run-20250818_154253-01tt2qoy/logs/debug-internal.log';
/** When the pose run's uploader closed its stream (the log's last line), in seconds. */
const POSE_END = Date.UTC(2025, 7, 18, 14, 44, 14) / 1000;

async function buildPoseRun(root: string): Promise<void> {
  const run = join(root, POSE);
  mkdirSync(run, { recursive: true });
  const csv = readFileSync(join(SHARED_FIXTURES, POSE_CSV), 'utf8');
  writeFileSync(join(run, 'results.csv'), csv);
  writeFileSync(join(run, 'args.yaml'), argsYaml({ task: 'pose', name: 'hands_yolo11n', epochs: 100, saveDir: POSE }));
  const plots = join(SHARED_FIXTURES, POSE_PLOTS);
  for (const name of readdirSync(plots).filter((n) => /\.(png|jpg)$/.test(n))) copyFileSync(join(plots, name), join(run, name));
  const took = Number(csv.trim().split('\n').pop()!.split(',')[1]);
  const started = POSE_END - took - 120;
  const id = 'k2p9hx7t';
  const folder = await replayCallback({ ultralyticsRun: run, wandbDir: join(root, 'wandb'), id, epochs: 100, saveDir: POSE, name: 'hands_yolo11n', project: 'hands', stepMs: 0, when: new Date(started * 1000) });
  mkdirSync(join(folder, 'logs'), { recursive: true });
  writeFileSync(join(folder, 'logs', 'debug-internal.log'), readFileSync(join(SHARED_FIXTURES, CORE_LOG), 'utf8').replaceAll('01tt2qoy', id));

  // As the trainer and the callback wrote them: the config and first plots at the start, the last
  // row, then the end plots and results.png, then the uploader's last words.
  const atStart = /(^|\/)(args\.yaml|config\.yaml|wandb-metadata\.json|labels[^/]*|train_batch\d[^/]*)$/;
  stamp(root, (rel) => {
    if (atStart.test(rel)) return started + 60;
    if (rel.endsWith('results.csv')) return POSE_END - 60;
    if (/results[^/]*\.png$/.test(rel)) return POSE_END - 20;
    if (/\.(png|jpg)$/.test(rel)) return POSE_END - 40;
    return POSE_END;
  });
}

const MINIGRID = 'tensorboard/sb3_ppo_minigrid_hnxm';
const MINIGRID_RUN = 'output/minigrid_ppo/PPO_1';

async function buildPpoRun(root: string): Promise<void> {
  const dir = join(root, MINIGRID_RUN);
  mkdirSync(dir, { recursive: true });
  let last = 0;
  for (const name of readdirSync(join(SHARED_FIXTURES, MINIGRID))) {
    copyFileSync(join(SHARED_FIXTURES, MINIGRID, name), join(dir, name));
    last = Math.max(last, newestWallTime(join(dir, name)));
  }
  // Written when its last record was: a finished run, not a copy.
  stamp(root, () => last);
}

export const SCENES: readonly Scene[] = [
  {
    name: 'project',
    title: 'aigp-watch in a project root: a YOLO detector and an SB3 PPO policy training at once, the GPUs below',
    shared: false,
    sizes: [...SIZES, [100, 30]],
    args: ['--total-timesteps', String(TOTAL_TIMESTEPS)],
    build: buildLiveProject,
    ready: bothRuns,
    keys: [],
  },
  {
    name: 'gpu',
    title: 'g: the GPU detail of an eight-GPU box, every reading of every GPU',
    shared: false,
    sizes: SIZES,
    args: ['--total-timesteps', String(TOTAL_TIMESTEPS)],
    build: buildLiveProject,
    ready: bothRuns,
    // Its charts have a time axis once the readings it was given span a second (the next beat at the latest).
    keys: [{ key: 'g', shows: (t) => t.startsWith('GPU detail') && /└-\d+s/.test(t) }],
  },
  {
    name: 'ultralytics',
    title: 'A finished Ultralytics pose run (YOLO11n, 100 epochs) with what its W&B run staged for upload',
    shared: true,
    sizes: SIZES,
    args: [],
    build: buildPoseRun,
    ready: (t) => t.includes(`│ ${POSE} │`) && t.includes('W&B') && gpuSettled(t),
    keys: [],
  },
  {
    name: 'egress',
    title: 'e: every file the W&B run staged for upload, with the queue line that says whether it has left',
    shared: true,
    sizes: SIZES,
    args: [],
    build: buildPoseRun,
    ready: (t) => t.includes(`│ ${POSE} │`) && t.includes('W&B') && gpuSettled(t),
    keys: [{ key: 'e', shows: (t) => /^staged for upload: /m.test(t) }],
  },
  {
    name: 'ppo',
    title: 'A finished Stable-Baselines3 PPO run (MiniGrid): reward and episode length, the train/* table',
    shared: true,
    sizes: SIZES,
    args: [],
    build: buildPpoRun,
    ready: (t) => t.includes(`│ ${MINIGRID_RUN} │`) && gpuSettled(t),
    keys: [],
  },
];

export const pictureName = (scene: Scene, cols: number, rows: number) => `${scene.name}-${cols}x${rows}.svg`;
