// The shared real runs at the sizes people use (80x24 first: a tmux pane), with and without a
// GPU panel: small multiples, the mAP50-95 headline, both phases, nothing wider than the pane.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { render } from 'ink-testing-library';
import { App, type GpuSource, type SessionLike } from '../../src/ui/App.js';
import { runTarget } from '../../src/discover/targets.js';
import { TensorboardReader } from '../../src/live/tensorboard-reader.js';
import type { AnyRun, SessionSnapshot } from '../../src/model/session.js';
import { EgressStore } from '../../src/model/egress.js';
import { GpuStore } from '../../src/model/gpu-store.js';
import { parseGpuLine } from '../../src/sources/nvidia-smi/query.js';
import { argsYaml } from '../../fixtures/ultralytics/results-writer.js';
import { fileVersionRecord, sb3Dump } from '../../fixtures/tensorboard/event-writer.js';
import { frame, press, resize } from '../helpers/ink.js';
import { needsShared, SHARED_FIXTURES, tempDir } from '../helpers/paths.js';
import { readRun } from '../helpers/read-run.js';
import { waitFor } from '../helpers/wait.js';
import { LocalFs } from '../../src/live/fs/local-fs.js';

const LOCAL = new LocalFs();

const RESULTS = join(SHARED_FIXTURES, 'ultralytics', 'results');
const SIZES = [[80, 24], [100, 30], [200, 60]] as const;
type T = Parameters<typeof tempDir>[0];

/**
 * A real results.csv in a run folder with its args.yaml, read once. `live`: without its `time`
 * column, which says the real run ended long ago (it would be a copied, finished run).
 */
async function ultralytics(t: T, file: string, task: string, live = false): Promise<AnyRun> {
  const dir = join(tempDir(t), task);
  const lines = readFileSync(join(RESULTS, file), 'utf8').trim().split('\n');
  const rows = lines.length - 1;
  await import('node:fs').then((fs) => fs.mkdirSync(dir, { recursive: true }));
  const timeAt = lines[0].split(',').findIndex((c) => c.trim() === 'time');
  if (live && timeAt >= 0) writeFileSync(join(dir, 'results.csv'), lines.map((l) => l.split(',').filter((_, i) => i !== timeAt).join(',')).join('\n') + '\n');
  else copyFileSync(join(RESULTS, file), join(dir, 'results.csv'));
  writeFileSync(join(dir, 'args.yaml'), argsYaml({ task, epochs: rows * 2, saveDir: dir }));
  return readRun(join(dir, 'results.csv'));
}

/** An SB3 PPO run written as the minigrid one is (52 dumps of 2048 steps), its last dump 30 s ago. */
async function ppoLive(t: T): Promise<AnyRun> {
  const dir = join(tempDir(t), 'PPO_1');
  const t0 = Math.floor(Date.now() / 1000) - 51 * 10 - 30;
  await import('node:fs').then((fs) => fs.mkdirSync(dir, { recursive: true }));
  writeFileSync(join(dir, `events.out.tfevents.${t0}.box.1.0`), Buffer.concat([fileVersionRecord(t0), ...Array.from({ length: 52 }, (_, d) => sb3Dump(d, 2048, t0)).flat()]));
  const reader = new TensorboardReader({ fs: LOCAL, runDir: dir, file: null, label: 'minigrid PPO' });
  await reader.sync();
  return reader.store.snapshot;
}

async function ppo(): Promise<AnyRun> {
  const reader = new TensorboardReader({ fs: LOCAL, runDir: join(SHARED_FIXTURES, 'tensorboard', 'sb3_ppo_minigrid_hnxm'), file: null, label: 'minigrid PPO' });
  await reader.sync();
  return reader.store.snapshot;
}

function session(run: AnyRun, egress: SessionSnapshot['egress'] = null): SessionLike {
  const snap: SessionSnapshot = {
    target: runTarget(LOCAL, run.format === 'tensorboard' ? { format: 'tensorboard', dir: run.runDir } : { format: 'ultralytics', dir: run.runDir }),
    run, egress, now: (run.lastChangeAt ?? Date.now()) + 1000,
  };
  return { subscribe: () => () => {}, getSnapshot: () => snap };
}

