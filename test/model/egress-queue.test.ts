import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EgressStore, NO_UPLOAD_LOG, NO_WIRE, type ArtifactInfo, type EgressPatch, type StagedFile, type WandbRunRef } from '../../src/model/egress.js';
import { egressQueue, uploadMarks } from '../../src/model/egress-queue.js';

const NOW = Date.UTC(2026, 2, 10, 12);
const RUN: WandbRunRef = { id: 'ab12cd34', dir: '/w/run-20260310_110000-ab12cd34', mode: 'online', match: 'save_dir runs/detect/apex', trainer: 'ultralytics' };
const file = (path: string, bytes: number): StagedFile => ({ path, bytes, kind: 'file', target: null, category: 'other', firstSeen: NOW - 60_000, step: null, source: null });
const MODEL: ArtifactInfo = { name: 'run_ab12cd34_model', type: 'model', aliases: ['best'], entries: [{ path: 'best.pt', size: 3_000_000, digest: 'x', ref: null, localPath: '/s/tmp1' }], bytes: 3_000_000, source: 'record', note: null };

function state(...patches: EgressPatch[]) {
  const s = new EgressStore([], () => NOW);
  s.update({ run: { run: RUN, lookedIn: [], candidates: [] }, files: [file('a.jpg', 4_000_000), file('b.jpg', 1_000_000)], artifacts: [MODEL], records: { records: 3, stats: 0, history: 0, exitCode: null, footer: false, logChangedAt: NOW, synced: false } });
  for (const p of patches) s.update(p);
  return s.snapshot;
}
const alive = { ref: { pid: 4242, name: 'wandb-core', evidence: 'holds run-ab12cd34.wandb open', startedAt: NOW - 60_000 }, status: 'alive' as const, note: null };
const ended = { records: { records: 1, stats: 0, history: 0, exitCode: 0, footer: false, logChangedAt: NOW, synced: false } };

describe('the queue line', () => {
  it('uploading: sent of ~queued (staged and artifacts), the rate, the time left', () => {
    const q = egressQueue(state({ uploader: alive, wire: { ...NO_WIRE, sentBytes: 4_213_778, rateBps: 800_000 } }), NOW);
    assert.equal(q.state, 'uploading');
    assert.equal(q.line, 'uploading · sent 4,213,778 B (4.2 MB) of ~8.0 MB · 800 kB/s · ~5s left');
    assert.equal(q.pendingBytes, 8_000_000 - 4_213_778);
  });

  it('safe to stop only with the exit record and an uploader that ended normally', () => {
    const gone = { uploader: { ref: null, status: 'gone' as const, note: 'wandb-core (pid 4242) ended' }, wire: { ...NO_WIRE, sentBytes: 8_100_000 } };
    assert.equal(egressQueue(state(gone, ended, { uploads: { ...NO_UPLOAD_LOG, backend: 'core', version: '0.25.1', tells: 'counts', finished: true } }), NOW).line, 'all sent — safe to stop · sent 8,100,000 B (8.1 MB)');
    assert.equal(egressQueue(state(gone, ended, { records: { records: 1, stats: 0, history: 0, exitCode: null, footer: true, logChangedAt: NOW, synced: false } }), NOW).state, 'done', 'the legacy footer');
    const early = egressQueue(state(gone, ended), NOW);
    assert.equal(early.state, 'gone');
    assert.match(early.line, /^uploader gone before the end — up to 8\.0 MB may not have left · sent 8,100,000 B/);
    const stillAlive = egressQueue(state(ended, { uploader: alive, uploads: { ...NO_UPLOAD_LOG, finished: true } }), NOW);
    assert.equal(stillAlive.state, 'uploading', 'never safe while the uploader runs');
  });

  it('a killed training (no exit record, log idle 10 min) says what it did to its uploader', () => {
    const s = state({ records: { records: 0, stats: 0, history: 0, exitCode: null, footer: false, logChangedAt: NOW - 11 * 60_000, synced: false }, uploader: { ref: null, status: 'not found', note: 'x' } });
    assert.match(egressQueue(s, NOW).line, /up to 8\.0 MB may not have left \(a killed training kills its uploader\)/);
  });

  it('files the legacy log names as sent lower the upper bound, and get their ✓; failures their ✗', () => {
    const s = state({ uploader: { ref: null, status: 'gone', note: null }, uploads: { ...NO_UPLOAD_LOG, backend: 'legacy', tells: 'files', uploaded: ['a.jpg'], uploadedOther: ['/s/tmp1'], failed: [{ path: 'b.jpg', bytes: null, why: 'failed to upload' }] } });
    const q = egressQueue(s, NOW);
    assert.equal(q.confirmedBytes, 7_000_000);
    assert.match(q.line, /up to 1\.0 MB may not have left/);
    assert.deepEqual([...(uploadMarks(s) ?? [])], [['a.jpg', '✓'], ['b.jpg', '✗']]);
    assert.equal(uploadMarks(state()), undefined, 'no log naming files: no column');
  });

  it('offline waits for wandb sync; no uploader seen says so, and why', () => {
    const off = new EgressStore([], () => NOW);
    off.update({ run: { run: { ...RUN, mode: 'offline' }, lookedIn: [], candidates: [] }, files: [file('a', 10)] });
    assert.equal(egressQueue(off.snapshot, NOW).line, 'offline: 10 B waits here for `wandb sync`');
    const q = egressQueue(state({ uploader: { ref: null, status: 'another user', note: 'pid 9 (wandb-core) is another user\'s: its connections are not readable without root' } }), NOW);
    assert.equal(q.state, 'unknown');
    assert.match(q.line, /^uploader not readable: pid 9 \(wandb-core\) is another user's/);
  });
});

describe('EgressStore.update', () => {
  it('one pass, one snapshot; nothing new, no snapshot', () => {
    const s = new EgressStore();
    let published = 0;
    s.subscribe(() => published++);
    s.update({ run: { run: RUN, lookedIn: ['/w'], candidates: [] }, files: [file('a', 1)], projected: [], artifacts: [MODEL], uploader: alive, wire: NO_WIRE, warnings: [{ cause: 'x', message: 'one' }] });
    assert.equal(published, 1);
    const before = s.snapshot;
    s.update({ run: { run: RUN, lookedIn: ['/w'], candidates: [] }, files: [file('a', 1)], projected: [], artifacts: [MODEL], uploader: alive, wire: NO_WIRE });
    assert.equal(published, 1);
    assert.equal(s.snapshot, before);
  });

  it('a warning\'s count is of occurrences, not of passes', () => {
    const s = new EgressStore();
    s.update({ warnings: [{ cause: 'wandb-corrupt-chunk', message: 'a' }, { cause: 'wandb-corrupt-chunk', message: 'b' }] });
    for (let i = 0; i < 5; i++) s.update({ warnings: [] });
    assert.deepEqual(s.snapshot.warnings, [{ cause: 'wandb-corrupt-chunk', count: 2, message: 'b' }]);
  });

  it('the sent line keeps a bounded history, one point per change', () => {
    let t = 0;
    const s = new EgressStore([], () => t);
    for (let i = 0; i < 5000; i++) {
      t += 2000;
      s.update({ wire: { ...NO_WIRE, sentBytes: i * 1000 } });
    }
    assert.ok(s.snapshot.sentHistory.length <= 1000);
    assert.equal(s.snapshot.sentHistory.at(-1)?.bytes, 4_999_000);
    assert.equal(s.snapshot.sentHistory[0].bytes, 0);
  });
});
