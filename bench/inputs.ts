// Generates the benchmark inputs: a results.csv of N epochs, an SB3-style event file of a size.
import { closeSync, mkdirSync, openSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { argsYaml, DETECT_COLUMNS, resultsCsv } from '../fixtures/ultralytics/results-writer.js';
import { fileVersionRecord, sb3Dump } from '../fixtures/tensorboard/event-writer.js';

export const POSE_COLUMNS = [
  'train/box_loss', 'train/pose_loss', 'train/kobj_loss', 'train/cls_loss', 'train/dfl_loss',
  'metrics/precision(B)', 'metrics/recall(B)', 'metrics/mAP50(B)', 'metrics/mAP50-95(B)',
  'metrics/precision(P)', 'metrics/recall(P)', 'metrics/mAP50(P)', 'metrics/mAP50-95(P)',
  'val/box_loss', 'val/pose_loss', 'val/kobj_loss', 'val/cls_loss', 'val/dfl_loss', 'lr/pg0', 'lr/pg1', 'lr/pg2',
];

/** The rest of an Ultralytics 8.3 args.yaml (a real one is ~100 keys, 1.5 kB: its reading is part of a start). */
const MORE_ARGS = [
  'time: null, save: true, save_period: -1, cache: false, device: null, workers: 8, project: null',
  'exist_ok: false, pretrained: true, optimizer: auto, verbose: true, seed: 0, deterministic: true',
  'single_cls: false, rect: false, cos_lr: false, resume: false, amp: true, fraction: 1.0, profile: false',
  'freeze: null, multi_scale: false, overlap_mask: true, mask_ratio: 4, dropout: 0.0, val: true, split: val',
  'save_json: false, conf: null, iou: 0.7, max_det: 300, half: false, dnn: false, source: null, vid_stride: 1',
  'stream_buffer: false, visualize: false, augment: false, agnostic_nms: false, classes: null',
  'retina_masks: false, embed: null, show: false, save_frames: false, save_txt: false, save_conf: false',
  'save_crop: false, show_labels: true, show_conf: true, show_boxes: true, line_width: null, format: torchscript',
  'keras: false, optimize: false, int8: false, dynamic: false, simplify: true, opset: null, workspace: null',
  'nms: false, lr0: 0.01, lrf: 0.01, momentum: 0.937, weight_decay: 0.0005, warmup_epochs: 3.0',
  'warmup_momentum: 0.8, warmup_bias_lr: 0.1, box: 7.5, cls: 0.5, dfl: 1.5, pose: 12.0, kobj: 1.0, nbs: 64',
  'hsv_h: 0.015, hsv_s: 0.7, hsv_v: 0.4, degrees: 0.0, translate: 0.1, scale: 0.5, shear: 0.0, perspective: 0.0',
  'flipud: 0.0, fliplr: 0.5, bgr: 0.0, mosaic: 1.0, mixup: 0.0, copy_paste: 0.0, copy_paste_mode: flip',
  'auto_augment: randaugment, erasing: 0.4, cfg: null, tracker: botsort.yaml',
].join(', ').split(', ').join('\n') + '\n';

export function ultralyticsRun(dir: string, epochs: number, planned: number, task: 'detect' | 'pose' = 'detect'): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'args.yaml'), argsYaml({ task, epochs: planned, name: 'bench', saveDir: `runs/${task}/bench` }) + (task === 'pose' ? MORE_ARGS : ''));
  writeFileSync(join(dir, 'results.csv'), resultsCsv('v8.3', task === 'pose' ? POSE_COLUMNS : DETECT_COLUMNS, epochs, 30));
  // A live run: args.yaml was written when training started, as long ago as its time column says
  // (fresh file times with a long time column read as a copied, finished run).
  const started = new Date(Date.now() - epochs * 30_000);
  utimesSync(join(dir, 'args.yaml'), started, started);
  return dir;
}

/** An SB3 PPO event file of about `bytes` bytes; returns its path and the number of scalars. */
export function sb3EventFile(dir: string, bytes: number, t0 = Math.floor(Date.now() / 1000)): { path: string; scalars: number } {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `events.out.tfevents.${t0}.bench.1.0`);
  const fd = openSync(path, 'w');
  let written = 0;
  let scalars = 0;
  const first = fileVersionRecord(t0);
  writeSync(fd, first);
  written += first.length;
  let batch: Buffer[] = [];
  let batchBytes = 0;
  for (let d = 0; written < bytes; d++) {
    const recs = sb3Dump(d, 2048, t0);
    scalars += recs.length;
    for (const r of recs) {
      batch.push(r);
      batchBytes += r.length;
      written += r.length;
    }
    if (batchBytes > 1 << 20) {
      writeSync(fd, Buffer.concat(batch));
      batch = [];
      batchBytes = 0;
    }
  }
  if (batch.length) writeSync(fd, Buffer.concat(batch));
  closeSync(fd);
  return { path, scalars };
}

export function ensureDir(path: string): string {
  mkdirSync(dirname(path), { recursive: true });
  return path;
}