function gpus(n: number): GpuSource {
  const store = new GpuStore();
  const lines = Array.from({ length: n }, (_, i) => `${i}, GPU-${i}, NVIDIA H100 80GB HBM3, ${70 + i}, ${90 - i}, 70000, 81559, 600.5, 700.00, 0x0, [N/A], 1980, 2619`);
  for (let k = 0; k < 5; k++) store.addSamples(lines.map(parseGpuLine), Date.now() + k * 1000);
  return { subscribe: store.subscribe, getSnapshot: () => store.snapshot };
}

function wandbOnline(): SessionSnapshot['egress'] {
  const e = new EgressStore(['/p/wandb']);
  e.update({ run: { run: { id: 'gates001', dir: '/p/wandb/run-x-gates001', mode: 'online', match: 'save_dir runs/pose/hands', trainer: 'ultralytics' }, lookedIn: ['/p/wandb'], candidates: [] } });
  e.update({ files: [{ path: 'media/images/train_batch0_1_0123456789abcdef0123.jpg', bytes: 5_645_885, kind: 'file', target: null, category: 'training mosaics', firstSeen: Date.now(), step: 1, source: 'train_batch0.jpg' }] });
  return e.snapshot;
}

/** The App in a cols x rows pane: the frame drawn after the resize. */
async function draw(t: T, sessions: SessionLike[], cols: number, rows: number, gpu?: GpuSource) {
  const r = render(<App sessions={sessions} options={{ note: 'watching', gpu, totalTimesteps: 200_000 }} />);
  t.after(() => r.unmount());
  const before = r.frames.length;
  resize(r, cols, rows);
  await waitFor(() => r.frames.length > before && frame(r).split('\n').every((l) => [...l].length <= cols), `a frame at ${cols}x${rows}`);
  return r;
}

function fits(out: string, cols: number, rows: number, what: string): void {
  const lines = out.split('\n');
  assert.ok(lines.length <= rows, `${what}: ${lines.length} lines`);
  for (const l of lines) assert.ok([...l].length <= cols, `${what}: a line of ${[...l].length}: ${l}`);
}

/** Each component drawn as its own facet (a chart or a strip titled with its values), never one legend over one chart. */
function smallMultiples(out: string, components: readonly string[], what: string): void {
  for (const c of components) {
    assert.match(out, new RegExp(`(^|[ │])${c} -?[\\d.]+(e-?\\d+)?/`, 'm'), `${what}: a facet for ${c}`);
    notOnOneAxis(out, c, what);
  }
}

const RUNS = [
  { name: 'detect', file: 'detect_v8.3_time_55ep.csv', task: 'detect', losses: ['box', 'cls', 'dfl'], heads: [] as string[] },
  { name: 'pose (YOLO26, rle_loss)', file: 'pose_yolo26s_v8.4_100ep_rle_8pg.csv', task: 'pose', losses: ['box', 'pose', 'kobj', 'cls', 'dfl', 'rle'], heads: ['box', 'pose'] },
  { name: 'seg', file: 'segment_v8.0late_padded_epoch1_10ep.csv', task: 'segment', losses: ['box', 'seg', 'cls', 'dfl'], heads: ['box', 'mask'] },
];

