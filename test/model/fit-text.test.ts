import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitFacts, fitName, fitNumbers, fitPath, fitSentence, fitWords, middleEllipsis, pathTail } from '../../src/model/fit-text.js';

describe('fitting names in columns', () => {
  it('middle ellipsis keeps both ends', () => {
    assert.equal(middleEllipsis('abcdefghij', 10), 'abcdefghij');
    assert.equal(middleEllipsis('abcdefghij', 5), 'ab…ij');
    assert.equal(middleEllipsis('abcdefghij', 1), '…');
    assert.equal(middleEllipsis('abcdefghij', 0), '');
  });

  it('a path gives up its folders first, then the middle of its name (stem and hash end stay)', () => {
    const p = 'media/images/train_batch0_1_0123456789abcdef0123.jpg';
    assert.equal(fitPath(p, 60), p);
    assert.equal(fitPath(p, 47), 'media/…/train_batch0_1_0123456789abcdef0123.jpg');
    assert.equal(fitPath(p, 24), 'train_batch0…def0123.jpg');
    assert.equal(fitPath(p, 24).length, 24);
    assert.equal(fitPath('output.log', 6), 'out…og');
  });
});

describe('cutting at word and path boundaries', () => {
  it('a path keeps its end, whole folders dropped from the front', () => {
    assert.equal(pathTail('output/apex_policy/tb_apex/PPO_1', 40), 'output/apex_policy/tb_apex/PPO_1');
    assert.equal(pathTail('output/apex_policy/tb_apex/PPO_1', 20), '…/tb_apex/PPO_1');
    assert.equal(pathTail('output/apex_policy/tb_apex/PPO_1', 7), '…/PPO_1');
    assert.equal(pathTail('averyveryverylongname', 8), '…ongname');
  });

  it('a sentence: its paths lose their folders first, then it loses its last words; never "(ne…/dest"', () => {
    const note = 'watching /tmp/s1_80/dest/runs (newest run) and /tmp/s1_80/dest (newest run) · file-system events';
    assert.equal(fitSentence(note, 100), note);
    assert.equal(fitSentence(note, 90), 'watching …/dest/runs (newest run) and /tmp/s1_80/dest (newest run) · file-system events');
    assert.equal(fitSentence(note, 73), 'watching …/runs (newest run) and …/dest (newest run) · file-system events');
    assert.equal(fitSentence(note, 50), 'watching …/runs (newest run) and …/dest (newest…');
    for (let w = 10; w < 100; w++) assert.ok(fitSentence(note, w).length <= w);
  });

  it('words: cut after a whole word', () => {
    assert.equal(fitWords('copied (file times are not the training’s)', 30), 'copied (file times are not…');
    assert.equal(fitWords('short', 30), 'short');
  });

  it('a name of words keeps its first and last words', () => {
    assert.equal(fitName('policy_gradient_loss', 20), 'policy_gradient_loss');
    assert.equal(fitName('policy_gradient_loss', 16), 'policy_…_loss');
    assert.equal(fitName('explained_variance', 12), 'explained_v…');
    assert.equal(fitName('a_b_c_d_e_last', 12), 'a_b_c_…_last');
  });

  it('facts: whole ones, then the next by its words', () => {
    const facts = ['ETA 1m 18s', 'best 35 · mAP50-95 0.3519', 'copied (file times are not the training’s)'];
    assert.equal(fitFacts(facts, 200), facts.join(' · '));
    assert.equal(fitFacts(facts, 60), 'ETA 1m 18s · best 35 · mAP50-95 0.3519 · copied (file…');
    assert.equal(fitFacts(facts, 45), 'ETA 1m 18s · best 35 · mAP50-95 0.3519');
  });
});

describe('numbers are never cut', () => {
  it('fewer digits first, then whole values from the end', () => {
    const t = 'box 0.9831/0.9788/0.9923/0.9294';
    assert.equal(fitNumbers(t, 40), t);
    assert.equal(fitNumbers(t, 27), 'box 0.983/0.979/0.992/0.929');
    assert.equal(fitNumbers(t, 24), 'box 0.98/0.98/0.99/0.93');
    assert.equal(fitNumbers(t, 20), 'box 0.98/0.98/0.99/…');
    for (let w = 4; w < 32; w++) assert.doesNotMatch(fitNumbers(t, w), /\d\.\d*…|\d…/, `width ${w}: ${fitNumbers(t, w)}`);
  });
});
