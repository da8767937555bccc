// Fuzzing the readers in-process: a valid file of each format (made by the repo's own writers) is
// mutated by a seeded generator, written to a temp folder and read the way `--once` reads it,
// through the text and JSON faces with the sanitising the CLI gives them. A case fails when
// anything throws, when a control character gets out, when it takes too long, or when the
// process's peak RSS during it grows by more than a bound. Every case is named by its seed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EgressReader } from '../src/live/egress-reader.js';
import { openRun } from '../src/live/open-run.js';
import { egressJson, egressLines } from '../src/report/egress-report.js';
import { tensorboardJson, ultralyticsJson } from '../src/report/json-snapshot.js';
import { tensorboardText, ultralyticsText } from '../src/report/text-snapshot.js';
import { viewRun } from '../src/model/run-view.js';
import { cleanLines, safeJson } from '../src/model/text.js';
import { viewTb } from '../src/model/tb-view.js';
import { DETECT_COLUMNS, resultsCsv } from '../fixtures/ultralytics/results-writer.js';
import { fileVersionRecord, sb3Dump } from '../fixtures/tensorboard/event-writer.js';
import { frameRecords, records } from '../fixtures/wandb/wandb-writer.js';
import { LocalFs } from '../src/live/fs/local-fs.js';
import { readYamlFaces, yamlMutant } from './yaml.js';

export type Format = 'csv' | 'tfevents' | 'wandb' | 'yaml';
export const FORMATS: readonly Format[] = ['csv', 'tfevents', 'wandb', 'yaml'];

import { random } from './random.mjs';

export { random };

function seedFile(format: Exclude<Format, 'yaml'>): Buffer {
  if (format === 'csv') return Buffer.from(resultsCsv('v8.3', DETECT_COLUMNS, 20, 50));
  if (format === 'tfevents') return Buffer.concat([fileVersionRecord(1_700_000_000), ...Array.from({ length: 12 }, (_, d) => Buffer.concat(sb3Dump(d, 2048, 1_700_000_000)))]);
  return frameRecords([
    records.header(),
    records.run('fuzz0001', 'apex', { save_dir: 'runs/detect/x', task: 'detect', name: 'x' }),
    ...Array.from({ length: 30 }, (_, i) => records.history({ 'train/box_loss': 1 / (i + 1), _step: i })),
    records.stats({ 'system.gpu.0.gpu': 97 }),
    records.outputRaw('epoch 1/20 \u001b[2J\u001b]0;title\u0007'),
    records.exit(0),
  ]);
}

/** What an attacker or a broken disk might put in a file: controls, huge numbers, odd text. */
const NASTY = ['\u001b[2J', '\u001b]52;c;aGk=\u0007', '\u009b31m', '\u202e', '\u200b', '1e308', '-1e308', 'nan', 'inf', '\r', '\n', ',', '\u0000', '\ud800', '9'.repeat(400)];

export function mutate(input: Buffer, rnd: () => number): Buffer {
  let b = Buffer.from(input);
  const edits = 1 + Math.floor(rnd() * 6);
  const at = () => Math.floor(rnd() * (b.length + 1));
  for (let i = 0; i < edits; i++) {
    const kind = Math.floor(rnd() * 7);
    const p = at();
    if (kind === 0 && b.length) b[Math.min(p, b.length - 1)] ^= 1 << Math.floor(rnd() * 8);
    else if (kind === 1) b = b.subarray(0, p);
    else if (kind === 2) b = Buffer.concat([b.subarray(0, p), b.subarray(Math.min(b.length, p + 1 + Math.floor(rnd() * 64)))]);
    else if (kind === 3) b = Buffer.concat([b.subarray(0, p), Buffer.from(NASTY[Math.floor(rnd() * NASTY.length)]), b.subarray(p)]);
    else if (kind === 4) {
      const from = at();
      b = Buffer.concat([b.subarray(0, p), b.subarray(from, from + Math.floor(rnd() * 512)), b.subarray(p)]);
    } else if (kind === 5) b = Buffer.concat([b.subarray(0, p), Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 16) }, () => Math.floor(rnd() * 256))), b.subarray(p)]);
    else if (b.length >= 4) b.writeUInt32LE(Math.floor(rnd() * 2 ** 32), Math.min(p, b.length - 4));
  }
  return b;
}

