import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { auditJson, auditText } from '../../src/report/audit.js';
import { auditArtifacts, auditManifest } from '../../src/live/audit-manifest.js';
import { EgressReader } from '../../src/live/egress-reader.js';
import { replayTraining } from '../../fixtures/wandb/replay-training.js';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { egressJson, egressLines } from '../../src/report/egress-report.js';
import { EgressStore, emptyEgress, NO_UPLOAD_LOG, type StagedFile, type WandbRunRef } from '../../src/model/egress.js';
import { tempDir } from '../helpers/paths.js';
import { LocalFs } from '../../src/live/fs/local-fs.js';

const LOCAL = new LocalFs();

const NOW = Date.UTC(2026, 0, 1, 12);
const RUN: WandbRunRef = { id: 'gates001', dir: '/p/wandb/run-20250310_095404-gates001', mode: 'online', match: 'save_dir runs/detect/apex', trainer: 'ultralytics' };
const FILES: StagedFile[] = [
  { path: 'media/images/train_batch0_1_0123456789abcdef0123.jpg', bytes: 5_645_885, kind: 'file', target: null, category: 'training mosaics', firstSeen: NOW - 5000, step: 1, source: 'train_batch0.jpg' },
  { path: 'runs/PPO_1/events.out.tfevents.1', bytes: 2426, kind: 'symlink', target: '/home/me/PPO_1/events.out.tfevents.1', category: 'other', firstSeen: NOW - 4000, step: null, source: null },
  { path: 'pipe', bytes: 0, kind: 'special', target: null, category: 'other', firstSeen: NOW - 3000, step: null, source: null },
  { path: 'bad\\xffname.txt', bytes: 250_000, kind: 'file', target: null, category: 'other', firstSeen: NOW, step: null, source: null },
];

function state(run: WandbRunRef | null, files: StagedFile[] = FILES) {
  const s = new EgressStore(['/p/wandb']);
  s.update({ run: { run: run, lookedIn: ['/p/wandb'], candidates: [] } });
  s.update({ files: files });
  s.update({ records: { ...{ records: 1, stats: 0, history: 0, exitCode: null }, footer: false, logChangedAt: NOW, synced: false } });
  return s.snapshot;
}

const CANDIDATE = { id: 'e9756yo0', dir: '/p/wandb/run-20250310_095404-e9756yo0', mode: 'online' as const, startedAt: Date.UTC(2025, 2, 10, 9, 54, 4) };

describe('egress JSON', () => {
  it('a confirmed run: match as before, confirmed, no candidates, the advice; the newest file with its kind and target', () => {
    const j = egressJson(state(RUN), NOW);
    assert.equal(j.state, 'online');
    assert.equal(j.match, 'save_dir runs/detect/apex');
    assert.equal(j.confirmed, true);
    assert.deepEqual(j.candidates, []);
    assert.equal(j.staged_bytes, 5_645_885 + 2426 + 250_000);
    assert.deepEqual(j.newest_file, { path: 'bad\\xffname.txt', bytes: 250_000, kind: 'file', target: null, category: 'other' });
    assert.equal(j.advice, "stop it: WANDB_MODE=offline · plots=False · AIGP_WANDB=0 (the team's switch)");
  });

  it('candidates only: no run, the candidates listed; none at all: confirmed false, no candidates', () => {
    const j = egressJson({ ...emptyEgress(['/p/wandb']), candidates: [CANDIDATE] }, NOW);
    assert.equal(j.state, 'unconfirmed');
    assert.equal(j.wandb_run, null);
    assert.deepEqual(j.candidates, [{ id: 'e9756yo0', dir: CANDIDATE.dir, mode: 'online', started: '2025-03-10T09:54:04', caveat: null }]);
    const none = egressJson(null, NOW);
    assert.equal(none.confirmed, false);
    assert.deepEqual(none.candidates, []);
    assert.equal(egressJson(emptyEgress(), NOW).state, 'none');
  });
});

