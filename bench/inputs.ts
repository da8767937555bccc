// Generates the benchmark inputs: a results.csv of N epochs, an SB3-style event file of a size.
import { closeSync, mkdirSync, openSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { argsYaml, DETECT_COLUMNS, resultsCsv } from '../fixtures/ultralytics/results-writer.js';
import { fileVersionRecord, sb3Dump } from '../fixtures/tensorboard/event-writer.js';

export function ultralyticsRun(dir: string, epochs: number, planned: number): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'args.yaml'), argsYaml({ task: 'detect', epochs: planned, name: 'bench' }));
  writeFileSync(join(dir, 'results.csv'), resultsCsv('v8.3', DETECT_COLUMNS, epochs, 30));
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
