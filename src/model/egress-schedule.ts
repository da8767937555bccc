// What the Ultralytics -> W&B callback will still ship for a run (ultralytics/utils/callbacks/wb.py):
// validation mosaics, curves and confusion matrices at the final validation, results.png and the
// best.pt artifact at train end, and the close-mosaic batches. Sizes come from the run folder:
// the file itself when it is written already, else its siblings' average.
import type { Projected } from './egress.js';

export interface ScheduleInput {
  /** Files in the Ultralytics run folder (top level and weights/), name -> bytes. */
  runFiles: ReadonlyMap<string, number>;
  /** Media keys already staged in the wandb run (train_batch0, val_batch0_pred, …). */
  stagedKeys: ReadonlySet<string>;
  task: string | null;
  epochs: number | null;
  closeMosaic: number | null;
  plots: boolean | null;
}

const TYPICAL_MOSAIC = 300_000;
const TYPICAL_CURVE = 75_000;
const TYPICAL_RESULTS = 400_000;

function average(sizes: number[], fallback: number): number {
  return sizes.length ? Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length) : fallback;
}

export function projectSchedule(i: ScheduleInput): Projected[] {
  if (i.plots === false) return [];
  const out: Projected[] = [];
  const names = [...i.runFiles.keys()];
  const size = (name: string) => i.runFiles.get(name);
  const add = (key: string, file: string, guess: number) => {
    if (i.stagedKeys.has(key)) return;
    const bytes = size(file);
    out.push({ what: file, bytes: bytes ?? guess, estimated: bytes === undefined });
  };

  const mosaics = names.filter((n) => /^(train|val)_batch\d+(_labels|_pred)?\.jpg$/.test(n)).map((n) => size(n) as number);
  const mosaic = average(mosaics, TYPICAL_MOSAIC);
  const closeMosaicDone = names.some((n) => /^train_batch\d+\.jpg$/.test(n) && Number(/\d+/.exec(n)?.[0]) > 2);
  if (i.closeMosaic && i.epochs && i.epochs > i.closeMosaic && !closeMosaicDone) {
    for (let k = 0; k < 3; k++) out.push({ what: `close-mosaic train_batch (${k + 1} of 3)`, bytes: mosaic, estimated: true });
  }
  if (i.task !== 'classify') {
    for (let k = 0; k < 3; k++) {
      for (const kind of ['labels', 'pred']) add(`val_batch${k}_${kind}`, `val_batch${k}_${kind}.jpg`, mosaic);
    }
  }
  const curves = names.filter((n) => /_curve\.png$/.test(n));
  const curveGuess = average(curves.map((n) => size(n) as number), TYPICAL_CURVE);
  const prefixes = i.task === 'classify' ? [] : ['Box', ...(i.task === 'segment' ? ['Mask'] : []), ...(i.task === 'pose' ? ['Pose'] : [])];
  const expected = curves.length ? curves : prefixes.flatMap((p) => ['F1', 'PR', 'P', 'R'].map((c) => `${p}${c}_curve.png`));
  for (const f of expected) add(f.replace(/\.png$/, ''), f, curveGuess);
  for (const f of ['confusion_matrix.png', 'confusion_matrix_normalized.png']) add(f.replace(/\.png$/, ''), f, curveGuess);
  add('results', 'results.png', TYPICAL_RESULTS);
  const weights = size('weights/best.pt') ?? size('weights/last.pt');
  if (weights !== undefined) out.push({ what: 'model artifact weights/best.pt', bytes: weights, estimated: size('weights/best.pt') === undefined });
  return out;
}
