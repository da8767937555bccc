// The streams carry every point: --json --follow and export --csv against an independent count
// of the event files (TFRecord framing read in the test), a slow reader, and their memory.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DETECT_COLUMNS, resultsCsv } from '../fixtures/ultralytics/results-writer.js';
import { CLI, needsShared, REPO, SHARED_FIXTURES, tempDir } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';
import { countByTag, forEachScalar, writeSb3File, type Scalar } from './helpers/tfrecord-scalars.js';
import { waitFor } from './helpers/wait.js';

const RSS = join(REPO, 'test', 'helpers', 'report-rss.mjs');
const SB3 = join(SHARED_FIXTURES, 'tensorboard');
const eventFiles = (dir: string) => readdirSync(dir).filter((n) => n.includes('tfevents')).sort().map((n) => join(dir, n));

interface Event {
  type: string;
  tag?: string;
  step?: number;
  value?: number | null;
  epoch?: number;
  repeat?: boolean;
}

/** `aigp-watch --json --follow PATH`, its stdout read as it comes (or held back: `slow`). */
function follow(t: { after(fn: () => void): void }, path: string, slow = false) {
  const env = { ...process.env };
  delete env.CI;
  const child = spawn(process.execPath, ['--import', RSS, CLI, '--json', '--follow', '--no-gpu', path], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => child.kill('SIGKILL'));
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const events: Event[] = [];
  let rest = '';
  const take = (d: Buffer | string) => {
    const lines = (rest + d).split('\n');
    rest = lines.pop()!;
    for (const l of lines) events.push(JSON.parse(l) as Event);
  };
  if (!slow) child.stdout.on('data', take);
  const closed = new Promise((r) => child.stdout.on('close', r));
  return {
    events,
    /** Once stdout closed: what came after the last newline (a cut line), '' when every line was whole. */
    async unfinished(): Promise<string> {
      await closed;
      return rest;
    },
    scalars: () => events.filter((e) => e.type === 'scalar'),
    /** Reads about 1 kB a second for `seconds`, then everything. */
    async readSlowly(seconds: number): Promise<number> {
      let got = 0;
      for (let s = 0; s < seconds; s++) {
        await sleep(1000);
        const d = child.stdout.read(1024) as Buffer | null;
        if (d) {
          got += d.length;
          take(d);
        }
      }
      child.stdout.on('data', take);
      return got;
    },
    async stop(): Promise<{ code: number | null; maxRssMiB: number }> {
      const code = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      child.kill('SIGTERM');
      const c = await code;
      return { code: c, maxRssMiB: Number(/max-rss-kib (\d+)/.exec(stderr)?.[1] ?? NaN) / 1024 };
    },
  };
}

function countTags(events: readonly Event[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of events) counts[e.tag!] = (counts[e.tag!] ?? 0) + 1;
  return counts;
}

/** Each tag's (step, value) in file order: the scalars as the file holds them (float32). */
function perTag(scalars: Iterable<Scalar | Event>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of scalars) {
    const list = out.get(s.tag!) ?? [];
    list.push(`${s.step}:${s.value === null ? NaN : Math.fround(s.value!)}`);
    out.set(s.tag!, list);
  }
  return out;
}

function fileScalars(paths: readonly string[]): Scalar[] {
  const all: Scalar[] = [];
  for (const p of paths) forEachScalar(p, (s) => all.push(s));
  return all;
}

/** An exported CSV as scalars: each non-empty cell one (step, tag, value). */
function csvScalars(text: string): { rows: number; scalars: Scalar[] } {
  const [head, ...lines] = text.trimEnd().split('\n');
  const tags = head.split(',').slice(1);
  const scalars: Scalar[] = [];
  for (const line of lines) {
    const [step, ...cells] = line.split(',');
    cells.forEach((c, i) => {
      if (c !== '') scalars.push({ tag: tags[i], step: Number(step), value: c === 'nan' ? NaN : Number(c) });
    });
  }
  return { rows: lines.length, scalars };
}

/** The scalars sorted as a CSV holds them: by step, then file order. */
const byStep = (s: readonly Scalar[]) => s.map((x, i) => [x, i] as const).sort((a, b) => a[0].step - b[0].step || a[1] - b[1]).map(([x]) => x);

describe('streams carry every point', { skip: needsShared }, () => {
  for (const dir of ['sb3_ppo_minigrid_hnxm', 'sb3_ppo_smartflow_resumed_3files/PPO_1']) {
    it(`--json --follow and export --csv on the shared ${dir}: every scalar once, exactly`, async (t) => {
      const files = eventFiles(join(SB3, dir));
      const want = fileScalars(files);
      const f = follow(t, join(SB3, dir));
      await waitFor(() => f.scalars().length >= want.length, `${want.length} scalar events`, 30_000).catch((err: Error) => {
        throw new Error(`${err.message}; got ${f.scalars().length}`);
      });
      await sleep(300);
      assert.deepEqual(countTags(f.scalars()), countByTag(files));
      assert.deepEqual(perTag(f.scalars()), perTag(want));
      assert.equal((await f.stop()).code, 0);

      const out = join(tempDir(t), 'series.csv');
      const r = runCli(['export', join(SB3, dir), '--csv', out]);
      assert.equal(r.status, 0, r.stderr);
      const csv = csvScalars(readFileSync(out, 'utf8'));
      assert.equal(csv.rows, new Set(want.map((s) => s.step)).size, 'one row per step');
      assert.deepEqual(perTag(csv.scalars), perTag(byStep(want)));
    });
  }
});

