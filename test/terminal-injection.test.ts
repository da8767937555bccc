// Names from nvidia-smi, file names, column names and typed paths must not drive the terminal of
// whoever reads the output: the built CLI, in text and JSON modes, on stdout and stderr.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { GpuStore } from '../src/model/gpu-store.js';
import { FollowPrinter } from '../src/report/follow.js';
import { parseGpuLine } from '../src/sources/nvidia-smi/query.js';
import { REPO, SAMPLES, tempDir } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';

/** What must never be printed raw: C0 but tab and line feed, DEL, C1, bidi and zero-width. */
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;
/** cat -v style, for a failure message that is itself safe to print. */
const shown = (s: string) => JSON.stringify(s.match(new RegExp(`.{0,30}${UNSAFE.source}.{0,30}`, 'u'))?.[0]);

function assertSafe(out: string, where: string): void {
  assert.doesNotMatch(out, UNSAFE, `${where} carries a raw control: ${shown(out)}`);
}

const hostileGpu = { PATH: `${join(REPO, 'fixtures', 'nvidia-smi')}:${process.env.PATH}`, FAKE_NVIDIA_SMI: 'hostile' };

describe('no terminal injection', () => {
  it('text snapshot: hostile GPU and process names are shown escaped', () => {
    const r = runCli(['--once', join(SAMPLES, 'rundir_detect')], { env: hostileGpu });
    assert.equal(r.status, 0, r.stderr);
    assertSafe(r.stdout, 'stdout');
    assertSafe(r.stderr, 'stderr');
    assert.match(r.stdout, /NVIDIA \\x1b\[2J\\x1b\]52;c;aGk=\\x07A100 \\x9b<U\+2066>x/);
    assert.match(r.stdout, /pid 4242 python \\x1b\]0;owned\\x07<U\+202E>gnp\.exe<U\+200B>/);
  });

  it('JSON: C1 and bidi escaped as \\u…, the values intact', () => {
    const r = runCli(['--json', join(SAMPLES, 'rundir_detect')], { env: hostileGpu });
    assertSafe(r.stdout, 'stdout');
    const j = JSON.parse(r.stdout);
    assert.equal(j.gpus[0].name, 'NVIDIA \x1b[2J\x1b]52;c;aGk=\x07A100 \x9b\u2066x');
    assert.equal(j.gpus[0].processes[0].name, 'python \x1b]0;owned\x07\u202egnp.exe\u200b');
  });

  it('--json --follow: a GPU event escapes C1 and bidi as \\u…', () => {
    const store = new GpuStore();
    store.addSamples([parseGpuLine('0, GPU-0, NVIDIA \x9b\u202e\x1b]0;t\x07A100, 70, 90, 70000, 81559, 600.5, 700.00, 0x0, [N/A], 1980, 2619')], 1_700_000_000_000);
    const lines: string[] = [];
    new FollowPrinter({ write: (l) => lines.push(String(l)) > 0, drained: async () => {} }, null, () => 0).gpu(store.snapshot);
    assert.equal(lines.length, 1);
    assertSafe(lines[0], 'the event line');
    assert.equal(JSON.parse(lines[0]).gpus[0].name, 'NVIDIA \x9b\u202e\x1b]0;t\x07A100');
  });

  it('a run folder and a column named with escapes', (t) => {
    const run = join(tempDir(t), 'exp\x1b]0;owned\x07\u202egnp');
    mkdirSync(run);
    writeFileSync(join(run, 'results.csv'), 'epoch,train/box\x1b[2J_loss,metrics/mAP50(B)\n1,0.5,0.1\n2,0.4,0.2\n');
    for (const mode of ['--once', '--json']) {
      const r = runCli([mode, '--no-gpu', run]);
      assert.equal(r.status, 0, r.stderr);
      assertSafe(r.stdout, `${mode} stdout`);
    }
    assert.match(runCli(['--once', '--no-gpu', run]).stdout, /box\\x1b\[2J_loss/);
    const csv = join(run, '..', 'series.csv');
    const exported = runCli(['export', run, '--csv', csv]);
    assert.equal(exported.status, 0, exported.stderr);
    assertSafe(exported.stdout, 'export stdout');
    assertSafe(readFileSync(csv, 'utf8'), 'the exported CSV');
  });

  it('error messages show the PATH and the option as typed, escaped', (t) => {
    const file = join(tempDir(t), 'notes\x1b[2J\u202etxt.md');
    writeFileSync(file, 'x');
    const path = runCli(['--once', file]);
    assert.equal(path.status, 2);
    assertSafe(path.stderr, 'stderr');
    assert.match(path.stderr, /notes\\x1b\[2J<U\+202E>txt\.md is a file/);
    const option = runCli(['--\x1b]0;owned\x07']);
    assert.equal(option.status, 2);
    assertSafe(option.stderr, 'stderr');
    assert.match(option.stderr, /\\x1b\]0;owned\\x07/);
    const missing = runCli(['--once', '--no-gpu', join(file, '..', 'gone\x9b\u2067')]);
    assert.equal(missing.status, 1);
    assertSafe(missing.stderr, 'stderr');
    assert.match(missing.stderr, /gone\\x9b<U\+2067>/);
  });
});
