// Status from the data, as a user sees it: a run copied from another machine is finished with
// the date of its last data; one being written now is live.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileVersionRecord, sb3Dump } from '../fixtures/tensorboard/event-writer.js';
import { needsShared, SHARED_FIXTURES, tempDir } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';

const json = (args: string[]) => {
  const r = runCli(['--json', '--no-gpu', ...args]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { run: { status: string; ended: string | null; last_data_at: string | null }; progress: { eta_seconds: number | null } };
};

describe('status from the data, not the file times', () => {
  it('a copied SB3 run (fresh file times, wall times of March 2025) is finished, with its date', { skip: needsShared }, (t) => {
    const dir = join(tempDir(t), 'PPO_1');
    cpSync(join(SHARED_FIXTURES, 'tensorboard', 'sb3_ppo_smartflow_resumed_3files', 'PPO_1'), dir, { recursive: true });
    const o = json([dir, '--total-timesteps', '100000']);
    assert.equal(o.run.status, 'finished');
    assert.equal(o.run.ended, 'last data 2025-03-10 22:45 UTC');
    assert.match(o.run.last_data_at ?? '', /^2025-03-10T22:45/);
    assert.equal(o.progress.eta_seconds, null);
  });

  it('a run writing now is live', (t) => {
    const dir = join(tempDir(t), 'PPO_1');
    mkdirSync(dir);
    const t0 = Date.now() / 1000 - 30;
    writeFileSync(join(dir, 'events.out.tfevents.1700000000.box.1.0'), Buffer.concat([fileVersionRecord(t0), ...[0, 1, 2].flatMap((d) => sb3Dump(d, 2048, t0))]));
    const o = json([dir]);
    assert.equal(o.run.status, 'live');
    assert.equal(o.run.ended, null);
  });
});