describe('the screens at 80x24, 100x30 and 200x60', { skip: needsShared }, () => {
  for (const run of RUNS) {
    for (const [cols, rows] of SIZES) {
      for (const gpu of [0, 2, 8]) {
        it(`${run.name} at ${cols}x${rows}, ${gpu} GPUs: small multiples, the headline, per-head metrics`, async (t) => {
          const r = await draw(t, [session(await ultralytics(t, run.file, run.task), gpu === 2 ? wandbOnline() : null)], cols, rows, gpu ? gpus(gpu) : undefined);
          const out = frame(r);
          const what = `${run.name} ${cols}x${rows} ${gpu} GPUs`;
          fits(out, cols, rows, what);
          smallMultiples(out, run.losses, what);
          assert.match(out, /best \d+ · mAP50-95 0\.\d+/, `${what}: the headline`);
          for (const head of run.heads) assert.match(out, new RegExp(`(^|[ │])${head} [\\d.]+/[\\d.]+/[\\d.]+/[\\d.]+`, 'm'), `${what}: a ${head} metrics facet`);
        });
      }
    }
  }

  it('pose: the headline is the (P) head at the best epoch', async (t) => {
    const r = await draw(t, [session(await ultralytics(t, 'pose_yolo26s_v8.4_100ep_rle_8pg.csv', 'pose'))], 80, 24);
    assert.match(frame(r), /best 100 · mAP50-95 0\.8603/);
  });

  for (const [cols, rows] of SIZES) {
    for (const gpu of [0, 8]) {
      it(`PPO at ${cols}x${rows}, ${gpu} GPUs: ep_rew_mean and ep_len_mean each on its own scale, the train/* table`, async (t) => {
        const r = await draw(t, [session(await ppo())], cols, rows, gpu ? gpus(gpu) : undefined);
        const out = frame(r);
        fits(out, cols, rows, `PPO ${cols}x${rows}`);
        smallMultiplesTb(out);
        assert.match(out, /train\/\*/);
      });
    }
  }

  it('PPO at 80x24 with 8 GPUs: tab reaches and charts every train/* tag and time/fps', async (t) => {
    const run = await ppo();
    const r = await draw(t, [session(run)], 80, 24, gpus(8));
    const tags = [...run.format === 'tensorboard' ? run.tags.keys() : []].filter((x) => x.startsWith('train/') || x === 'time/fps');
    const charted = new Set<string>();
    for (let i = 0; i < 20; i++) {
      await press(r, '\t');
      const out = frame(r);
      fits(out, 80, 24, 'PPO with focus');
      // The focused tag's chart: its title line, then a y axis.
      const m = /^▸ (train\/\S+|time\/fps) +■ last [^\n]*\n[^\n]*┤/m.exec(out);
      if (m) charted.add(m[1]);
    }
    assert.deepEqual([...charted].sort(), tags.sort());
  });

  for (const [cols, rows] of SIZES) {
    for (const gpu of [0, 8]) {
      it(`both phases live at ${cols}x${rows}, ${gpu} GPUs: both headers, a chart each; tab gives the other the room`, async (t) => {
        const r = await draw(t, [session(await ultralytics(t, 'pose_yolo26s_v8.4_100ep_rle_8pg.csv', 'pose', true)), session(await ppoLive(t))], cols, rows, gpu ? gpus(gpu) : undefined);
        const check = (what: string) => {
          const out = frame(r);
          fits(out, cols, rows, what);
          assert.match(out, /^aigp-watch │ .* │ pose │ ● live/m, `${what}: the pose header`);
          assert.match(out, /^aigp-watch │ minigrid PPO │ PPO \(SB3\) │ ● live/m, `${what}: the PPO header`);
          assert.match(out, /best 100 · mAP50-95 0\.8603/, `${what}: the pose headline`);
          assert.match(out, /timesteps 106,496\/200,000/, `${what}: the PPO progress`);
          smallMultiples(out, ['box', 'rle'], what);
          smallMultiplesTb(out);
        };
        check('first run focused');
        for (let i = 0; i < 4; i++) await press(r, '\t');
        check('second run focused');
      });
    }
  }
});

/** A legend entry names a series of a shared chart only on a collapsed panel's line, with no chart under it. */
function notOnOneAxis(out: string, label: string, what: string): void {
  const lines = out.split('\n');
  lines.forEach((l, i) => {
    if (l.includes(`■ ${label} `)) assert.doesNotMatch(lines[i + 1] ?? '', /┤/, `${what}: ${label} drawn on a chart shared with other series`);
  });
}

function smallMultiplesTb(out: string): void {
  for (const tag of ['ep_rew_mean', 'ep_len_mean']) {
    assert.match(out, new RegExp(`(^|[ │])rollout/${tag} [\\d.]+`, 'm'), `a facet for ${tag}`);
    notOnOneAxis(out, `rollout/${tag}`, 'PPO');
  }
}
