// `aigp-watch` with no PATH in a project root: the newest run of each phase, named from the
// project (never with the name of the folder it is in), in --once and --json as on the screen.
import assert from 'node:assert/strict';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { argsYaml, DETECT_COLUMNS, resultsCsv } from '../fixtures/ultralytics/results-writer.js';
import { fileVersionRecord, sb3Dump } from '../fixtures/tensorboard/event-writer.js';
import { tempDir } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';

/** A YOLO run of `rows` epochs (40 s each) under runs/detect/<name>, started `ago` seconds ago, its last row just written. */
function yolo(project: string, name: string, rows: number, ago: number): void {
  const dir = join(project, 'runs', 'detect', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'args.yaml'), argsYaml({ task: 'detect', epochs: 50, saveDir: dir }));
  writeFileSync(join(dir, 'results.csv'), resultsCsv('v8.3', DETECT_COLUMNS, rows, 40));
  const at = Date.now() / 1000 - ago;
  utimesSync(join(dir, 'args.yaml'), at, at);
}

/** An SB3 PPO run of `dumps` dumps under output/apex_policy/tb_apex/PPO_1, its last dump now. */
function ppo(project: string, dumps: number): void {
  const dir = join(project, 'output', 'apex_policy', 'tb_apex', 'PPO_1');
  mkdirSync(dir, { recursive: true });
  const t0 = Math.floor(Date.now() / 1000) - dumps * 10;
  writeFileSync(join(dir, `events.out.tfevents.${t0}.box.1.0`), Buffer.concat([fileVersionRecord(t0), ...Array.from({ length: dumps }, (_, d) => sb3Dump(d, 2048, t0)).flat()]));
}

interface RunJson { run: { name: string; kind: string; status: string } }

describe('the project view in --once and --json', () => {
  it('both phases, each named from the project, with its status; the text says the same', (t) => {
    const project = tempDir(t, 'aigp-dest-');
    yolo(project, 'gates', 6, 250);
    ppo(project, 8);
    const json = runCli(['--json', '--no-gpu', '--total-timesteps', '204800'], { cwd: project });
    assert.equal(json.status, 0, json.stderr);
    const runs = (JSON.parse(json.stdout) as { runs: RunJson[] }).runs;
    assert.deepEqual(runs.map((r) => [r.run.kind, r.run.name]), [['ultralytics', 'runs/detect/gates'], ['tensorboard', 'output/apex_policy/tb_apex/PPO_1']]);
    assert.deepEqual(runs.map((r) => r.run.status), ['live', 'live']);
    const text = runCli(['--once', '--no-gpu', '--total-timesteps', '204800'], { cwd: project });
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^runs\/detect\/gates · detect · live · epoch 6\/50/m);
    assert.match(text.stdout, /^output\/apex_policy\/tb_apex\/PPO_1 · PPO \(SB3\) · live · timesteps 16,384\/204,800/m);
    assert.doesNotMatch(text.stdout, new RegExp(`^${basename(project)}/`, 'm'), 'no run is named with the project folder\'s own name');
  });

  it('a newer run of the same phase takes the older one\'s place; the other phase stays', (t) => {
    const project = tempDir(t);
    yolo(project, 'gates', 6, 3600);
    yolo(project, 'gates2', 2, 60);
    ppo(project, 8);
    const runs = (JSON.parse(runCli(['--json', '--no-gpu'], { cwd: project }).stdout) as { runs: RunJson[] }).runs;
    assert.deepEqual(runs.map((r) => r.run.name), ['runs/detect/gates2', 'output/apex_policy/tb_apex/PPO_1']);
  });
});
