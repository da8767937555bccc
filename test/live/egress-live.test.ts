// The egress counter live, however the tool is started: a whole training with W&B replayed on
// disk while a session started before it (in each PATH form the README shows) follows it; at the
// end the ledger must equal what files/ holds, counted independently.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { resolveTargets } from '../../src/discover/targets.js';
import { RunSession } from '../../src/live/run-session.js';
import type { EgressState } from '../../src/model/egress.js';
import { replayTraining, type TrainingFolders } from '../../fixtures/wandb/replay-training.js';
import { tempDir } from '../helpers/paths.js';
import { stagedOnDisk } from '../helpers/staged-bytes.js';
import { waitFor } from '../helpers/wait.js';
import { LocalFs } from '../../src/live/fs/local-fs.js';
import { cleanText } from '../../src/model/text.js';

type Form = { name: string; path: (root: string, f: TrainingFolders) => string | undefined; after?: 'wandb run'; match?: RegExp };

const FORMS: Form[] = [
  { name: 'a run folder that appears later', path: (root) => join(root, 'runs', 'detect', 'apex') },
  { name: 'its results.csv, before it exists', path: (root) => join(root, 'runs', 'detect', 'apex', 'results.csv') },
  { name: 'a folder of runs (runs/detect)', path: (root) => join(root, 'runs', 'detect') },
  { name: 'the project root with no PATH', path: () => undefined },
  { name: 'the wandb folder, before it exists', path: (root) => join(root, 'wandb'), match: /^standalone \(newest run/ },
  { name: 'the wandb run folder', path: (_root, f) => f.wandbRun ?? undefined, after: 'wandb run', match: /^standalone$/ },
];

function egressOf(sessions: RunSession[]): EgressState | null {
  return sessions.map((s) => s.getSnapshot().egress).find((e) => e?.run) ?? null;
}

async function follow(t: { after(fn: () => void): void; diagnostic(m: string): void }, form: Form, poll: boolean): Promise<void> {
  const root = tempDir(t);
  const folders: TrainingFolders = { runDir: '', wandbRun: null };
  const opts = { poll, pollIntervalMs: 250 };
  const sessions: RunSession[] = [];
  const open = async () => {
    const targets = await resolveTargets(new LocalFs(root), form.path(root, folders));
    for (const target of targets) sessions.push(new RunSession(target, opts, Date.now, { wandbDir: null }));
    await Promise.all(sessions.map((s) => s.start()));
  };
  t.after(() => Promise.all(sessions.map((s) => s.stop())));
  if (!form.after) await open();
  const replay = replayTraining({ project: root, name: 'apex', epochs: 6, stepMs: 120, wandb: 'online', id: 'apex0001', oddNames: true }, folders);
  if (form.after) {
    await waitFor(() => folders.wandbRun, 'the wandb run folder');
    await open();
  }
  await waitFor(() => egressOf(sessions)?.files.some((f) => f.path.startsWith('media/')), `${form.name}: the first staged images`);
  const early = egressOf(sessions);
  assert.equal(early?.run?.id, 'apex0001');
  await replay;
  const endedAt = Date.now();
  const files = join(folders.wandbRun as string, 'files');
  const want = stagedOnDisk(files);
  await waitFor(() => {
    const e = egressOf(sessions);
    return e && e.stagedBytes === want.bytes && e.files.length === want.files && e.exitCode === 0;
  }, `${form.name}: the ledger equal to files/ (${want.files} entries, ${want.bytes} B)`).catch((err: Error) => {
    const e = egressOf(sessions);
    throw new Error(`${err.message}; have ${e?.files.length} entries, ${e?.stagedBytes} B, exit ${e?.exitCode}: ${e?.files.map((f) => f.path).join(' ')}`);
  });
  t.diagnostic(`${form.name}: ledger equal ${Date.now() - endedAt} ms after the run ended`);
  const e = egressOf(sessions) as EgressState;
  assert.match(e.run?.match ?? '', form.match ?? /^save_dir /, 'tied by its config (or PATH named it), not by time');
  assert.equal(e.run?.trainer, 'ultralytics');
  const link = e.files.find((f) => f.path === 'best.pt');
  assert.equal(link?.kind, 'symlink');
  assert.equal(link?.bytes, 400_000, 'a wandb.save() link counts what the uploader reads');
  assert.equal(link?.target, join(folders.runDir, 'weights', 'best.pt'));
  // Its path keeps its bytes (it opens, it hashes: live/fs/names.ts) and shows them escaped.
  assert.ok(e.files.some((f) => f.path === 'media/notes-\udcff\udcfe.txt' && cleanText(f.path) === 'media/notes-\\xff\\xfe.txt' && f.bytes === 3_000), 'a name that is not UTF-8 is listed, escaped');
  assert.ok(!e.files.some((f) => f.path.includes('tmp-upload')), 'a file removed is gone from the ledger');
  assert.ok(e.files.some((f) => f.path.startsWith('media/images/train_batch31_')), 'close-mosaic batches are in');
}

for (const poll of [false, true]) {
  describe(`egress live in every launch form (${poll ? 'polling' : 'fs events'})`, () => {
    for (const form of FORMS) it(form.name, (t) => follow(t, form, poll));
  });
}

describe('egress attribution by evidence, live', () => {
  it('two trainings at once in one project: the one with wandb gets its run, the others none', async (t) => {
    const root = tempDir(t);
    const opts = { poll: false, pollIntervalMs: 250 };
    const names = ['gates', 'solo', 'copycat'];
    const fs = new LocalFs(root);
    const sessions = await Promise.all(names.map(async (n) => new RunSession((await resolveTargets(fs, join(root, 'runs', 'detect', n)))[0], opts, Date.now, { wandbDir: null })));
    t.after(() => Promise.all(sessions.map((s) => s.stop())));
    await Promise.all(sessions.map((s) => s.start()));
    await Promise.all([
      replayTraining({ project: root, name: 'gates', epochs: 4, stepMs: 100, wandb: 'online', id: 'gates001' }),
      replayTraining({ project: root, name: 'solo', epochs: 4, stepMs: 100, wandb: 'none' }),
      // Its wandb config names another run folder: ruled out, whatever the times.
      replayTraining({ project: root, name: 'copycat', epochs: 4, stepMs: 100, wandb: 'online', id: 'copy0001', configSaveDir: '/home/someone/other/runs/detect/elsewhere', configName: 'elsewhere' }),
    ]);
    const [gates, solo, copycat] = sessions.map((s) => () => s.getSnapshot().egress);
    await waitFor(() => gates()?.run?.id === 'gates001' && gates()?.exitCode === 0, 'gates: its own run');
    // Give the others the same chance to (wrongly) match.
    await new Promise((done) => setTimeout(done, 2500));
    assert.equal(solo()?.run, null, 'no wandb run for a training without one');
    assert.deepEqual(solo()?.candidates, [], 'runs whose config names another training are not even candidates');
    assert.equal(copycat()?.run, null);
  });
});
