import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TbStore } from '../../src/model/tb-store.js';
import { viewTb } from '../../src/model/tb-view.js';
import { tensorboardText } from '../../src/report/text-snapshot.js';

function run(tags: string[]) {
  const store = new TbStore('/logs/train');
  store.update(() => {
    store.setExists(true, Date.now());
    for (let i = 1; i <= 5; i++) store.addEvent({ wallTime: Date.now() / 1000 - 50 + i * 10, step: i * 100, fileVersion: null, values: tags.map((tag) => ({ tag, plugin: null, kind: 'scalar' as const, value: 1 / i })) });
  });
  return store.snapshot;
}

describe('TensorBoard wording', () => {
  it('a run that is not SB3 (TF2 object detection) says steps and steps/s, never timesteps or fps', () => {
    const s = run(['Loss/total_loss', 'Loss/localization_loss', 'learning_rate']);
    const head = tensorboardText(s, viewTb(s, Date.now(), null), 100).split('\n')[0];
    assert.match(head, /· steps 500 ·/);
    assert.match(head, /\d+ steps\/s/);
    assert.doesNotMatch(head, /timesteps|fps/);
  });

  it('an SB3 run keeps PPO words', () => {
    const s = run(['rollout/ep_rew_mean', 'time/fps', 'train/approx_kl']);
    const head = tensorboardText(s, viewTb(s, Date.now(), null), 100).split('\n')[0];
    assert.match(head, /timesteps 500/);
    assert.match(head, /\d+ fps/);
  });
});
