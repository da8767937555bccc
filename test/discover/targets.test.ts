import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { followedLabel, PathError, resolveTargets, type FollowTarget } from '../../src/discover/targets.js';
import { wandbRunFor } from '../../src/discover/wandb-link.js';
import { fileVersionRecord } from '../../fixtures/tensorboard/event-writer.js';
import { tempDir } from '../helpers/paths.js';
import { LocalFs } from '../../src/live/fs/local-fs.js';

const LOCAL = new LocalFs();

function tb(dir: string, t = 1_700_000_000): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `events.out.tfevents.${t}.host.1.0`), fileVersionRecord(t));
}

describe('resolveTargets', () => {
  it('tells the kinds of path apart', async (t) => {
    const root = tempDir(t);
    mkdirSync(join(root, 'runs', 'detect', 'apex'), { recursive: true });
    writeFileSync(join(root, 'runs', 'detect', 'apex', 'args.yaml'), 'task: detect\n');
    tb(join(root, 'output', 'apex_policy', 'tb_apex', 'PPO_1'));
    const fs = new LocalFs(root);
    const one = async (p: string) => (await resolveTargets(fs, p))[0];
    const apex = await one('runs/detect/apex');
    assert.deepEqual([apex.kind, (apex as { format: string }).format], ['run', 'ultralytics']);
    assert.equal(((await one('output/apex_policy/tb_apex/PPO_1')) as { format: string }).format, 'tensorboard');
    assert.deepEqual(await one('output/apex_policy/tb_apex'), { kind: 'follow', fs, root: join(root, 'output/apex_policy/tb_apex'), formats: ['ultralytics', 'tensorboard'] });
    assert.equal((await one('runs/detect/not-yet')).kind, 'follow');
    const file = await one('output/apex_policy/tb_apex/PPO_1/events.out.tfevents.1700000000.host.1.0');
    assert.ok(file.kind === 'run' && file.format === 'tensorboard' && file.file?.endsWith('host.1.0'));
    writeFileSync(join(root, 'notes.txt'), 'hi');
    await assert.rejects(resolveTargets(fs, 'notes.txt'), PathError);
  });

  it('without PATH in a project root: both phases', async (t) => {
    const root = tempDir(t);
    const targets = await resolveTargets(new LocalFs(root), undefined);
    assert.deepEqual(targets.map((x) => (x.kind === 'follow' ? [x.root, x.formats] : null)), [
      [join(root, 'runs'), ['ultralytics']],
      [root, ['tensorboard']],
    ]);
  });

  it('a PATH that holds ./runs is a project root too (gpubox:apex from a laptop): both phases, named from it', async (t) => {
    const home = tempDir(t);
    const project = join(home, 'apex');
    mkdirSync(join(project, 'runs', 'detect', 'gates'), { recursive: true });
    writeFileSync(join(project, 'runs', 'detect', 'gates', 'args.yaml'), 'task: detect\n');
    tb(join(project, 'output', 'tb', 'PPO_1'));
    const fs = new LocalFs(home);
    const targets = await resolveTargets(fs, 'apex');
    assert.deepEqual(targets.map((x) => (x.kind === 'follow' ? [x.root, x.formats, x.labelFrom] : null)), [
      [join(project, 'runs'), ['ultralytics'], project],
      [project, ['tensorboard'], project],
    ]);
    assert.equal(followedLabel(targets[1] as FollowTarget, join(project, 'output', 'tb', 'PPO_1')), 'output/tb/PPO_1');
    // A folder of runs without ./runs in it stays one followed target: its newest run.
    assert.equal((await resolveTargets(fs, 'apex/runs')).length, 1);
    assert.equal((await resolveTargets(fs, 'apex/output')).length, 1);
  });

  it('a run found in a project root is named from the project root; under a PATH, from that folder', async (t) => {
    const root = join(tempDir(t), 'dest');
    const fs = new LocalFs(root);
    const [yolo, ppo] = await resolveTargets(fs, undefined);
    assert.ok(yolo.kind === 'follow' && ppo.kind === 'follow');
    assert.equal(followedLabel(yolo, join(root, 'runs', 'detect', 'gates')), 'runs/detect/gates');
    assert.equal(followedLabel(ppo, join(root, 'output', 'apex_policy', 'tb_apex', 'PPO_1')), 'output/apex_policy/tb_apex/PPO_1');
    const [under] = await resolveTargets(fs, 'output/apex_policy/tb_apex');
    assert.ok(under.kind === 'follow');
    assert.equal(followedLabel(under, join(root, 'output', 'apex_policy', 'tb_apex', 'PPO_1')), 'tb_apex/PPO_1');
  });
});

describe('wandbRunFor', () => {
  it('a wandb run whose id is in the training path belongs to it (SB3 + wandb convention)', async (t) => {
    const root = tempDir(t);
    mkdirSync(join(root, 'wandb', 'run-20250310_095404-e9756yo0', 'files'), { recursive: true });
    mkdirSync(join(root, 'wandb', 'offline-run-20250311_101010-zzzz1111'), { recursive: true });
    tb(join(root, 'runs', 'e9756yo0', 'PPO_1'));
    const link = await wandbRunFor(LOCAL, join(root, 'runs', 'e9756yo0', 'PPO_1'));
    assert.deepEqual(link && [link.id, link.mode, link.rule], ['e9756yo0', 'online', 'id in path']);
  });

  it('a run whose files/ mirror the folder (sync_tensorboard links, dangling) belongs to it', async (t) => {
    const root = tempDir(t);
    const files = join(root, 'wandb', 'offline-run-20250311_101010-abcd1234', 'files', 'tb', 'PPO_2');
    mkdirSync(files, { recursive: true });
    symlinkSync('/nonexistent/events.out.tfevents.1', join(files, 'events.out.tfevents.1'));
    tb(join(root, 'tb', 'PPO_2'));
    const link = await wandbRunFor(LOCAL, join(root, 'tb', 'PPO_2'));
    assert.deepEqual(link && [link.id, link.mode, link.rule], ['abcd1234', 'offline', 'files mirror the folder']);
  });

  it('a run id that is only the folder\'s own name is no evidence (a run called PPO_1 for …/PPO_1)', async (t) => {
    const root = tempDir(t);
    mkdirSync(join(root, 'wandb', 'run-20250310_095404-ppo1'), { recursive: true });
    tb(join(root, 'tb', 'ppo1'));
    assert.equal(await wandbRunFor(LOCAL, join(root, 'tb', 'ppo1')), null);
  });

  it('a run in a wandb folder anyone may write to is named, not confirmed, with why', async (t) => {
    const root = tempDir(t);
    mkdirSync(join(root, 'wandb', 'run-20250310_095404-e9756yo0', 'files'), { recursive: true });
    chmodSync(join(root, 'wandb'), 0o777);
    tb(join(root, 'runs', 'e9756yo0', 'PPO_1'));
    const link = await wandbRunFor(LOCAL, join(root, 'runs', 'e9756yo0', 'PPO_1'));
    assert.equal(link?.id, 'e9756yo0');
    assert.match(link?.caveat ?? '', /wandb is writable by anyone$/);
  });

  it('no wandb folder, or no run of it that matches: nothing leaves', async (t) => {
    const root = tempDir(t);
    tb(join(root, 'tb', 'PPO_1'));
    assert.equal(await wandbRunFor(LOCAL, join(root, 'tb', 'PPO_1')), null);
    mkdirSync(join(root, 'wandb', 'run-20250310_095404-other999'), { recursive: true });
    assert.equal(await wandbRunFor(LOCAL, join(root, 'tb', 'PPO_1')), null);
  });
});
