import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/App.js';
import { EgressStore } from '../../src/model/egress.js';
import { press } from '../helpers/ink.js';
import { FakeSession } from '../helpers/fake-session.js';

/** Waits (up to 3 s: the machines are shared) for the frame to match. */
async function shows(r: ReturnType<typeof render>, re: RegExp): Promise<void> {
  for (let i = 0; i < 150 && !re.test(r.lastFrame() ?? ''); i++) await sleep(20);
  assert.match(r.lastFrame() ?? '', re);
}

function withEgress(session: FakeSession, fill: (s: EgressStore) => void) {
  const store = new EgressStore(['/p/wandb']);
  fill(store);
  const snap = { ...session.getSnapshot(), egress: store.snapshot };
  return { subscribe: session.subscribe, getSnapshot: () => snap };
}

describe('the egress panel', () => {
  it('says nothing leaves when no wandb run belongs to the training', (t) => {
    const s = withEgress(new FakeSession().grow(5, 50), () => {});
    const r = render(<App sessions={[s]} options={{ note: '' }} />);
    t.after(() => r.unmount());
    assert.match(r.lastFrame() ?? '', /W&B: no wandb run belongs to this training — nothing leaves this box/);
  });

  it('shows the state, bytes staged, by category, the projection and how to stop it; e lists the files', async (t) => {
    const now = Date.now();
    const s = withEgress(new FakeSession().grow(5, 50), (e) => {
      e.setRun({ id: 'gates001', dir: '/p/wandb/run-x-gates001', mode: 'online', match: 'save_dir runs/detect/apex', confirmed: true, trainer: 'ultralytics' }, ['/p/wandb']);
      e.setFiles([
        { path: 'media/images/train_batch0_1_0123456789abcdef0123.jpg', bytes: 250_000, kind: 'file', target: null, category: 'training mosaics', firstSeen: now - 5000, step: 1, source: 'train_batch0.jpg' },
        { path: 'output.log', bytes: 12_000, kind: 'file', target: null, category: 'console log', firstSeen: now, step: null, source: null },
      ]);
      e.setProjected([{ what: 'val_batch0_pred.jpg', bytes: 2_000_000, estimated: true }]);
      e.addRecords({ records: 10, stats: 4, history: 6, exitCode: null }, now, false);
    });
    const r = render(<App sessions={[s]} options={{ note: '' }} />);
    t.after(() => r.unmount());
    const out = r.lastFrame() ?? '';
    assert.match(out, /W&B online 262 kB staged in 2 files/);
    assert.match(out, /about 2\.0 MB more at train end/);
    assert.match(out, /training mosaics 250 kB · console log 12\.0 kB/);
    assert.match(out, /4 system-metrics records, 6 history rows/);
    assert.match(out, /stop it: AIGP_WANDB=0 · WANDB_MODE=offline · plots=False/);
    await press(r, 'e');
    await shows(r, /staged for upload: 2 files, sorted by size/);
    assert.match(r.lastFrame() ?? '', /▸ …\S*batch0_1_0123456789abcdef0123\.jpg/);
    await press(r, 't');
    await shows(r, /sorted by time/);
    assert.match(r.lastFrame() ?? '', /▸ output\.log/);
  });
});
