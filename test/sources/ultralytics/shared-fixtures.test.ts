// Every real results.csv in ../shared/fixtures/ultralytics is read right: rows, epochs, values.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ResultsCsvDecoder } from '../../../src/sources/ultralytics/results-csv.js';
import { column, readRun } from '../../helpers/read-run.js';
import { needsShared, SHARED_FIXTURES } from '../../helpers/paths.js';

// file, rows, first epoch, last epoch, columns, metric, its last value, a train loss, its first value
const EXPECTED: [string, number, number, number, number, string, number, string, number][] = [
  ['classify_v8.1_padded_epoch1_20ep.csv', 20, 1, 20, 8, 'metrics/accuracy_top1', 0.90909, 'train/loss', 2.9436],
  ['classify_yolo11n_v8.3_short_babymelvin.csv', 5, 1, 5, 9, 'metrics/accuracy_top1', 0.1, 'train/loss', 2.32361],
  ['detect_v8.0_padded_epoch0_100ep_CRLF.csv', 100, 0, 99, 14, 'metrics/mAP50-95(B)', 0.74259, 'train/box_loss', 1.4449],
  ['detect_v8.0_padded_epoch0_25ep.csv', 25, 0, 24, 14, 'metrics/mAP50-95(B)', 0.45929, 'train/box_loss', 1.6878],
  ['detect_v8.0_padded_epoch0_earlystop_51of200.csv', 51, 0, 50, 14, 'metrics/mAP50-95(B)', 0.50097, 'train/box_loss', 0.66881],
  ['detect_v8.2_padded_100ep.csv', 100, 1, 100, 14, 'metrics/mAP50-95(B)', 0.57598, 'train/box_loss', 3.1458],
  ['detect_v8.3_time_55ep.csv', 55, 1, 55, 15, 'metrics/mAP50-95(B)', 0.26938, 'train/box_loss', 1.85087],
  ['detect_yolo11n_v8.3_short_babymelvin.csv', 3, 1, 3, 15, 'metrics/mAP50-95(B)', 0, 'train/box_loss', 3.45744],
  ['obb_yolo11n_v8.3_short_babymelvin.csv', 10, 1, 10, 15, 'metrics/mAP50-95(B)', 0, 'train/box_loss', 3.75312],
  ['pose_v8.0_padded_epoch0_50ep.csv', 50, 0, 49, 22, 'metrics/mAP50-95(B)', 0.995, 'train/box_loss', 0.10643],
  ['pose_yolo11n_v8.3_100ep.csv', 100, 1, 100, 23, 'metrics/mAP50-95(B)', 0.91694, 'train/box_loss', 0.99263],
  ['pose_yolo11n_v8.3_short_babymelvin.csv', 10, 1, 10, 23, 'metrics/mAP50-95(B)', 0.00679, 'train/box_loss', 2.37362],
  ['pose_yolo26_v8.4_1ep_3pg_AdamW.csv', 1, 1, 1, 25, 'metrics/mAP50-95(B)', 0.16221, 'train/box_loss', 2.11515],
  ['pose_yolo26s_v8.4_100ep_rle_8pg.csv', 100, 1, 100, 30, 'metrics/mAP50-95(B)', 0.92935, 'train/box_loss', 1.19475],
  ['rtdetr_v8.3_time_1ep_sailboat.csv', 1, 1, 1, 15, 'metrics/mAP50-95(B)', 0.06562, 'train/giou_loss', 1.47801],
  ['segment_v8.0late_padded_epoch1_10ep.csv', 10, 1, 10, 20, 'metrics/mAP50-95(B)', 0.91948, 'train/box_loss', 0.96712],
  ['segment_yolo11n_v8.3_short_babymelvin.csv', 5, 1, 5, 21, 'metrics/mAP50-95(B)', 0.67958, 'train/box_loss', 1.01396],
  ['yolov5_detect_150ep.csv', 150, 0, 149, 14, 'metrics/mAP_0.5:0.95', 0.49232, 'train/box_loss', 0.12278],
];

const dir = join(SHARED_FIXTURES, 'ultralytics', 'results');

describe('real results.csv files', { skip: needsShared }, () => {
  for (const [file, rows, first, last, cols, metric, metricLast, loss, lossFirst] of EXPECTED) {
    it(file, async () => {
      const run = await readRun(join(dir, file));
      assert.equal(run.epochs.length, rows);
      assert.equal(run.epochs[0], first);
      assert.equal(run.epochs.at(-1), last);
      assert.equal(run.columns.length, cols);
      assert.ok(run.columns.every((c) => c === c.trim() && c.length > 0), 'names are trimmed');
      assert.equal(column(run, metric).at(-1), metricLast);
      assert.equal(column(run, loss)[0], lossFirst);
      assert.deepEqual(run.warnings, []);
    });
  }

  it('YOLO26 rle_loss goes negative and stays a number', async () => {
    const run = await readRun(join(dir, 'pose_yolo26s_v8.4_100ep_rle_8pg.csv'));
    assert.ok(column(run, 'train/rle_loss').some((v) => v < 0));
    assert.equal(run.columns.filter((c) => c.startsWith('lr/pg')).length, 8);
  });

  it('any chunking of the bytes gives the same rows', () => {
    for (const [file] of EXPECTED) {
      const bytes = readFileSync(join(dir, file));
      const whole = new ResultsCsvDecoder();
      const expected = [...whole.push(bytes), ...whole.flush()];
      const pieces = new ResultsCsvDecoder();
      const got = [];
      for (let i = 0, n = 1; i < bytes.length; i += n, n = (n * 7 + 3) % 53 + 1) got.push(...pieces.push(bytes.subarray(i, i + n)));
      got.push(...pieces.flush());
      assert.deepEqual(got, expected, file);
    }
  });

  it('the run-dir fixture reads with its args.yaml', async () => {
    const runDir = join(SHARED_FIXTURES, 'ultralytics', 'rundirs', 'babymelvin_pose_train_yolo11n_v8.3');
    const run = await readRun(join(runDir, 'results.csv'));
    assert.equal(run.args.task, 'pose');
    assert.equal(run.args.epochs, 10);
    assert.equal(run.args.name, 'train');
    assert.equal(run.epochs.length, 10);
    assert.equal(run.trainEnded, true, 'results.png marks the end');
  });
});
