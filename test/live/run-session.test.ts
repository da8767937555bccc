import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { resolveTargets } from '../../src/discover/targets.js';
import { RunSession } from '../../src/live/run-session.js';
import { argsYaml, DETECT_COLUMNS, ERAS, syntheticRow } from '../../fixtures/ultralytics/results-writer.js';
import { tempDir } from '../helpers/paths.js';
import { waitFor } from '../helpers/wait.js';
import { LocalFs } from '../../src/live/fs/local-fs.js';

const LOCAL = new LocalFs('/');

const style = ERAS['v8.3'];
const line = (epoch: number) => style.row(epoch, syntheticRow(DETECT_COLUMNS, epoch - 1, 10), epoch * 30);

function epochsOf(session: RunSession): number {
  const run = session.getSnapshot().run;
  return run.format === 'ultralytics' ? run.epochs.length : -1;
}

function startRun(dir: string, rows: number, startedAt?: Date): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'args.yaml'), argsYaml({ epochs: 10 }));
  if (startedAt) utimesSync(join(dir, 'args.yaml'), startedAt, startedAt);
  let text = style.header(DETECT_COLUMNS);
  for (let e = 1; e <= rows; e++) text += line(e);
  writeFileSync(join(dir, 'results.csv'), text);
}

for (const poll of [false, true]) {
  describe(`RunSession, Ultralytics (${poll ? 'polling' : 'fs events'})`, () => {
    const opts = { poll, pollIntervalMs: 100 };

    it('waits for a run folder that does not exist yet, then follows it as it grows', async (t) => {
      const root = join(tempDir(t), 'runs', 'detect', 'apex');
      const session = new RunSession((await resolveTargets(LOCAL, root))[0], opts);
      t.after(() => session.stop());
      await session.start();
      assert.equal(session.getSnapshot().run.exists, false);
      startRun(root, 1);
      await waitFor(() => epochsOf(session) === 1, 'the first row');
      appendFileSync(join(root, 'results.csv'), line(2));
      await waitFor(() => epochsOf(session) === 2, 'the appended row');
      const run = session.getSnapshot().run;
      assert.ok(run.format === 'ultralytics' && run.args.epochs === 10);
    });

    it('follows the newest run under a folder of runs, and switches when a newer one starts', async (t) => {
      const runs = join(tempDir(t), 'runs');
      startRun(join(runs, 'detect', 'old'), 3, new Date(Date.now() - 3600_000));
      startRun(join(runs, 'detect', 'older'), 5, new Date(Date.now() - 7200_000));
      const session = new RunSession((await resolveTargets(LOCAL, runs))[0], opts);
      t.after(() => session.stop());
      await session.start();
      await waitFor(() => epochsOf(session) === 3, 'the newest existing run');
      assert.equal(session.getSnapshot().run.label, 'runs/detect/old');
      startRun(join(runs, 'pose', 'new'), 1);
      await waitFor(() => session.getSnapshot().run.label === 'runs/pose/new', 'the switch to the new run');
      await waitFor(() => epochsOf(session) === 1, 'the new run’s row');
      assert.equal(session.getSnapshot().replaced?.label, 'runs/detect/old', 'the snapshot says which run it replaced');
    });
  });
}

describe('RunSession, TensorBoard', () => {
  it('follows the newest PPO_N of a log dir, and switches when a new one starts', async (t) => {
    const { fileVersionRecord, sb3Dump } = await import('../../fixtures/tensorboard/event-writer.js');
    const logDir = join(tempDir(t), 'output', 'apex_policy', 'tb_apex');
    const t0 = Math.floor(Date.now() / 1000) - 3600;
    const ppo = (n: number, start: number, dumps: number) => {
      const dir = join(logDir, `PPO_${n}`);
      mkdirSync(dir, { recursive: true });
      const parts = [fileVersionRecord(start)];
      for (let d = 0; d < dumps; d++) parts.push(...sb3Dump(d, 1000, start));
      writeFileSync(join(dir, `events.out.tfevents.${start}.box.1.0`), Buffer.concat(parts));
    };
    ppo(1, t0, 3);
    const session = new RunSession((await resolveTargets(LOCAL, logDir))[0], { poll: false, pollIntervalMs: 100 });
    t.after(() => session.stop());
    await session.start();
    await waitFor(() => session.getSnapshot().run.label === 'tb_apex/PPO_1', 'PPO_1');
    ppo(2, t0 + 1800, 1);
    await waitFor(() => session.getSnapshot().run.label === 'tb_apex/PPO_2', 'the switch to PPO_2');
    await waitFor(() => {
      const run = session.getSnapshot().run;
      return run.format === 'tensorboard' && run.tags.get('time/fps')?.count === 1;
    }, 'PPO_2’s first dump');
  });
});

