// Remote PATHs as a user runs them: the built CLI over a real sshd on 127.0.0.1 (throwaway keys,
// the fake nvidia-smi first on the remote PATH). The "remote" is this machine, so what it reads
// there can be compared with what the same CLI reads here.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { replayTraining } from '../fixtures/wandb/replay-training.js';
import { CLI, SAMPLES, SHARED_FIXTURES, needsShared, tempDir } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';
import { needsSshd, startSshd, type Sshd } from './helpers/sshd.js';
import { stagedOnDisk } from './helpers/staged-bytes.js';
import { waitFor } from './helpers/wait.js';

type Json = Record<string, unknown> & { run: Record<string, unknown>; alerts?: string[] };

/** A remote run's JSON as the local one would be: without its host, and its alerts without the host's name. */
function asLocal(o: Json, host: string): Json {
  const { host: h, ...run } = o.run;
  assert.equal(h, host);
  return { ...o, run, alerts: o.alerts?.map((a) => a.replace(`${host}:`, '')) };
}

function withoutHost(o: Json): Json {
  const { host: h, ...run } = o.run;
  assert.equal(h, null);
  return { ...o, run };
}

describe('remote PATHs over ssh', { skip: needsSshd }, () => {
  let sshd: Sshd;
  let rsh: string;
  before(async () => {
    sshd = await startSshd();
    // A second name for the same server: two hosts, two connections.
    const config = (await import('node:fs')).readFileSync(sshd.configPath, 'utf8');
    appendFileSync(sshd.configPath, config.replace(`Host ${sshd.host}`, 'Host box2'));
    rsh = `ssh -F ${sshd.configPath}`;
  });
  after(() => sshd?.stop());

  // Relative PATHs start from the remote login folder: the same folder here makes the two equal.
  const local = (args: string[]) => runCli(args, { cwd: homedir() });
  const remote = (args: string[]) => runCli(['-e', rsh, ...args], { cwd: homedir() });

  for (const [name, path] of [
    ['a YOLO pose run', join(SHARED_FIXTURES, 'ultralytics', 'rundirs', 'babymelvin_pose_train_yolo11n_v8.3')],
    ['an SB3 PPO run', join(SHARED_FIXTURES, 'tensorboard', 'sb3_ppo_minigrid_hnxm')],
    ['a wandb run folder', join(SHARED_FIXTURES, 'wandb', 'autogan_pix2pix_z3pktf9j', 'wandb', 'run-20240503_104448-z3pktf9j')],
    ['a results.csv', join(SHARED_FIXTURES, 'ultralytics', 'rundirs', 'babymelvin_pose_train_yolo11n_v8.3', 'results.csv')],
    ['a folder of runs', join(SHARED_FIXTURES, 'ultralytics', 'rundirs')],
    ['one event file', join(SHARED_FIXTURES, 'tensorboard', 'sb3_ppo_minigrid_hnxm', 'events.out.tfevents.1754321849.dominion.170602.0')],
    ['a wandb folder', join(SHARED_FIXTURES, 'wandb', 'autogan_pix2pix_z3pktf9j', 'wandb')],
  ]) {
    it(`--once --json of ${name} equals the local one, with run.host`, { skip: needsShared }, () => {
      const here = local(['--json', '--no-gpu', path]);
      const there = remote(['--json', '--no-gpu', `${sshd.host}:${path}`]);
      assert.equal(there.status, 0, there.stderr);
      assert.deepEqual(asLocal(JSON.parse(there.stdout) as Json, sshd.host), withoutHost(JSON.parse(here.stdout) as Json));
    });
  }

  it('audit over ssh hashes there and equals the local audit; export writes here', async (t) => {
    const project = tempDir(t);
    await replayTraining({ project, name: 'apex', epochs: 3, stepMs: 0, wandb: 'online', id: 'audit001' });
    const runDir = join(project, 'runs', 'detect', 'apex');
    const here = local(['audit', '--json', runDir]);
    const there = remote(['audit', '--json', `${sshd.host}:${runDir}`]);
    assert.equal(there.status, 0, there.stderr);
    const audit = JSON.parse(there.stdout) as { files: { sha256: string | null }[] };
    assert.ok(audit.files.some((f) => f.sha256 !== null));
    assert.deepEqual(audit, JSON.parse(here.stdout));
    const out = join(tempDir(t), 'apex.csv');
    const exported = remote(['export', `${sshd.host}:${runDir}`, '--csv', out]);
    assert.equal(exported.status, 0, exported.stderr);
    assert.equal((await import('node:fs')).readFileSync(out, 'utf8').split('\n').filter(Boolean).length, 4);
  });

  it('a hostile remote path is data, never code', (t) => {
    const dir = tempDir(t);
    const odd = join(dir, `it's "a" $(touch PWNED) \`touch PWNED2\` ; rm -rf x`, '-run', 'a b');
    mkdirSync(odd, { recursive: true });
    copyFileSync(join(SAMPLES, readdirSync(SAMPLES).find((f) => f.endsWith('.csv')) as string), join(odd, 'results.csv'));
    const there = remote(['--json', '--no-gpu', `${sshd.host}:${odd}`]);
    assert.equal(there.status, 0, there.stderr);
    assert.equal((JSON.parse(there.stdout) as Json).run.path, odd);
    for (const where of [dir, homedir(), '/']) assert.equal(existsSync(join(where, 'PWNED')) || existsSync(join(where, 'PWNED2')), false);
  });

  it('two hosts in one --json: each run names its host, each host its GPUs', { skip: needsShared }, () => {
    const a = join(SHARED_FIXTURES, 'ultralytics', 'rundirs', 'babymelvin_pose_train_yolo11n_v8.3');
    const b = join(SHARED_FIXTURES, 'tensorboard', 'sb3_ppo_minigrid_hnxm');
    const there = remote(['--json', `${sshd.host}:${a}`, `box2:${b}`]);
    assert.equal(there.status, 0, there.stderr);
    const out = JSON.parse(there.stdout) as { runs: Json[]; machines: { machine: string; gpus: unknown[] }[] };
    assert.deepEqual(out.runs.map((r) => r.run.host), [sshd.host, 'box2']);
    assert.deepEqual(out.machines.map((m) => [m.machine, m.gpus.length]), [[sshd.host, 1], ['box2', 1]]);
  });

  it('a host that cannot be reached: ssh\'s own words, exit 4, nothing drawn', () => {
    const r = runCli(['-e', `ssh -F ${sshd.configPath} -o ConnectTimeout=5`, '--once', 'nosuchhost.invalid:runs']);
    assert.equal(r.status, 4);
    assert.match(r.stderr, /cannot reach nosuchhost\.invalid: .*(resolve|not known|Name or service)/i);
  });

  it('--json --follow over ssh: a training written there, to its last epoch and staged byte, through a dropped connection', async (t) => {
    const project = tempDir(t);
    const runDir = join(project, 'runs', 'detect', 'apex');
    const env = { ...process.env };
    delete env.CI;
    const child = spawn(process.execPath, [CLI, '-e', rsh, '--json', '--follow', '--no-gpu', `${sshd.host}:${runDir}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    t.after(() => child.kill('SIGKILL'));
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    type Event = { type: string; epoch?: number; staged_bytes?: number; files?: number };
    const events = () => out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Event);
    const epochs = () => events().filter((e) => e.type === 'epoch').map((e) => e.epoch);
    const replay = replayTraining({ project, name: 'apex', epochs: 12, stepMs: 400, wandb: 'online', id: 'remote01' });
    await waitFor(() => epochs().length >= 4, 'the first epochs over ssh', 60_000);
    assert.ok(sshd.killSessions() > 0, 'a session to kill');
    const folders = await replay;
    const want = stagedOnDisk(join(folders.wandbRun as string, 'files'));
    const egress = () => events().filter((e) => e.type === 'egress').at(-1);
    await waitFor(() => epochs().length >= 12 && egress()?.staged_bytes === want.bytes, 'every epoch and every staged byte after the reconnect', 60_000);
    assert.deepEqual(epochs(), Array.from({ length: 12 }, (_, i) => i + 1), 'each epoch once, none lost, none twice');
    assert.equal(egress()?.files, want.files);
    const code = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    child.kill('SIGTERM');
    assert.equal(await code, 0);
  });
});
