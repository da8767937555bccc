import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadImage, createCanvas } from '@napi-rs/canvas';
import { ResultsCsvDecoder } from '../src/sources/ultralytics/results-csv.js';
import { SAMPLES, tempDir } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';
import { wandbProject } from './helpers/wandb-project.js';

async function pixels(path: string) {
  const img = await loadImage(readFileSync(path));
  const c = createCanvas(img.width, img.height);
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(0, 0, img.width, img.height).data;
  let nonWhite = 0;
  const colours = new Set<number>();
  for (let i = 0; i < data.length; i += 4) {
    if (data[i] < 250 || data[i + 1] < 250 || data[i + 2] < 250) nonWhite += 1;
    colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
  }
  return { width: img.width, height: img.height, nonWhite, colours: colours.size };
}

describe('aigp-watch export', () => {
  it('a PNG of the requested size, with charts drawn on it', async (t) => {
    const dir = tempDir(t);
    const png = join(dir, 'run.png');
    const r = runCli(['export', join(SAMPLES, 'rundir_detect'), '--png', png, '--width', '1200', '--height', '700']);
    assert.equal(r.status, 0, r.stderr);
    const p = await pixels(png);
    assert.deepEqual([p.width, p.height], [1200, 700]);
    assert.ok(p.nonWhite > 1200 * 700 * 0.02, `only ${p.nonWhite} drawn pixels`);
    assert.ok(p.colours > 20, 'several colours: lines, text, grid');
  });

  it('with a wandb run, one more chart: the staged bytes over epochs (not with --metrics)', async (t) => {
    const { root, run } = await wandbProject(t);
    const png = (name: string, ...args: string[]) => {
      const r = runCli(['export', run, '--png', join(root, name), '--width', '1200', '--height', '700', ...args], { cwd: root });
      assert.equal(r.status, 0, r.stderr);
      return pixels(join(root, name));
    };
    const without = await png('without.png', '--wandb-dir', join(root, 'nowhere'));
    const withWandb = await png('with.png');
    // Losses, metrics and the learning rate fill three of the four cells; the staged bytes the fourth.
    assert.ok(withWandb.nonWhite > without.nonWhite * 1.1, `${withWandb.nonWhite} drawn pixels with wandb, ${without.nonWhite} without`);
    const metricsOnly = await png('metrics.png', '--metrics', 'mAP50-95');
    const metricsWithoutWandb = await png('metrics-nowandb.png', '--metrics', 'mAP50-95', '--wandb-dir', join(root, 'nowhere'));
    assert.equal(metricsOnly.nonWhite, metricsWithoutWandb.nonWhite);
  });

  it('--metrics keeps only the named series; none matching is an error', (t) => {
    const dir = tempDir(t);
    assert.equal(runCli(['export', join(SAMPLES, 'rundir_detect'), '--png', join(dir, 'a.png'), '--metrics', 'mAP50-95']).status, 0);
    assert.equal(runCli(['export', join(SAMPLES, 'rundir_detect'), '--png', join(dir, 'b.png'), '--metrics', 'nothing-like-this']).status, 2);
    assert.equal(runCli(['export', join(SAMPLES, 'rundir_detect')]).status, 2, 'export needs --png or --csv');
  });

  it('the CSV round-trips the series', (t) => {
    const dir = tempDir(t);
    const csv = join(dir, 'run.csv');
    assert.equal(runCli(['export', join(SAMPLES, 'v8.1_detect_crlf_inf_nan.csv'), '--csv', csv]).status, 0);
    const decode = (bytes: Buffer) => {
      const d = new ResultsCsvDecoder();
      return [...d.push(bytes), ...d.flush()];
    };
    assert.deepEqual(decode(readFileSync(csv)).map((e) => (e.type === 'row' ? e.values.map(String) : e.type === 'header' ? e.columns : e)), decode(readFileSync(join(SAMPLES, 'v8.1_detect_crlf_inf_nan.csv'))).map((e) => (e.type === 'row' ? e.values.map(String) : e.type === 'header' ? e.columns : e)));
  });
});
