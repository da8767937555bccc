// Hostile YAML against the built CLI, each case with a deadline and a ceiling on the process's
// peak RSS, in every face that reads the file: --once, --json, audit, the TUI under tmux (and q
// gives the terminal back), and over ssh. Before the bounded reader these took 370 MB to 2.9 GB
// (or died in the RegExp compiler, the terminal left in the alternate screen).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ARGS_ATTACKS, CONFIG_ATTACKS, argsYaml, configYaml } from '../helpers/hostile-yaml.js';
import { CLI, tempDir } from '../helpers/paths.js';
import { runCliMeasured } from '../helpers/run-cli.js';
import { needsSshd, startSshd, type Sshd } from '../helpers/sshd.js';
import { needsTmux, Tmux } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';

/** What a --once of a two-row run costs here is about 55 MB; the hostile files must stay near it. */
const PEAK_MIB = 160;
const DEADLINE_MS = 60_000;
const CSV = 'epoch,train/box_loss,metrics/mAP50(B)\n1,0.5,0.1\n2,0.4,0.2\n';

/** project/runs/detect/train with the args.yaml given, and (with a config) project/wandb/run-…-abcd1234 staging one file. */
function project(root: string, args: string, config?: string): { dir: string; run: string } {
  const run = join(root, 'runs', 'detect', 'train');
  mkdirSync(run, { recursive: true });
  writeFileSync(join(run, 'args.yaml'), args);
  writeFileSync(join(run, 'results.csv'), CSV);
  if (config !== undefined) {
    const files = join(root, 'wandb', 'run-20260101_000000-abcd1234', 'files');
    mkdirSync(files, { recursive: true });
    writeFileSync(join(files, 'config.yaml'), config);
    writeFileSync(join(files, 'output.log'), 'epoch 1\n');
  }
  return { dir: root, run };
}

function bounded(what: string, r: ReturnType<typeof runCliMeasured>): string {
  assert.notEqual(r.status, null, `${what}: still running after ${DEADLINE_MS / 1000} s`);
  assert.equal(r.status, 0, `${what}: exit ${r.status}, ${r.stderr}`);
  assert.ok(r.peakMiB !== null && r.peakMiB < PEAK_MIB, `${what}: peak RSS ${r.peakMiB?.toFixed(0)} MiB, over ${PEAK_MIB}`);
  return r.stdout;
}

describe('hostile args.yaml: bounded in time and memory in every face', () => {
  for (const [name, attack] of Object.entries(ARGS_ATTACKS)) {
    it(`${name}: --once and --json read the run (task, epochs) under ${PEAK_MIB} MiB`, (t) => {
      const p = project(tempDir(t), argsYaml(attack));
      const text = bounded('--once', runCliMeasured(['--once', '--no-gpu', p.run], { cwd: p.dir, timeoutMs: DEADLINE_MS }));
      assert.match(text, /^train · detect · \S+ · epoch 2\/3/m);
      const json = JSON.parse(bounded('--json', runCliMeasured(['--json', '--no-gpu', p.run], { cwd: p.dir, timeoutMs: DEADLINE_MS })).split('\n')[0]);
      assert.equal(json.run.task, 'detect');
    });
  }
});

describe('hostile wandb config.yaml: bounded, and its save_dir still read', () => {
  for (const [name, attack] of Object.entries(CONFIG_ATTACKS)) {
    it(`${name}: --once, --json and audit confirm the run by save_dir under ${PEAK_MIB} MiB`, (t) => {
      const p = project(tempDir(t), argsYaml('save_dir: runs/detect/train'), configYaml(attack));
      const once = bounded('--once', runCliMeasured(['--once', '--no-gpu', p.run], { cwd: p.dir, timeoutMs: DEADLINE_MS }));
      assert.match(once, /W&B online: run abcd1234 \(save_dir runs\/detect\/train\)/);
      const json = JSON.parse(bounded('--json', runCliMeasured(['--json', '--no-gpu', p.run], { cwd: p.dir, timeoutMs: DEADLINE_MS })).split('\n')[0]);
      assert.equal(json.egress.confirmed, true);
      assert.equal(json.egress.files, 2);
      const audit = bounded('audit', runCliMeasured(['audit', p.run], { cwd: p.dir, timeoutMs: DEADLINE_MS }));
      assert.match(audit, /^matched by: save_dir runs\/detect\/train$/m);
    });
  }
});

describe('hostile args.yaml in the TUI under tmux: drawn, and q gives the terminal back', { skip: needsTmux }, () => {
  const tmux = new Tmux();
  after(() => tmux.kill());
  for (const [i, [name, attack]] of Object.entries(ARGS_ATTACKS).entries()) {
    it(name, async (t) => {
      const p = project(tempDir(t), argsYaml(attack));
      const pane = `y${i}`;
      tmux.start(pane, `sh -c "echo BEFORE-THE-APP; cd '${p.dir}' && env -u CI '${process.execPath}' '${CLI}' --no-gpu '${p.run}'; echo EXITED-\\$?; sleep 60"`);
      await waitFor(() => /epoch 2\/3/.test(tmux.capture(pane)), 'the run drawn, epochs from args.yaml');
      assert.equal(tmux.pane(pane).alternate, true);
      tmux.keys(pane, 'q');
      await waitFor(() => tmux.capture(pane).includes('EXITED-0'), 'the app to exit with 0');
      const state = tmux.pane(pane);
      assert.equal(state.alternate, false, 'the alternate screen is left');
      assert.equal(state.cursor, true, 'the cursor is shown');
      assert.match(tmux.capture(pane), /BEFORE-THE-APP/);
    });
  }
});

describe('a host\'s hostile args.yaml over ssh: the local viewer stays bounded', { skip: needsSshd }, () => {
  let sshd: Sshd;
  before(async () => {
    sshd = await startSshd();
  });
  after(() => sshd?.stop());

  it(`a list nested 512 Ki deep and 2 MiB of aliases, read over ssh: --once under ${PEAK_MIB} MiB`, (t) => {
    for (const name of ['a list nested 512 Ki deep', '2 MiB of aliases']) {
      const p = project(tempDir(t), argsYaml(ARGS_ATTACKS[name]));
      const r = runCliMeasured(['-e', `ssh -F ${sshd.configPath}`, '--once', '--no-gpu', `${sshd.host}:${p.run}`], { cwd: homedir(), timeoutMs: DEADLINE_MS });
      const out = bounded(name, r);
      assert.ok(out.startsWith(`${sshd.host}:train · detect · live · epoch 2/3\n`), `${name}: ${out.split("\n")[0]}`);
    }
  });
});
