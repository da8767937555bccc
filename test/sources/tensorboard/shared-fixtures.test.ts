// Every real event file in ../shared/fixtures/tensorboard reads as TensorBoard reads it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TensorboardReader } from '../../../src/live/tensorboard-reader.js';
import { needsShared, SHARED_FIXTURES } from '../../helpers/paths.js';
import { LocalFs } from '../../../src/live/fs/local-fs.js';

const LOCAL = new LocalFs();

const TB = join(SHARED_FIXTURES, 'tensorboard');
const f32 = Math.fround;

async function read(dir: string, file: string | null = null) {
  const r = new TensorboardReader({ fs: LOCAL, runDir: join(TB, dir), file: file && join(TB, dir, file), label: dir });
  await r.sync();
  return r.store.snapshot;
}

function tag(s: Awaited<ReturnType<typeof read>>, name: string) {
  const x = s.tags.get(name);
  assert.ok(x, `tag ${name}`);
  const pts = x.points();
  return { count: x.count, first: pts[0].step, last: x.last?.step, value: x.last?.value };
}

describe('real TensorBoard event files', { skip: needsShared }, () => {
  it('SB3 PPO minigrid: 148 records, 12 tags, rollout from 8192, train from 16384', async () => {
    const s = await read('sb3_ppo_minigrid_hnxm');
    assert.equal(s.records, 148);
    assert.equal(s.tags.size, 12);
    assert.deepEqual(tag(s, 'rollout/ep_rew_mean'), { count: 13, first: 8192, last: 106496, value: f32(0.4115500748157501) });
    assert.deepEqual(tag(s, 'time/fps'), { count: 13, first: 8192, last: 106496, value: 673 });
    assert.deepEqual(tag(s, 'train/approx_kl'), { count: 12, first: 16384, last: 106496, value: f32(0.011616401374340057) });
    assert.equal(s.tags.has('train/std'), false);
    assert.deepEqual(s.warnings, []);
  });

  it('SB3 PPO resumed over 3 files in one PPO_1: read in start order, steps continue', async () => {
    const s = await read('sb3_ppo_smartflow_resumed_3files/PPO_1');
    assert.equal(s.files.length, 3);
    assert.equal(s.records, 129);
    assert.equal(s.tags.size, 13);
    assert.deepEqual(tag(s, 'rollout/ep_rew_mean'), { count: 12, first: 144, last: 1728, value: f32(-0.22425831854343414) });
    assert.deepEqual(tag(s, 'train/std'), { count: 9, first: 288, last: 1728, value: f32(0.9705690145492554) });
    const steps = s.tags.get('rollout/ep_len_mean')!.points().map((p) => p.step);
    assert.deepEqual(steps, [...steps].sort((a, b) => a - b), 'steps never go back across files');
  });

  it('CatBoost file without a file_version record', async () => {
    const s = await read('edge_cases/catboost_no_file_version');
    assert.deepEqual(tag(s, 'MultiClass'), { count: 10, first: 0, last: 9, value: f32(0.9085279107093811) });
  });

  it('a fresh SB3 run: only the file_version record, no scalar yet', async () => {
    const s = await read('edge_cases/header_only_40B');
    assert.equal(s.records, 1);
    assert.equal(s.tags.size, 0);
    assert.equal(s.exists, true);
  });

  it('Lightning hparams: metadata-only values are skipped, hp_metric is a scalar', async () => {
    const s = await read('edge_cases/lightning_hparams_metadata_only');
    assert.deepEqual([...s.tags.keys()], ['hp_metric']);
    assert.equal(s.tags.get('hp_metric')?.last?.value, -1);
    assert.equal(s.skipped.empty, 3);
    assert.equal(s.plugins.get('_hparams_/experiment'), 'hparams');
  });

  it('simple_value with scalars plugin metadata', async () => {
    const s = await read('edge_cases/simple_value_with_scalars_plugin_metadata');
    assert.equal(tag(s, 'hello').value, 1);
  });

  it('TF1 legacy: the image is counted, not drawn; the loss at step 20000', async () => {
    const s = await read('edge_cases/tf1_legacy_image_and_simple');
    assert.deepEqual(tag(s, 'loss'), { count: 1, first: 20000, last: 20000, value: f32(0.9) });
    assert.equal(s.skipped.image, 1);
    assert.equal(s.tags.has('image'), false);
  });

  it('one event file as PATH reads only that file', async () => {
    const s = await read('sb3_ppo_smartflow_resumed_3files/PPO_1', 'events.out.tfevents.1741639681.gjertvasstind.62174.0');
    assert.equal(s.records, 43);
    assert.equal(tag(s, 'rollout/ep_rew_mean').first, 720);
  });
});
