import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tensorboardAlerts, ultralyticsAlerts } from '../../src/model/alerts.js';
import { RunStore } from '../../src/model/run-store.js';
import { viewRun } from '../../src/model/run-view.js';
import { TbStore } from '../../src/model/tb-store.js';
import { viewTb } from '../../src/model/tb-view.js';
import { EMPTY_ARGS } from '../../src/sources/ultralytics/args-yaml.js';

const T0 = 1_700_000_000_000;

describe('alerts', () => {
  it('a non-finite loss in the latest row, by name and epoch', () => {
    const s = new RunStore('/r/apex');
    s.setExists(true);
    s.setArgs({ ...EMPTY_ARGS, epochs: 10 }, T0);
    s.setHeader(['epoch', 'train/box_loss', 'val/cls_loss'], 1);
    s.appendRows([{ epoch: 1, values: [1, 0.5, 0.5], line: 2 }, { epoch: 2, values: [2, NaN, Infinity], line: 3 }], null);
    s.setFileTimes(T0 + 1000, false);
    const msgs = ultralyticsAlerts(s.snapshot, viewRun(s.snapshot, T0 + 2000)).map((a) => a.message);
    assert.deepEqual(msgs, ['train/box_loss is nan at epoch 2', 'val/cls_loss is inf at epoch 2']);
  });

  it('stall, early stop and the end are alerts with stable keys', () => {
    const s = new RunStore('/r/apex');
    s.setExists(true);
    s.setArgs({ ...EMPTY_ARGS, epochs: 2 }, T0);
    s.setHeader(['epoch', 'train/box_loss'], 1);
    s.appendRows([{ epoch: 1, values: [1, 0.5], line: 2 }, { epoch: 2, values: [2, 0.4], line: 3 }], null);
    s.setFileTimes(T0, false);
    const [done] = ultralyticsAlerts(s.snapshot, viewRun(s.snapshot, T0));
    assert.equal(done.key, 'finished:/r/apex');
    assert.match(done.message, /apex finished at epoch 2/);
  });

  it('TensorBoard: a NaN loss, and PPO health', () => {
    const s = new TbStore('/tb/PPO_1');
    s.setExists(true, T0);
    s.addEvent({ wallTime: 1, step: 100, fileVersion: null, values: [{ tag: 'train/loss', plugin: null, kind: 'scalar', value: NaN }, { tag: 'train/approx_kl', plugin: null, kind: 'scalar', value: 0.2 }] });
    const msgs = tensorboardAlerts(s.snapshot, viewTb(s.snapshot, T0, null)).map((a) => a.message);
    assert.ok(msgs.includes('train/loss is nan at step 100'));
    assert.ok(msgs.some((m) => /^approx_kl 0\.2\d* is high/.test(m)));
  });
});
