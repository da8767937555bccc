import assert from 'node:assert/strict';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadImage, createCanvas } from '@napi-rs/canvas';
import { writeOutputs } from '../src/export-run.js';
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

describe('export writes safely', () => {
  /** A copy of a sample run, and a separate folder for the outputs. */
  function setup(t: Parameters<typeof tempDir>[0]) {
    const root = tempDir(t);
    const run = join(root, 'runs', 'detect', 'exp');
    cpSync(join(SAMPLES, 'rundir_detect'), run, { recursive: true });
    const out = join(root, 'out');
    mkdirSync(out);
    return { run, out, csv: readFileSync(join(run, 'results.csv')) };
  }

  it('refuses to write onto a file it reads, or anywhere in the run folder', async (t) => {
    const { run, csv } = setup(t);
    const own = runCli(['export', run, '--csv', join(run, 'results.csv'), '--force']);
    assert.equal(own.status, 2);
    assert.match(own.stderr, /is in the run folder this export reads/);
    assert.deepEqual(readFileSync(join(run, 'results.csv')), csv, 'results.csv untouched');
    assert.equal(runCli(['export', join(run, 'results.csv'), '--png', join(run, 'results.png')]).status, 2);
    assert.equal(existsSync(join(run, 'results.png')), false);

    const { fileVersionRecord, sb3Dump } = await import('../fixtures/tensorboard/event-writer.js');
    const ppo = join(run, '..', '..', 'tb', 'PPO_1');
    mkdirSync(ppo, { recursive: true });
    const events = join(ppo, 'events.out.tfevents.1700000000.box.1.0');
    const bytes = Buffer.concat([fileVersionRecord(1_700_000_000), ...sb3Dump(0, 2048, 1_700_000_000)]);
    writeFileSync(events, bytes);
    const tb = runCli(['export', events, '--csv', events, '--force']);
    assert.equal(tb.status, 2);
    assert.deepEqual(readFileSync(events), bytes, 'the event file untouched');
  });

  it('refuses an existing file unless --force; --force replaces it whole', (t) => {
    const { run, out } = setup(t);
    const target = join(out, 'series.csv');
    writeFileSync(target, 'keep me');
    const r = runCli(['export', run, '--csv', target]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /series\.csv exists \(--force replaces it\)/);
    assert.equal(readFileSync(target, 'utf8'), 'keep me');
    const forced = runCli(['export', run, '--csv', target, '--force']);
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(readFileSync(target, 'utf8'), /^epoch,/);
    assert.match(forced.stdout, /wrote .*series\.csv/);
    assert.deepEqual(readdirSync(out), ['series.csv'], 'no temporary file left');
  });

  it('never writes through a symlink, even with --force', (t) => {
    const { run, out } = setup(t);
    const victim = join(out, 'victim.txt');
    writeFileSync(victim, 'precious');
    const link = join(out, 'plot.png');
    symlinkSync(victim, link);
    const r = runCli(['export', run, '--png', link, '--force']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /plot\.png is a symbolic link/);
    assert.equal(readFileSync(victim, 'utf8'), 'precious');
    assert.ok(lstatSync(link).isSymbolicLink());
  });

  it('refuses --png and --csv naming one file, and writes neither', (t) => {
    const { run, out } = setup(t);
    const r = runCli(['export', run, '--png', join(out, 'x'), '--csv', join(out, '.', 'x')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--png and --csv name the same file/);
    assert.deepEqual(readdirSync(out), []);
  });

  it('a --metrics that matches nothing writes nothing, not even the CSV', (t) => {
    const { run, out } = setup(t);
    const r = runCli(['export', run, '--png', join(out, 'a.png'), '--csv', join(out, 'a.csv'), '--metrics', 'nothing-like-this']);
    assert.equal(r.status, 2);
    assert.deepEqual(readdirSync(out), []);
  });

  it('--force goes with export only', () => {
    assert.equal(runCli(['--force', '--once']).status, 2);
  });

  it('writeOutputs says which files were written and which were not', async (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'appeared.png'), 'someone else’s');
    const r = await writeOutputs([{ path: join(dir, 'a.csv'), data: 'epoch\n1\n' }, { path: join(dir, 'appeared.png'), data: new Uint8Array([1]) }], false);
    assert.deepEqual(r.written, [join(dir, 'a.csv')]);
    assert.equal(r.failed.length, 1);
    assert.match(r.failed[0], /appeared\.png not written: .*exists/);
    assert.equal(readFileSync(join(dir, 'appeared.png'), 'utf8'), 'someone else’s');
  });
});
