// Keys in the container, as a person presses them: what is visible is what they act on, and a
// key with nothing to act on says so on the status line.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { render } from 'ink-testing-library';
import { App, type GpuSource, type SessionLike } from '../../src/ui/App.js';
import { EgressStore, type EgressState } from '../../src/model/egress.js';
import { FakeSession } from '../helpers/fake-session.js';
import { frame, press, resize, shows } from '../helpers/ink.js';
import { gpuState } from '../helpers/screen-runs.js';

function withEgress(session: FakeSession, egress: EgressState): SessionLike {
  const snap = { ...session.getSnapshot(), egress };
  return { subscribe: session.subscribe, getSnapshot: () => snap, pickWandbRun: () => {} };
}

function staged(files: [string, number][]): EgressState {
  const e = new EgressStore(['/p/wandb']);
  e.update({ run: { run: { id: 'gates001', dir: '/p/wandb/run-x-gates001', mode: 'online', match: 'save_dir runs/detect/apex', trainer: 'ultralytics' }, lookedIn: ['/p/wandb'], candidates: [] } });
  e.update({ files: files.map(([path, bytes]) => ({ path, bytes, kind: 'file' as const, target: null, category: 'training mosaics' as const, firstSeen: Date.now(), step: 1, source: null })) });
  return e.snapshot;
}

const ONE_GPU = gpuState(1);
const GPU: GpuSource = { subscribe: () => () => {}, getSnapshot: () => ONE_GPU };

describe('keys act on what is on screen', () => {
  it('g then e: the file list replaces GPU detail; ↓ moves it; one Esc closes it and the run is back', async (t) => {
    const s = withEgress(new FakeSession().grow(5, 50), staged([['a.log', 300], ['b.log', 200], ['c.log', 100]]));
    const r = render(<App sessions={[s]} options={{ note: '', gpu: GPU }} />);
    t.after(() => r.unmount());
    await press(r, 'g');
    await shows(r, /GPU detail/);
    await press(r, 'e');
    await shows(r, /staged for upload: 3 files/);
    assert.doesNotMatch(frame(r), /GPU detail/);
    await press(r, '\x1b[B');
    await shows(r, /▸ b\.log/);
    await press(r, '\x1b');
    await shows(r, /epoch 5\/50/);
    assert.doesNotMatch(frame(r), /GPU detail|staged for upload/);
  });

  it('Esc in the preview goes back to the list, not further', async (t) => {
    const s = withEgress(new FakeSession().grow(5, 50), staged([['media/images/train_batch0_1_0123.png', 300]]));
    const r = render(<App sessions={[s]} options={{ note: '' }} />);
    t.after(() => r.unmount());
    await press(r, 'e', 'p');
    await shows(r, /train_batch0_1_0123\.png \(p: back to the list\)/);
    await press(r, '\x1b');
    await shows(r, /staged for upload: 1 file,/);
    await press(r, '\x1b');
    await shows(r, /epoch 5\/50/);
  });

  it('e on a run without wandb and c on a confirmed run say so on the status line; the next key clears it', async (t) => {
    const none = withEgress(new FakeSession().grow(5, 50), { ...staged([]), run: null });
    const r = render(<App sessions={[none]} options={{ note: 'watching' }} />);
    t.after(() => r.unmount());
    await press(r, 'e');
    await shows(r, /e: no wandb run belongs to this training: nothing is staged for upload/);
    await press(r, 's');
    await shows(r, /watching/);
    const confirmed = render(<App sessions={[withEgress(new FakeSession().grow(5, 50), staged([]))]} options={{ note: '' }} />);
    t.after(() => confirmed.unmount());
    await press(confirmed, 'c');
    await shows(confirmed, /c: nothing to pick: wandb run gates001 is this training’s \(save_dir runs\/detect\/apex\)/);
  });

  it('help lists the list keys with where they act, in an 80x24 pane with 8 GPUs', async (t) => {
    const eight = gpuState(8);
    const r = render(<App sessions={[new FakeSession().grow(5, 50)]} options={{ note: '', gpu: { subscribe: () => () => {}, getSnapshot: () => eight } }} />);
    t.after(() => r.unmount());
    resize(r, 80, 24);
    await press(r, '?');
    await shows(r, /^↑\/↓ +in e or c: select the row above or below$/m);
    const out = frame(r);
    assert.match(out, /^Enter +in c: this one is the training’s run/m);
    assert.match(out, /^b\/t +in e: sort by size/m);
    assert.match(out, /^Esc +over \?, g, e, c: close what is on top/m);
    assert.match(out, /^q +quit and restore the terminal/m);
    assert.match(out, /▲ on an x axis: the best epoch/, 'the whole table fits: the GPU panel gives help its lines');
    for (const l of out.split('\n')) assert.ok([...l].length <= 80, l);
  });

  it('the keys typed before Ink made the view of its first frame (help here)', (t) => {
    const r = render(<App sessions={[new FakeSession().grow(5, 50)]} options={{ note: '', typed: ['?'] }} />);
    t.after(() => r.unmount());
    assert.match(r.frames[0], /^q +quit and restore the terminal/m);
  });

  it('keys that piled up while the app was busy come as one string: each acts once, in order', async (t) => {
    const r = render(<App sessions={[new FakeSession().grow(5, 50)]} options={{ note: '' }} />);
    t.after(() => r.unmount());
    await press(r, 's??g');
    await shows(r, /GPU detail/);
    await press(r, '\x1b');
    await shows(r, /epoch 5\/50/);
    assert.match(frame(r), /smooth/, 's acted once');
  });
});
