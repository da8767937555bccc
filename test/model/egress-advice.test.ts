import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { egressAdvice } from '../../src/model/egress-advice.js';
import { attributedState, pickedByUser } from '../../src/model/egress-attribution.js';
import { EgressStore, type WandbRunRef } from '../../src/model/egress.js';

const run = (patch: Partial<WandbRunRef> = {}): WandbRunRef => ({
  id: 'gates001', dir: '/p/wandb/run-20250310_095404-gates001', mode: 'online', match: 'save_dir runs/detect/apex', trainer: 'ultralytics', ...patch,
});

describe('egress advice', () => {
  it('an online Ultralytics run: wandb offline, plots=False and the team switch', () => {
    assert.equal(egressAdvice('online', 'ultralytics', 0), "stop it: WANDB_MODE=offline · plots=False · AIGP_WANDB=0 (the team's switch)");
  });

  it('an online run of anything else: only wandb’s own switches', () => {
    for (const trainer of ['other', 'unknown'] as const) {
      const words = egressAdvice('online', trainer, 0);
      assert.match(words, /WANDB_MODE=offline/);
      assert.match(words, /WANDB_MODE=disabled/);
      assert.doesNotMatch(words, /plots=False|AIGP_WANDB/);
    }
  });

  it('offline: nothing leaves until wandb sync, and no switch to turn', () => {
    const words = egressAdvice('offline', 'ultralytics', 5_895_885);
    assert.equal(words, 'offline: nothing leaves until `wandb sync`');
  });

  it('finished and synced say what was staged, to the byte (whether it left is the queue line\'s to say); killed what may not have left', () => {
    assert.equal(egressAdvice('finished', 'ultralytics', 5_895_885), 'finished: 5,895,885 B (5.9 MB) staged, no more to come');
    assert.equal(egressAdvice('synced', 'other', 1_408_750), 'synced: 1,408,750 B (1.4 MB) left with `wandb sync`');
    assert.match(egressAdvice('killed', 'ultralytics', 1_408_750), /a killed training kills its uploader — of 1,408,750 B \(1\.4 MB\) staged, some may not have left/);
    for (const s of ['finished', 'synced', 'killed'] as const) assert.doesNotMatch(egressAdvice(s, 'ultralytics', 1), /stop it/);
  });
});

describe('egress attribution', () => {
  it('a confirmed run is the training’s', () => {
    const s = new EgressStore(['/p/wandb']);
    s.update({ run: { run: run(), lookedIn: ['/p/wandb'], candidates: [] } });
    assert.equal(s.snapshot.run?.id, 'gates001');
    assert.deepEqual(s.snapshot.candidates, []);
    assert.equal(attributedState(s.snapshot, Date.now()), 'online');
  });

  it('candidates alone are unconfirmed, never the run that uploads', () => {
    const s = new EgressStore(['/p/wandb']);
    s.update({ run: { run: null, lookedIn: ['/p/wandb'], candidates: [{ id: 'gates001', dir: '/p/wandb/run-20250310_095404-gates001', mode: 'online', startedAt: Date.UTC(2025, 2, 10, 9, 54, 4) }] } });
    assert.equal(s.snapshot.run, null);
    assert.equal(attributedState(s.snapshot, Date.now()), 'unconfirmed');
  });

  it('no run and no candidates is none; a pick is told by its rule', () => {
    assert.equal(attributedState(new EgressStore().snapshot, Date.now()), 'none');
    assert.equal(attributedState(null, Date.now()), 'none');
    assert.equal(pickedByUser(run({ match: 'picked by you' })), true);
    assert.equal(pickedByUser(run()), false);
  });
});
