import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { render } from 'ink-testing-library';
import { App, type SessionLike } from '../../src/ui/App.js';
import { EgressStore, emptyEgress, NO_UPLOAD_LOG, NO_WIRE, type EgressState, type WandbRunRef } from '../../src/model/egress.js';
import { press, resize, shows } from '../helpers/ink.js';
import { FakeSession } from '../helpers/fake-session.js';

function withEgress(session: FakeSession, fill: (s: EgressStore) => void) {
  const store = new EgressStore(['/p/wandb']);
  fill(store);
  return withState(session, store.snapshot);
}

function withState(session: FakeSession, egress: EgressState): SessionLike & { picks: (string | null)[] } {
  const snap = { ...session.getSnapshot(), egress };
  const picks: (string | null)[] = [];
  return { subscribe: session.subscribe, getSnapshot: () => snap, pickWandbRun: (dir) => picks.push(dir), picks };
}

const RUN: WandbRunRef = { id: 'gates001', dir: '/p/wandb/run-x-gates001', mode: 'online', match: 'save_dir runs/detect/apex', trainer: 'ultralytics' };
const CANDIDATES = [
  { id: 'e9756yo0', dir: '/p/wandb/run-20250310_095404-e9756yo0', mode: 'online' as const, startedAt: Date.UTC(2025, 2, 10, 9, 54, 4) },
  { id: 'ogdbknpr', dir: '/p/wandb/run-20250310_214748-ogdbknpr', mode: 'offline' as const, startedAt: Date.UTC(2025, 2, 10, 21, 47, 48) },
];

function staged(e: EgressStore, run: WandbRunRef = RUN) {
  const now = Date.now();
  e.update({ run: { run: run, lookedIn: ['/p/wandb'], candidates: [] } });
  e.update({ files: [
    { path: 'media/images/train_batch0_1_0123456789abcdef0123.jpg', bytes: 5_645_885, kind: 'file', target: null, category: 'training mosaics', firstSeen: now - 5000, step: 1, source: 'train_batch0.jpg' },
    { path: 'output.log', bytes: 250_000, kind: 'file', target: null, category: 'console log', firstSeen: now, step: null, source: null },
  ] });
}