describe('RunSession, time', () => {
  it('moves its clock on in 60-s steps, on the beat it is given (the one the GPU panel uses)', async (t) => {
    const dir = join(tempDir(t), 'runs', 'detect', 'x');
    startRun(dir, 2);
    let now = 1_700_000_040_000; // a 60-s boundary
    const listeners = new Set<(n: number) => void>();
    const beat = { subscribe: (l: (n: number) => void) => (listeners.add(l), () => listeners.delete(l)) };
    const session = new RunSession((await resolveTargets(LOCAL, dir))[0], { poll: false, pollIntervalMs: 100, beat }, () => now);
    t.after(() => session.stop());
    await session.start();
    await waitFor(() => epochsOf(session) === 2, 'the rows');
    const before = session.getSnapshot();
    now += 10_000;
    listeners.forEach((l) => l(now));
    assert.equal(session.getSnapshot(), before, 'within the same 60-s step: nothing to redraw');
    now += 60_000;
    listeners.forEach((l) => l(now));
    assert.equal(session.getSnapshot().now, now);
    assert.equal(session.getSnapshot().run, before.run);
    await session.stop();
    assert.equal(listeners.size, 0, 'stopped listening');
  });
});

describe('RunSession, W&B egress', () => {
  it('follows what the callback stages, as it is staged', async (t) => {
    const { replayCallback } = await import('../../fixtures/wandb/replay-callback.js');
    const { randomBytes } = await import('node:crypto');
    const root = tempDir(t);
    const runDir = join(root, 'runs', 'detect', 'gates');
    startRun(runDir, 2);
    for (const f of ['labels.jpg', 'train_batch0.jpg', 'val_batch0_pred.jpg', 'results.png']) writeFileSync(join(runDir, f), randomBytes(50_000));
    mkdirSync(join(root, 'wandb'));
    const session = new RunSession((await resolveTargets(new LocalFs(root), runDir))[0], { poll: false, pollIntervalMs: 100 }, Date.now, { wandbDir: null });
    t.after(() => session.stop());
    await session.start();
    const replay = replayCallback({ ultralyticsRun: runDir, wandbDir: join(root, 'wandb'), id: 'live0001', epochs: 4, saveDir: runDir, name: 'gates', stepMs: 300 });
    await waitFor(() => (session.getSnapshot().egress?.files.filter((f) => f.path.startsWith('media/')).length ?? 0) >= 2, 'the first staged images');
    assert.equal(session.getSnapshot().egress?.run?.id, 'live0001');
    await replay;
    const media = () => session.getSnapshot().egress?.files.filter((f) => f.path.startsWith('media/')) ?? [];
    await waitFor(() => media().length === 4 && session.getSnapshot().egress?.exitCode === 0, 'every image and the exit record').catch((err) => {
      const e = session.getSnapshot().egress;
      throw new Error(`${err.message}: ${JSON.stringify({ files: e?.files.map((f) => f.path), exit: e?.exitCode, records: e?.records, warnings: e?.warnings })}`);
    });
    assert.equal(media().reduce((n, f) => n + f.bytes, 0), 200_000);
    assert.equal(media().filter((f) => f.source !== null).length, 4, 'each image traced to its run-dir file');
  });
});

describe('RunSession, the project root', () => {
  it('a run found under the project is named from the project, not from the folder it is in', async (t) => {
    const project = tempDir(t);
    const ppo = join(project, 'output', 'apex_policy', 'tb_apex', 'PPO_1');
    mkdirSync(ppo, { recursive: true });
    writeFileSync(join(ppo, 'events.out.tfevents.1700000000.box.1.0'), '');
    const targets = await resolveTargets(new LocalFs(project), undefined);
    const session = new RunSession(targets[1], { poll: false, pollIntervalMs: 100 });
    t.after(() => session.stop());
    await session.start();
    await waitFor(() => session.getSnapshot().run.label === 'output/apex_policy/tb_apex/PPO_1', 'the PPO run, named from the project');
    assert.equal(session.getSnapshot().replaced ?? null, null, 'the first run found replaces nothing');
  });
});

describe('RunSession stopped while it starts (q before the first frame)', () => {
  it('starts nothing after the stop: no clock beat, no looks', async (t) => {
    const root = join(tempDir(t), 'runs', 'detect', 'apex');
    startRun(root, 3);
    let beats = 0;
    const beat = { subscribe: () => ((beats += 1), () => void (beats -= 1)) };
    const session = new RunSession((await resolveTargets(LOCAL, root))[0], { poll: false, pollIntervalMs: 100, beat });
    const started = session.start();
    await session.stop();
    await started;
    assert.equal(beats, 0, 'nothing subscribed to the beat after the stop');
    assert.equal((session as unknown as { looks: unknown }).looks, null, 'no look scheduled');
  });
});