/** Any byte that drives a terminal: C0 but newline, ESC, DEL, C1, bidi and zero-width controls. */
export const DRIVES = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;

export interface Failure {
  format: Format;
  seed: number;
  what: string;
}

/**
 * The process's peak RSS since the last reset, in MiB (Linux: VmHWM, reset through clear_refs);
 * null where the kernel does not say.
 */
export const peakRss = {
  reset(): boolean {
    try {
      writeFileSync('/proc/self/clear_refs', '5');
      return true;
    } catch {
      return false;
    }
  },
  mib(): number | null {
    try {
      const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
      return m ? Number(m[1]) / 1024 : null;
    } catch {
      return null;
    }
  },
};

/**
 * Reads one mutated file in `dir` as --once would; returns why it failed, or null. `memoryMiB`:
 * how far the peak RSS may rise above what the process held when the case began.
 */
export async function check(format: Format, seed: number, dir: string, budgetMs: number, memoryMiB = 256): Promise<Failure | null> {
  const bytes = format === 'yaml' ? yamlMutant(random(seed), mutate) : mutate(seedFile(format), random(seed));
  const measured = peakRss.reset();
  const before = process.memoryUsage.rss() / 2 ** 20;
  const started = performance.now();
  try {
    const text = format === 'yaml' ? await readYamlFaces(bytes, dir) : await readFaces(format, bytes, dir);
    const bad = DRIVES.exec(text);
    if (bad) return { format, seed, what: `a face printed U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')}` };
  } catch (err) {
    return { format, seed, what: `threw: ${(err as Error).stack ?? String(err)}` };
  }
  const took = performance.now() - started;
  if (took > budgetMs) return { format, seed, what: `took ${took.toFixed(0)} ms` };
  const peak = measured ? peakRss.mib() : null;
  return peak !== null && peak - before > memoryMiB ? { format, seed, what: `peak RSS rose ${(peak - before).toFixed(0)} MiB (over ${memoryMiB})` } : null;
}

async function readFaces(format: Exclude<Format, 'yaml'>, bytes: Buffer, dir: string): Promise<string> {
  const now = Date.now();
  if (format === 'csv') {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'results.csv'), bytes);
    const { reader } = openRun({ kind: 'run', format: 'ultralytics', fs: new LocalFs(dir), runDir: dir, csvPath: join(dir, 'results.csv'), label: 'fuzz' });
    await reader.sync(false);
    reader.finish();
    const run = reader.store.snapshot;
    if (run.format !== 'ultralytics') throw new Error('not an Ultralytics run');
    const view = viewRun(run, now);
    return cleanLines(ultralyticsText(run, view, 100)) + safeJson(ultralyticsJson(run, view));
  }
  if (format === 'tfevents') {
    const runDir = join(dir, 'PPO_1');
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, 'events.out.tfevents.1700000000.box.1.0'), bytes);
    const { reader } = openRun({ kind: 'run', format: 'tensorboard', fs: new LocalFs(dir), runDir, file: null, label: 'fuzz' });
    await reader.sync(false);
    reader.finish();
    const run = reader.store.snapshot;
    if (run.format !== 'tensorboard') throw new Error('not a TensorBoard run');
    const view = viewTb(run, now, null);
    return cleanLines(tensorboardText(run, view, 100)) + safeJson(tensorboardJson(run, view));
  }
  const runDir = join(dir, 'wandb', 'run-20260101_000000-fuzz0001');
  mkdirSync(join(runDir, 'files'), { recursive: true });
  writeFileSync(join(runDir, 'run-fuzz0001.wandb'), bytes);
  const egress = new EgressReader({ kind: 'wandb', fs: new LocalFs(dir), dir: runDir }, { wandbDir: null });
  await egress.sync();
  const s = egress.store.snapshot;
  return cleanLines(egressLines(s, now).join('\n')) + safeJson(egressJson(s, now));
}