describe('egress text', () => {
  it('exact bytes and the advice that fits', () => {
    const lines = egressLines(state({ ...RUN, trainer: 'other' }), NOW);
    assert.match(lines[0], /^W&B online: run gates001 \(save_dir runs\/detect\/apex\) — 5,898,311 B \(5\.9 MB\) staged for upload in 4 files/);
    assert.match(lines.at(-1) ?? '', /^ {2}stop it: WANDB_MODE=offline \(kept here until `wandb sync`\) · WANDB_MODE=disabled/);
  });

  it('unconfirmed: the candidates, never a run that uploads', () => {
    const lines = egressLines({ ...emptyEgress(['/p/wandb']), candidates: [CANDIDATE] }, NOW);
    assert.match(lines[0], /^W&B unconfirmed: 1 run of the same time, none naming this training/);
    assert.equal(lines[1], '  e9756yo0 online, started 2025-03-10 09:54  /p/wandb/run-20250310_095404-e9756yo0');
    assert.doesNotMatch(lines.join('\n'), /online:|stop it/);
  });
});

describe('audit', () => {
  it('links and special files are listed, not read; bytes exact with separators', async (t) => {
    const root = tempDir(t);
    const dir = join(root, 'run-20250310_095404-gates001');
    mkdirSync(join(dir, 'files', 'runs', 'PPO_1'), { recursive: true });
    mkdirSync(join(dir, 'files', 'media', 'images'), { recursive: true });
    // Plain files where the ledger says link and special: were they read, they would get a hash.
    for (const f of FILES) writeFileSync(join(dir, 'files', f.path), 'x');
    const s = state({ ...RUN, dir });
    const entries = await auditManifest(LOCAL, s);
    assert.deepEqual(entries.map((e) => [e.kind, e.target, e.sha256 === null]), [['file', null, false], ['symlink', '/home/me/PPO_1/events.out.tfevents.1', true], ['special', null, true], ['file', null, false]]);
    const text = auditText(auditJson('runs/detect/apex', s, entries, NOW));
    assert.match(text, /train_batch0_1_0123456789abcdef0123\.jpg +training mosaics +5,645,885 +1 +\d{4}-\d\d-\d\d \d\d:\d\d +[0-9a-f]{16} +train_batch0\.jpg/);
    assert.match(text, /runs\/P…\/events\.out\.tfevents\.1 → \/home…\/events\.out\.tfevents\.1 +other +2,426 +\d{4}-\d\d-\d\d \d\d:\d\d +link, not read/, 'at most 60 columns: both shortened');
    assert.match(text, /pipe \[special\] +other +0 +\d{4}-\d\d-\d\d \d\d:\d\d +not opened/);
    assert.match(text, /bad\\xffname\.txt +other +250,000/);
    assert.match(text, /all +4 files +5,898,311 B +5\.9 MB/);
    const j = auditJson('runs/detect/apex', s, entries, NOW);
    assert.equal(j.confirmed, true);
    assert.deepEqual(j.candidates, []);
  });

  it('no run, but candidates: they are listed', () => {
    const s = { ...emptyEgress(['/p/wandb']), candidates: [CANDIDATE] };
    const text = auditText(auditJson('runs/detect/apex', s, [], NOW));
    assert.match(text, /no wandb run names this training; 1 of the same time might be it/);
    assert.match(text, /e9756yo0 online, started 2025-03-10 09:54:04 {2}\/p\/wandb\/run-20250310_095404-e9756yo0/);
  });

  it('a model artifact of the .wandb log (our writer\'s): listed as "model artifact", added to what leaves, its local file hashed while it is there', async (t) => {
    const project = tempDir(t);
    const f = await replayTraining({ project, name: 'apex', epochs: 2, stepMs: 0, wandb: 'offline', id: 'art00001', modelArtifact: true });
    const reader = new EgressReader({ kind: 'training', fs: LOCAL, runDir: f.runDir }, { wandbDir: null });
    await reader.sync();
    const s = reader.store.snapshot;
    assert.equal(s.artifacts.length, 1);
    const best = readFileSync(join(f.runDir, 'weights', 'best.pt'));
    assert.deepEqual([s.artifacts[0].name, s.artifacts[0].type, s.artifacts[0].source, s.artifacts[0].bytes], ['run_art00001_model', 'model', 'record', best.length]);
    const j = egressJson(s, NOW);
    assert.equal(j.artifacts_bytes, best.length);
    assert.equal(j.queue.state, 'offline');
    assert.equal(j.queue.pending_bytes, s.stagedBytes + best.length, 'the artifact waits with the staged files');
    const arts = await auditArtifacts(LOCAL, s, f.runDir);
    assert.equal(arts[0].sha256, createHash('sha256').update(best).digest('hex'));
    assert.equal(arts[0].localWhy, 'its local path');
    const text = auditText(auditJson('runs/detect/apex', s, await auditManifest(LOCAL, s), NOW, arts));
    assert.match(text, new RegExp(`run_art00001_model/best\\.pt +model artifact +${best.length.toLocaleString('en-US')} .* ${arts[0].sha256!.slice(0, 16)} +local: `));
    assert.match(text, /model artifact +1 file +[\d,]+ B/);
    assert.match(text, /sha256 \(first 16 hex\)/);
    assert.match(text, /audit --json has them whole/);
    // The staging copy is gone once uploaded: the training's weights/best.pt is the same file.
    rmSync(s.artifacts[0].entries[0].localPath!);
    const again = await auditArtifacts(LOCAL, s, f.runDir);
    assert.equal(again[0].sha256, arts[0].sha256);
    assert.equal(again[0].localWhy, 'weights/best.pt of the training (same name and size)');
    const none = await auditArtifacts(LOCAL, s, null);
    assert.deepEqual([none[0].sha256, none[0].local], [null, null]);
  });

  it('one file is "1 file"; the log\'s ✓ and ✗ in their own column', async (t) => {
    const root = tempDir(t);
    const dir = join(root, 'run-20250310_095404-gates001');
    mkdirSync(join(dir, 'files'), { recursive: true });
    writeFileSync(join(dir, 'files', 'a.txt'), 'x');
    const one: StagedFile = { path: 'a.txt', bytes: 1, kind: 'file', target: null, category: 'other', firstSeen: NOW, step: null, source: null };
    const st = new EgressStore();
    st.update({ run: { run: { ...RUN, dir }, lookedIn: [], candidates: [] }, files: [one], uploads: { ...NO_UPLOAD_LOG, backend: 'legacy', tells: 'files', uploaded: ['a.txt'] } });
    const text = auditText(auditJson('x', st.snapshot, await auditManifest(LOCAL, st.snapshot), NOW));
    assert.match(text, /all +1 file +1 B/);
    assert.match(text, /^✓ path/m);
    assert.match(text, /^✓ a\.txt +other +1 /m);
    assert.doesNotMatch(text, /1 files/);
  });
});

