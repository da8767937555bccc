import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { join } from 'node:path';
import { headline } from '../../src/model/headline.js';
import { bestEpoch } from '../../src/model/run-view.js';
import { readRun } from '../helpers/read-run.js';
import { needsShared, SHARED_FIXTURES } from '../helpers/paths.js';

const RESULTS = join(SHARED_FIXTURES, 'ultralytics', 'results');

describe('the headline: mAP50-95 of the task’s head at the best epoch', { skip: needsShared }, () => {
  it('pose: the (P) head, YOLO26 with rle_loss', async () => {
    const run = await readRun(join(RESULTS, 'pose_yolo26s_v8.4_100ep_rle_8pg.csv'));
    assert.equal(bestEpoch(run), 100);
    assert.deepEqual(headline(run, 100), { label: 'mAP50-95', value: 0.86034 });
  });

  it('segment: the (M) head; YOLOv5: mAP_0.5:0.95; classify: top1', async () => {
    const seg = await readRun(join(RESULTS, 'segment_v8.0late_padded_epoch1_10ep.csv'));
    const i = seg.columns.findIndex((c) => c.trim() === 'metrics/mAP50-95(M)');
    const best = bestEpoch(seg);
    assert.equal(headline(seg, best)?.value, seg.values[i][seg.epochs.indexOf(best!)]);
    const v5 = await readRun(join(RESULTS, 'yolov5_detect_150ep.csv'));
    assert.equal(headline(v5, bestEpoch(v5))?.label, 'mAP50-95');
    const cls = await readRun(join(RESULTS, 'classify_v8.1_padded_epoch1_20ep.csv'));
    assert.equal(headline(cls, bestEpoch(cls))?.label, 'top1');
  });
});
