import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Custody } from '../../src/discover/custody.js';
import { matchRun, trainerOf, type TrainingRef, type WandbRunFolder } from '../../src/discover/wandb-match.js';

const T0 = Date.UTC(2026, 10, 3, 9, 0, 0);
/** A wandb folder's start, written in local time as wandb names it (read back as UTC). */
const folderTime = (ms: number) => ms - new Date(ms).getTimezoneOffset() * 60_000;

const training: TrainingRef = { runDir: '/proj/runs/detect/gates', name: 'gates', project: null, saveDir: '/proj/runs/detect/gates', startedAt: T0, endedAt: T0 + 3600_000 };

function run(id: string, minutes = 1): WandbRunFolder {
  return { dir: `/proj/wandb/run-x-${id}`, id, mode: 'online', startedAt: folderTime(T0 + minutes * 60_000) };
}

const configs = (c: Record<string, Record<string, unknown>>) => async (r: WandbRunFolder) => new Map(Object.entries(c[r.id] ?? {}));
/** Every run made by the training's owner, in folders no one else writes to. */
const owned = async (): Promise<Custody> => ({ trusted: true });

describe('which wandb run belongs to a training: evidence, never time alone', () => {
  it('save_dir names the training folder (relative, or from another machine): confirmed', async () => {
    for (const saveDir of ['runs/detect/gates', 'C:\\Users\\me\\proj\\runs\\detect\\gates', '/proj/runs/detect/gates']) {
      const m = await matchRun(training, [run('aaaa0001')], configs({ aaaa0001: { save_dir: saveDir, task: 'detect' } }), owned);
      assert.equal(m.run?.id, 'aaaa0001');
      assert.equal(m.run?.trainer, 'ultralytics');
    }
  });

  it('a config that names another run folder rules the run out, however well the times fit', async () => {
    const m = await matchRun(training, [run('aaaa0001'), run('bbbb0002')], configs({
      aaaa0001: { save_dir: 'runs/detect/gates2', task: 'detect' },
      bbbb0002: { name: 'keypoints', task: 'pose' },
    }), owned);
    assert.deepEqual(m, { run: null, candidates: [] });
  });

  it('name (and project) confirm; a project that differs rules out', async () => {
    assert.match((await matchRun({ ...training, project: 'apex' }, [run('aaaa0001')], configs({ aaaa0001: { name: 'gates', project: 'apex' } }), owned)).run?.match ?? '', /^name gates in project apex/);
    assert.equal((await matchRun({ ...training, project: 'apex' }, [run('aaaa0001')], configs({ aaaa0001: { name: 'gates', project: 'other', task: 'detect' } }), owned)).run, null);
  });

  it('a run id in the training path confirms (tensorboard_log=f"runs/{run.id}")', async () => {
    const m = await matchRun({ ...training, runDir: '/proj/runs/k3j2h1g0/detect' }, [run('k3j2h1g0', 500)], configs({}), owned);
    assert.equal(m.run?.match, 'run id k3j2h1g0 in the path');
  });

  it('a run id that is the training folder\'s own name (a run called `train` for runs/detect/train) is no evidence', async () => {
    const m = await matchRun(training, [run('gates', 1)], configs({}), owned);
    assert.equal(m.run, null);
    assert.deepEqual(m.candidates.map((c) => [c.id, c.caveat]), [['gates', undefined]]);
  });

  it('evidence others could have planted never confirms: the run is a candidate, saying why; a run the owner made is still found', async () => {
    const planted = async (r: WandbRunFolder): Promise<Custody> => (r.id === 'k3j2h1g0' ? { trusted: false, why: '/tmp/wandb is owned by uid 65534, the training by uid 1000' } : { trusted: true });
    const t = { ...training, runDir: '/proj/runs/k3j2h1g0/detect' };
    const m = await matchRun(t, [run('k3j2h1g0', 900), run('aaaa0001')], configs({ aaaa0001: { save_dir: '/proj/runs/k3j2h1g0/detect', task: 'detect' } }), planted);
    assert.equal(m.run?.id, 'aaaa0001');
    const alone = await matchRun(t, [run('k3j2h1g0', 900)], configs({}), planted);
    assert.equal(alone.run, null);
    assert.deepEqual(alone.candidates.map((c) => [c.id, c.caveat]), [['k3j2h1g0', 'run id k3j2h1g0 in the path, but /tmp/wandb is owned by uid 65534, the training by uid 1000']]);
    const byTime = await matchRun(training, [run('cccc0003', 5)], configs({}), async () => ({ trusted: false, why: '/data is writable by anyone (no sticky bit)' }));
    assert.equal(byTime.candidates[0].caveat, '/data is writable by anyone (no sticky bit)');
  });

  it('a run of the same time whose files say nothing either way is only a candidate; one far off is not even that', async () => {
    const m = await matchRun(training, [run('cccc0003', 5), run('dddd0004', -600), run('eeee0005', 20)], configs({ cccc0003: { lr: 0.01, model: 'resnet50' } }), owned);
    assert.equal(m.run, null);
    assert.deepEqual(m.candidates.map((c) => c.id), ['cccc0003', 'eeee0005']);
  });

  it('no start time (no args.yaml yet): no candidates', async () => {
    assert.deepEqual(await matchRun({ ...training, startedAt: null }, [run('cccc0003')], configs({}), owned), { run: null, candidates: [] });
  });

  it('what trained, from the config', async () => {
    assert.equal(trainerOf(new Map<string, unknown>([['save_dir', 'x'], ['task', 'detect']])), 'ultralytics');
    assert.equal(trainerOf(new Map<string, unknown>([['lr', 0.1]])), 'other');
    assert.equal(trainerOf(new Map<string, unknown>([['_wandb_project', 'apex'], ['wandb_version', 1]])), 'unknown');
  });
});
