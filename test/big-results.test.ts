// Big results.csv files, generated here (nothing huge is committed): 300,000 rows within the
// 200 MB budget (the CLI's peak RSS, VmHWM, read as it exits; a time limit on each run, no speed
// asserted), every row exported, what is shown exact; a 100,000-column file capped in columns,
// the cap said by --once, --json and export.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CLI, REPO, tempDir } from './helpers/paths.js';

const RSS = join(REPO, 'test', 'helpers', 'report-rss.mjs');
const BUDGET_MIB = 200;
const COLUMNS = ['train/box_loss', 'train/cls_loss', 'train/dfl_loss', 'metrics/precision(B)', 'metrics/recall(B)', 'metrics/mAP50(B)', 'metrics/mAP50-95(B)', 'val/box_loss', 'val/cls_loss', 'val/dfl_loss', 'lr/pg0', 'lr/pg1', 'lr/pg2'];

/** The CLI with its peak RSS in MiB; killed past `timeoutMs` (a limit, not a speed test). */
function cli(args: string[], timeoutMs = 240_000): { status: number | null; stdout: string; stderr: string; rssMiB: number } {
  const env = { ...process.env };
  delete env.CI;
  const r = spawnSync(process.execPath, ['--import', RSS, CLI, ...args], { env, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, rssMiB: Number(/max-rss-kib (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024 };
}

/** `rows` rows of a detect results.csv, %.6g as Ultralytics writes them; one spike each in box loss (row 123,457) and mAP50-95 (row 200,001). */
function writeBig(path: string, rows: number): { boxMax: number; mapMax: number } {
  const fd = openSync(path, 'w');
  writeSync(fd, ['epoch', 'time', ...COLUMNS].join(',') + '\n');
  let chunk: string[] = [];
  for (let i = 1; i <= rows; i++) {
    const t = i / rows;
    const cells = COLUMNS.map((c, k) => {
      if (c === 'train/box_loss' && i === 123_457) return '97.5';
      if (c === 'metrics/mAP50-95(B)' && i === 200_001) return '0.99';
      if (c.includes('loss')) return (2.5 * Math.exp(-2 * t) + 0.4 + 0.02 * Math.sin(i + k)).toPrecision(6);
      if (c.startsWith('metrics')) return (0.9 * (1 - Math.exp(-4 * t)) * (c.includes('50-95') ? 0.6 : 1)).toPrecision(6);
      return (0.01 * (1 - t) + 0.0001).toPrecision(6);
    });
    chunk.push(`${i},${(i * 30.1).toPrecision(8)},${cells.join(',')}`);
    if (chunk.length === 10_000) {
      writeSync(fd, chunk.join('\n') + '\n');
      chunk = [];
    }
  }
  if (chunk.length) writeSync(fd, chunk.join('\n') + '\n');
  closeSync(fd);
  return { boxMax: 97.5, mapMax: 0.99 };
}

describe('a 300,000-row results.csv', () => {
  it(`--once and --json within ${BUDGET_MIB} MB, exact; export carries every row`, (t) => {
    const dir = tempDir(t);
    const spikes = writeBig(join(dir, 'results.csv'), 300_000);

    const once = cli(['--once', '--no-gpu', dir]);
    assert.equal(once.status, 0, once.stderr);
    assert.match(once.stdout, /epoch 300000/);
    assert.ok(once.rssMiB <= BUDGET_MIB, `--once peak RSS ${once.rssMiB.toFixed(0)} MiB`);

    const json = cli(['--json', '--no-gpu', dir]);
    assert.equal(json.status, 0, json.stderr);
    assert.ok(json.rssMiB <= BUDGET_MIB, `--json peak RSS ${json.rssMiB.toFixed(0)} MiB`);
    const o = JSON.parse(json.stdout) as { progress: { best_epoch: number }; series: Record<string, { count: number; max: number; last: number; best_epoch: number | null }> };
    assert.equal(o.series['train/box_loss'].count, 300_000);
    assert.equal(o.series['train/box_loss'].max, spikes.boxMax);
    assert.equal(o.series['metrics/mAP50-95(B)'].max, spikes.mapMax);
    assert.equal(o.series['metrics/mAP50-95(B)'].best_epoch, 200_001);
    assert.equal(o.progress.best_epoch, 200_001);
    t.diagnostic(`peak RSS: --once ${once.rssMiB.toFixed(0)} MiB, --json ${json.rssMiB.toFixed(0)} MiB`);

    const out = join(tempDir(t), 'all.csv');
    const ex = cli(['export', dir, '--csv', out]);
    assert.equal(ex.status, 0, ex.stderr);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 300_001, 'the header and every row');
    assert.equal(lines[123_457].split(',')[2], '97.5');
  });
});

describe('a 100,000-column CSV', () => {
  it('is read in its first columns, and --once, --json and export say so', (t) => {
    const dir = tempDir(t);
    const names = ['epoch', 'time', ...Array.from({ length: 99_998 }, (_, i) => `train/c${i}_loss`)];
    const row = (e: number) => [e, e * 10, ...Array.from({ length: 99_998 }, (_, i) => ((i % 97) / 10 + e / 100).toFixed(3))].join(',');
    const fd = openSync(join(dir, 'results.csv'), 'w');
    writeSync(fd, names.join(',') + '\n');
    for (let e = 1; e <= 5; e++) writeSync(fd, row(e) + '\n');
    closeSync(fd);
    const said = /results\.csv has 100,000 columns: only the first 256 are read/;
    const once = cli(['--once', '--no-gpu', dir], 120_000);
    assert.equal(once.status, 0, once.stderr);
    assert.match(once.stdout, said);
    assert.match(once.stdout, /epoch 5/);
    const json = cli(['--json', '--no-gpu', dir], 120_000);
    assert.equal(json.status, 0, json.stderr);
    const o = JSON.parse(json.stdout) as { series: Record<string, unknown>; warnings: string[] };
    assert.ok(o.warnings.some((w) => said.test(w)));
    assert.equal(Object.keys(o.series).length, 255, 'the columns read, less the epoch');
    const out = join(tempDir(t), 'wide.csv');
    const ex = cli(['export', dir, '--csv', out], 120_000);
    assert.equal(ex.status, 0, ex.stderr);
    assert.match(ex.stderr, said);
    assert.equal(readFileSync(out, 'utf8').split('\n')[0].split(',').length, 256);
  });
});