describe('the egress panel', () => {
  it('says nothing leaves when no wandb run belongs to the training', (t) => {
    const s = withEgress(new FakeSession().grow(5, 50), () => {});
    const r = render(<App sessions={[s]} options={{ note: '' }} />);
    t.after(() => r.unmount());
    assert.match(r.lastFrame() ?? '', /W&B: no wandb run belongs to this training — nothing leaves this box/);
  });

  it('shows the state, exact bytes staged, by category, the projection and how to stop it; e lists the files', async (t) => {
    // Staged on the day the session is watching: the list shows times, not dates.
    const session = new FakeSession().grow(5, 50);
    const now = session.now;
    const s = withEgress(session, (e) => {
      e.update({ run: { run: RUN, lookedIn: ['/p/wandb'], candidates: [] } });
      e.update({ files: [
        { path: 'media/images/train_batch0_1_0123456789abcdef0123.jpg', bytes: 250_000, kind: 'file', target: null, category: 'training mosaics', firstSeen: now - 5000, step: 1, source: 'train_batch0.jpg' },
        { path: 'output.log', bytes: 12_000, kind: 'file', target: null, category: 'console log', firstSeen: now, step: null, source: null },
      ] });
      e.update({ projected: [{ what: 'val_batch0_pred.jpg', bytes: 2_000_000, estimated: true }] });
      e.update({ records: { ...{ records: 10, stats: 4, history: 6, exitCode: null }, footer: false, logChangedAt: now, synced: false } });
    });
    const r = render(<App sessions={[s]} options={{ note: '' }} />);
    t.after(() => r.unmount());
    const out = r.lastFrame() ?? '';
    assert.match(out, /W&B online 262,000 B \(262 kB\) staged in 2 files/);
    assert.match(out, /about 2\.0 MB more at train end/);
    assert.match(out, /training mosaics 250 kB · console log 12\.0 kB/);
    assert.match(out, /4 system-metrics records, 6 history rows/);
    assert.match(out, /stop it: WANDB_MODE=offline · plots=False · AIGP_WANDB=0 \(the team's switch\)/);
    await press(r, 'c');
    assert.doesNotMatch(r.lastFrame() ?? '', /W&B runs of the same time/, 'a confirmed run: no candidates to list');
    await press(r, 'e');
    await shows(r, /staged for upload: 2 files, 262,000 B \(262 kB\), sorted by size/);
    assert.match(r.lastFrame() ?? '', /▸ media\/images\/train_batch0_1_0123456789abcdef0123\.jpg +250,000 training mosaics/);
    await press(r, 't');
    await shows(r, /sorted by time/);
    assert.match(r.lastFrame() ?? '', /▸ output\.log/);
  });

  it('the first line keeps the exact bytes at 80 columns and says everything at 200', async (t) => {
    const s = withEgress(new FakeSession().grow(5, 50), (e) => staged(e));
    const r = render(<App sessions={[s]} options={{ note: '' }} />);
    t.after(() => r.unmount());
    resize(r, 80);
    await shows(r, /^W&B online 5,895,885 B \(5\.9 MB\) staged in 2 files · newest output\.log 250 kB · …$/m);
    for (const line of (r.lastFrame() ?? '').split('\n')) assert.ok(line.length <= 80, line);
    resize(r, 200);
    await shows(r, /^W&B online 5,895,885 B \(5\.9 MB\) staged in 2 files · newest output\.log 250 kB · run gates001 \(save_dir runs\/detect\/apex\)$/m);
    assert.match(r.lastFrame() ?? '', /stop it: WANDB_MODE=offline · plots=False · AIGP_WANDB=0 \(the team's switch\)\s+\(e: file list, p: preview\)/);
  });

  it('advice fits the run: wandb’s own switches for other trainers, wandb sync for offline, what left when finished', (t) => {
    const other = withEgress(new FakeSession().grow(5, 50), (e) => staged(e, { ...RUN, trainer: 'other' }));
    const offline = withEgress(new FakeSession().grow(5, 50), (e) => staged(e, { ...RUN, mode: 'offline' }));
    const finished = withEgress(new FakeSession().grow(5, 50), (e) => {
      staged(e);
      e.update({ records: { ...{ records: 3, stats: 0, history: 0, exitCode: 0 }, footer: false, logChangedAt: Date.now(), synced: false } });
    });
    const frameOf = (s: SessionLike) => {
      const r = render(<App sessions={[s]} options={{ note: '' }} />);
      t.after(() => r.unmount());
      return r.lastFrame() ?? '';
    };
    const o = frameOf(other);
    assert.match(o, /stop it: WANDB_MODE=offline \(kept here until `wandb sync`\) · WANDB_MODE=disabled/);
    assert.doesNotMatch(o, /plots=False|AIGP_WANDB/);
    const off = frameOf(offline);
    assert.match(off, /offline: nothing leaves until `wandb sync`/);
    assert.doesNotMatch(off, /stop it/);
    assert.match(frameOf(finished), /finished: 5,895,885 B \(5\.9 MB\) staged, no more to come/);
  });

  it('runs matched by time alone are candidates, never the run that uploads; c lists them and Enter picks one', async (t) => {
    const s = withState(new FakeSession().grow(5, 50), { ...emptyEgress(['/p/wandb']), candidates: CANDIDATES });
    const r = render(<App sessions={[s]} options={{ note: '' }} />);
    t.after(() => r.unmount());
    resize(r, 80);
    await shows(r, /^W&B unconfirmed — 2 candidates \(same time; none names this training\) · c: pick$/m);
    assert.match(r.lastFrame() ?? '', /e9756yo0 online, started 2025-03-10 09:54 · ogdbknpr offline/);
    assert.doesNotMatch(r.lastFrame() ?? '', /uploading|W&B online|stop it/);
    await press(r, 'c');
    await shows(r, /W&B runs of the same time as this training; none of them names it/);
    assert.match(r.lastFrame() ?? '', /▸ e9756yo0 online, started 2025-03-10 09:54  \/p\/wandb\/run-20250310_095404-e97/);
    // Enter picks the row drawn as selected: the user sees the selection move, then presses it.
    await press(r, '\x1b[B');
    await shows(r, /▸ ogdbknpr/);
    await press(r, '\r');
    await shows(r, /W&B unconfirmed/);
    assert.deepEqual(s.picks, ['/p/wandb/run-20250310_214748-ogdbknpr']);
  });

  it('a run of the same time that nothing confirms is shown as a candidate, never as uploading', (t) => {
    const s = withEgress(new FakeSession().grow(5, 50), (e) => e.update({ run: { run: null, lookedIn: ['/p/wandb'], candidates: [{ id: 'gates001', dir: '/p/wandb/run-20250310_095404-gates001', mode: 'online', startedAt: Date.UTC(2025, 2, 10, 9, 54, 4) }] } }));
    const r = render(<App sessions={[s]} options={{ note: '' }} />);
    t.after(() => r.unmount());
    const out = r.lastFrame() ?? '';
    assert.match(out, /W&B unconfirmed — 1 candidate \(/);
    assert.match(out, /gates001 online, started 2025-03-10 09:54/);
    assert.doesNotMatch(out, /W&B online|5,895,885|stop it/);
  });

  it('a picked run is confirmed, says so, and c offers to take the pick back', async (t) => {
    const s = withEgress(new FakeSession().grow(5, 50), (e) => staged(e, { ...RUN, match: 'picked by you', trainer: 'unknown' }));
    const r = render(<App sessions={[s]} options={{ note: '' }} />);
    t.after(() => r.unmount());
    resize(r, 200);
    await shows(r, /W&B online 5,895,885 B .* run gates001 \(picked by you\)/);
    await press(r, 'c');
    await shows(r, /▸ none of these \(take back the pick of gates001\)/);
    await press(r, '\r');
    await shows(r, /W&B online/);
    assert.deepEqual(s.picks, [null]);
  });

  it('a chart of the staged bytes over epochs: beside the panel in a tall pane, above the list in e', async (t) => {
    const now = Date.now();
    const s = withEgress(new FakeSession().grow(10, 50), (e) => {
      e.update({ run: { run: RUN, lookedIn: ['/p/wandb'], candidates: [] } });
      e.update({ files: Array.from({ length: 12 }, (_, i) => ({
        path: `media/images/train_batch${i % 3}_${1 + Math.floor(i / 3)}_0123456789abcdef0123.jpg`, bytes: 200_000, kind: 'file' as const, target: null,
        category: 'training mosaics' as const, firstSeen: now - 100_000 + i * 1000, step: 1 + Math.floor(i / 3), source: null,
      })) });
    });
    const r = render(<App sessions={[s]} options={{ note: '' }} />);
    t.after(() => r.unmount());
    assert.doesNotMatch(r.lastFrame() ?? '', /W&B staged, cumulative MB/, 'no room on 24 lines');
    resize(r, 120, 50);
    await shows(r, /W&B staged, cumulative MB \(2,400,000 B\) +■ training mosaics 2\.4/);
    resize(r, 80, 30);
    await press(r, 'e');
    await shows(r, /staged for upload: 12 files/);
    assert.match(r.lastFrame() ?? '', /W&B staged, cumulative MB \(2,400,000 B\)[^]*[\u2801-\u28ff][^]*staged for upload/);
  });

  it('the queue: who uploads, what it sent of what is queued, the rate; then safe to stop, or gone before the end', async (t) => {
    const uploading = withEgress(new FakeSession().grow(5, 50), (e) => {
      staged(e);
      e.update({
        uploader: { ref: { pid: 4242, name: 'wandb-core', evidence: 'holds run-gates001.wandb open', startedAt: null }, status: 'alive', note: null },
        wire: { ...NO_WIRE, sentBytes: 4_213_778, rateBps: 800_000 },
      });
    });
    const r = render(<App sessions={[uploading]} options={{ note: '' }} />);
    t.after(() => r.unmount());
    resize(r, 120);
    await shows(r, /^uploading · sent 4,213,778 B \(4\.2 MB\) of ~5\.9 MB · 800 kB\/s · ~2s left · wandb-core pid 4242$/m);
    for (const line of (r.lastFrame() ?? '').split('\n')) assert.ok(line.length <= 120, line);
    const done = withEgress(new FakeSession().grow(5, 50), (e) => {
      staged(e);
      e.update({ uploader: { ref: null, status: 'gone', note: 'ended' }, wire: { ...NO_WIRE, sentBytes: 6_000_000 }, uploads: { ...NO_UPLOAD_LOG, backend: 'core', version: '0.25.1', tells: 'counts', uploadedCount: 2, finished: true } });
      e.update({ records: { records: 3, stats: 0, history: 0, exitCode: 0, footer: false, logChangedAt: Date.now(), synced: false } });
    });
    const d = render(<App sessions={[done]} options={{ note: '' }} />);
    t.after(() => d.unmount());
    assert.match(d.lastFrame() ?? '', /all sent — safe to stop · sent 6,000,000 B \(6\.0 MB\)/);
    const gone = withEgress(new FakeSession().grow(5, 50), (e) => {
      staged(e);
      e.update({ uploader: { ref: null, status: 'gone', note: 'ended' }, wire: { ...NO_WIRE, sentBytes: 1_000_000 } });
    });
    const g = render(<App sessions={[gone]} options={{ note: '' }} />);
    t.after(() => g.unmount());
    assert.match(g.lastFrame() ?? '', /uploader gone before the end — up to 5\.9 MB may not have left/);
  });

  it('e: what the log says of each file (✓, ✗), the artifacts, and the sent line on the chart', async (t) => {
    const now = Date.now();
    const s = withEgress(new FakeSession().grow(10, 50), (e) => {
      e.update({ run: { run: RUN, lookedIn: ['/p/wandb'], candidates: [] } });
      e.update({ files: Array.from({ length: 6 }, (_, i) => ({
        path: `media/images/train_batch${i % 3}_${1 + Math.floor(i / 3)}_0123456789abcdef0123.jpg`, bytes: 200_000 + i, kind: 'file' as const, target: null,
        category: 'training mosaics' as const, firstSeen: now - 100_000 + i * 1000, step: 1 + Math.floor(i / 3), source: null,
      })) });
      e.update({
        uploads: { ...NO_UPLOAD_LOG, backend: 'legacy', version: '0.16.6', tells: 'files', uploaded: ['media/images/train_batch0_1_0123456789abcdef0123.jpg'], failed: [{ path: 'media/images/train_batch1_1_0123456789abcdef0123.jpg', bytes: null, why: 'failed to upload' }] },
        artifacts: [{ name: 'run_gates001_model', type: 'model', aliases: ['best'], entries: [{ path: 'best.pt', size: 5_234_567, digest: 'x', ref: null, localPath: null }], bytes: 5_234_567, source: 'record', note: null }],
      });
      e.update({ wire: { ...NO_WIRE, sentBytes: 300_000 } });
    });
    const r = render(<App sessions={[s]} options={{ note: '' }} />);
    t.after(() => r.unmount());
    resize(r, 140, 50);
    await press(r, 'e');
    await shows(r, /staged for upload: 6 files/);
    const out = r.lastFrame() ?? '';
    assert.match(out, /the legacy backend 0\.16\.6 logs each upload: 1 of 6 staged files uploaded · 1 failed/);
    assert.match(out, /model artifact run_gates001_model \(model, best\): best\.pt 5,234,567 B \(5\.2 MB\)/);
    assert.match(out, /^ {2}✓ file +bytes/m);
    assert.match(out, /✓ media\/images\/train_batch0_1_0123456789abcdef0123\.jpg +200,000/);
    assert.match(out, /✗ media\/images\/train_batch1_1_0123456789abcdef0123\.jpg +200,001/);
    assert.match(out, /W&B staged, cumulative MB \(1,200,015 B\); sent 300,000 B dotted: sent on the wire +■ training mosaics 1\.2 +■ sent 0\.3/);
  });

  it('past the listing cap: the panel counts every file and says how many are past the cap; the list says it too', async (t) => {
    const session = new FakeSession().grow(5, 50);
    const s = withEgress(session, (e) => {
      e.update({ run: { run: RUN, lookedIn: ['/p/wandb'], candidates: [] } });
      e.update({
        files: [{ path: 'output.log', bytes: 250_000, kind: 'file', target: null, category: 'console log', firstSeen: session.now, step: null, source: null }],
        unlisted: { files: 44, bytes: 1_000_000, byCategory: { ...emptyEgress().byCategory, other: 1_000_000 }, cap: 100_000 },
      });
    });
    const r = render(<App sessions={[s]} options={{ note: '' }} />);
    t.after(() => r.unmount());
    resize(r, 200, 40);
    await shows(r, /W&B online 1,250,000 B \(1\.3 MB\) staged in 45 files \(44 past the 100000-file list, counted\)/);
    await press(r, 'e');
    await shows(r, /staged for upload: 1 file, 250,000 B \(250 kB\) listed; 44 files, 1,000,000 B \(1\.0 MB\), past the 100,000-file listing cap: counted in the totals, not listed/);
  });
});