describe('past the listing cap: counted in every face, and said', () => {
  const UNLISTED = { files: 44, bytes: 332_903, byCategory: { ...emptyEgress().byCategory, other: 332_903 }, cap: 100_000 };
  const capped = () => {
    const s = new EgressStore(['/p/wandb']);
    s.update({ run: { run: RUN, lookedIn: ['/p/wandb'], candidates: [] } });
    s.update({ files: FILES, unlisted: UNLISTED });
    return s.snapshot;
  };
  const listed = 5_645_885 + 2426 + 250_000;

  it('JSON: files and staged_bytes are every file, unlisted says how many are past which cap', () => {
    const j = egressJson(capped(), NOW);
    assert.equal(j.files, FILES.length + 44);
    assert.equal(j.staged_bytes, listed + 332_903);
    assert.deepEqual(j.unlisted, { files: 44, bytes: 332_903, cap: 100_000 });
    assert.equal(j.by_category.other, 2426 + 250_000 + 332_903);
    assert.equal(egressJson(state(RUN), NOW).unlisted, null);
  });

  it('text: the total, then the line that says the cap and what is past it', () => {
    const lines = egressLines(capped(), NOW);
    assert.match(lines[0], /6,231,214 B \(6\.2 MB\) staged for upload in 48 files;/);
    assert.equal(lines[1], '  44 files, 332,903 B (333 kB), past the 100,000-file listing cap: counted in the totals, not listed');
  });

  it('audit: a row for what is past the cap (not listed, not hashed), and "all" counts it', async () => {
    const s = capped();
    const a = auditJson('runs/detect/apex', s, await auditManifest(LOCAL, s), NOW);
    assert.equal(a.staged_bytes, listed + 332_903);
    assert.deepEqual(a.unlisted, { files: 44, bytes: 332_903, cap: 100_000 });
    const text = auditText(a);
    assert.match(text, /^ {2}past the cap +44 files +332,903 B +333 kB {2}\(over the 100,000-file listing cap: counted, not listed or hashed\)$/m);
    assert.match(text, /^ {2}all +48 files +6,231,214 B/m);
  });
});