describe('streams of a large event file', () => {
  // 12,000 SB3 dumps, about 9 MB: large enough to be read in several chunks and to outrun a slow pipe.
  const DUMPS = 12_000;

  it('follow: every scalar, counted per tag and equal in value; bounded memory', async (t) => {
    const dir = join(tempDir(t), 'PPO_1');
    mkdirSync(dir);
    const file = join(dir, 'events.out.tfevents.1700000000.box.1.0');
    writeSb3File(file, DUMPS);
    const want = fileScalars([file]);
    const f = follow(t, dir);
    await waitFor(() => f.scalars().length >= want.length, `${want.length} scalar events`, 120_000).catch((err: Error) => {
      throw new Error(`${err.message}; got ${f.scalars().length}`);
    });
    await sleep(300);
    assert.deepEqual(countTags(f.scalars()), countByTag([file]));
    assert.deepEqual(perTag(f.scalars()), perTag(want));
    const { code, maxRssMiB } = await f.stop();
    assert.equal(code, 0);
    assert.ok(maxRssMiB < 150, `peak RSS ${maxRssMiB.toFixed(0)} MiB`);
  });

  it('follow: a reader taking 1 kB a second for a while loses nothing', async (t) => {
    const dir = join(tempDir(t), 'PPO_1');
    mkdirSync(dir);
    const file = join(dir, 'events.out.tfevents.1700000000.box.1.0');
    writeSb3File(file, DUMPS);
    const want = countByTag([file]);
    const total = Object.values(want).reduce((a, b) => a + b, 0);
    const f = follow(t, dir, true);
    const slowBytes = await f.readSlowly(4);
    assert.ok(slowBytes <= 8 * 1024, `read ${slowBytes} bytes while slow`);
    await waitFor(() => f.scalars().length >= total, `${total} scalar events`, 120_000).catch((err: Error) => {
      throw new Error(`${err.message}; got ${f.scalars().length}`);
    });
    await sleep(300);
    assert.deepEqual(countTags(f.scalars()), want);
    assert.equal((await f.stop()).code, 0);
  });

  it('follow: stopped (SIGTERM) while a slow reader holds it back, it ends with a whole line and exit 0', async (t) => {
    const dir = join(tempDir(t), 'PPO_1');
    mkdirSync(dir);
    writeSb3File(join(dir, 'events.out.tfevents.1700000000.box.1.0'), DUMPS);
    const f = follow(t, dir, true);
    await sleep(1500);
    const code = f.stop();
    await f.readSlowly(0);
    assert.equal((await code).code, 0);
    assert.equal(await f.unfinished(), '', 'the last line is whole');
    assert.ok(f.scalars().length > 0);
  });

  it('export --csv: one row per step, every value exact, streamed', (t) => {
    const root = tempDir(t);
    const dir = join(root, 'PPO_1');
    mkdirSync(dir);
    const file = join(dir, 'events.out.tfevents.1700000000.box.1.0');
    writeSb3File(file, DUMPS);
    const want = fileScalars([file]);
    const out = join(root, 'series.csv');
    const r = runCli(['export', dir, '--csv', out], { env: { NODE_OPTIONS: `--import ${RSS}` } });
    assert.equal(r.status, 0, r.stderr);
    const csv = csvScalars(readFileSync(out, 'utf8'));
    assert.equal(csv.rows, DUMPS);
    assert.deepEqual(perTag(csv.scalars), perTag(want));
    const rss = Number(/max-rss-kib (\d+)/.exec(r.stderr)?.[1]) / 1024;
    assert.ok(rss < 150, `peak RSS ${rss.toFixed(0)} MiB`);
  });
});

describe('--json --follow on results.csv', () => {
  it('every row of a 500-epoch file is one epoch event, a resumed run\'s repeats flagged', async (t) => {
    const dir = join(tempDir(t), 'runs', 'detect', 'x');
    mkdirSync(dir, { recursive: true });
    const lines = resultsCsv('v8.3', DETECT_COLUMNS, 500).split('\n');
    // Trained to epoch 300, resumed from 251: epochs 251..300 are written again, then on to 500.
    const text = [lines[0], ...lines.slice(1, 301), ...lines.slice(251, 501)].join('\n') + '\n';
    writeFileSync(join(dir, 'results.csv'), text);
    const f = follow(t, dir);
    await waitFor(() => f.events.filter((e) => e.type === 'epoch').length >= 550, '550 epoch events', 30_000);
    await sleep(300);
    const epochs = f.events.filter((e) => e.type === 'epoch');
    assert.equal(epochs.length, 550);
    assert.deepEqual(epochs.map((e) => e.epoch), [...Array.from({ length: 300 }, (_, i) => i + 1), ...Array.from({ length: 250 }, (_, i) => i + 251)]);
    assert.deepEqual(epochs.filter((e) => e.repeat).map((e) => e.epoch), Array.from({ length: 50 }, (_, i) => i + 251));
    assert.equal((await f.stop()).code, 0);
    // export --csv: the same 550 rows, in file order, every value as written.
    const csv = join(tempDir(t), 'x.csv');
    const r = runCli(['export', dir, '--csv', csv]);
    assert.equal(r.status, 0, r.stderr);
    const exported = readFileSync(csv, 'utf8').trim().split('\n');
    assert.equal(exported.length, 551);
    assert.deepEqual(exported.slice(1).map((l) => Number(l.split(',')[0])), epochs.map((e) => e.epoch));
    assert.deepEqual(exported.slice(1).map((l) => l.split(',').slice(1).map(Number)), text.trim().split('\n').slice(1).map((l) => l.split(',').slice(1).map(Number)));
  });
});
