// --json --follow on a run that grows: one epoch event per row, in order, and a clean stop on SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DETECT_COLUMNS, resultsCsv } from '../fixtures/ultralytics/results-writer.js';
import { replayRun } from '../fixtures/ultralytics/replay-run.js';
import { replayTraining } from '../fixtures/wandb/replay-training.js';
import { CLI, tempDir } from './helpers/paths.js';
import { stagedOnDisk } from './helpers/staged-bytes.js';
import { waitFor } from './helpers/wait.js';

describe('--json --follow', () => {
  it('streams the rows already there, then each new one, then stops on SIGTERM', async (t) => {
    const dir = tempDir(t);
    const source = join(dir, 'source.csv');
    writeFileSync(source, resultsCsv('v8.3', DETECT_COLUMNS, 8, 20));
    const runDir = join(dir, 'runs', 'detect', 'x');
    // Three rows before it starts, five while it watches (two of them written in halves).
    await replayRun({ source, dest: runDir, intervalMs: 0, epochs: 8 });
    writeFileSync(join(runDir, 'results.csv'), resultsCsv('v8.3', DETECT_COLUMNS, 8, 20).split('\n').slice(0, 4).join('\n') + '\n');
    const env = { ...process.env };
    delete env.CI;
    const child = spawn(process.execPath, [CLI, '--json', '--follow', '--no-gpu', runDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    t.after(() => child.kill('SIGKILL'));
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const events = () => out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; epoch?: number; ts: string; run: string; values?: Record<string, number> });
    await waitFor(() => events().filter((e) => e.type === 'epoch').length === 3, 'the three rows already there');
    const lines = resultsCsv('v8.3', DETECT_COLUMNS, 8, 20).split('\n');
    const { appendFileSync } = await import('node:fs');
    for (const line of lines.slice(4, 9)) {
      appendFileSync(join(runDir, 'results.csv'), line.slice(0, 10));
      appendFileSync(join(runDir, 'results.csv'), line.slice(10) + '\n');
      await new Promise((r) => setTimeout(r, 150));
    }
    await waitFor(() => events().filter((e) => e.type === 'epoch').length === 8, 'all eight rows');
    const epochs = events().filter((e) => e.type === 'epoch');
    assert.deepEqual(epochs.map((e) => e.epoch), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.equal(typeof epochs[0].values?.['train/box_loss'], 'number');
    assert.ok(events().every((e) => typeof e.ts === 'string' && 'run' in e));
    assert.ok(events().some((e) => e.type === 'status'));
    const code = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    child.kill('SIGTERM');
    assert.equal(await code, 0);
  });

  it('in a project root with no PATH, started before training: egress events to the last staged byte', async (t) => {
    const root = tempDir(t);
    const env = { ...process.env };
    delete env.CI;
    const child = spawn(process.execPath, [CLI, '--json', '--follow', '--no-gpu'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    t.after(() => child.kill('SIGKILL'));
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const egress = () => out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; staged_bytes?: number; files?: number; wandb_run?: string; state?: string }).filter((e) => e.type === 'egress');
    await new Promise((r) => setTimeout(r, 500));
    // Longer than the 2-s look that confirms a run whose config.yaml came after its folder: the
    // counter is then seen moving (a pass publishes one snapshot, so it moves once per pass).
    const folders = await replayTraining({ project: root, name: 'apex_yolo11n', epochs: 8, stepMs: 400, wandb: 'online', id: 'gates001' });
    const want = stagedOnDisk(join(folders.wandbRun as string, 'files'));
    await waitFor(() => {
      const last = egress().at(-1);
      return last?.staged_bytes === want.bytes && last.files === want.files && last.state === 'finished';
    }, `an egress event with ${want.bytes} B in ${want.files} files`).catch((err: Error) => {
      throw new Error(`${err.message}; last: ${JSON.stringify(egress().at(-1))}`);
    });
    assert.ok(egress().length > 3, `the counter moved as files were staged, not once: ${egress().map((e) => e.staged_bytes).join(", ")}`);
    assert.equal(egress().at(-1)?.wandb_run, 'gates001');
    const code = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    child.kill('SIGTERM');
    assert.equal(await code, 0);
  });
});
