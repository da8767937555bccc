import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { coreLogsUploads, parseUploadLogLine, stagedRel, trainingPidOf, type UploadLogEvent } from '../../../src/sources/wandb/upload-log.js';
import { needsShared, REPO, SHARED_FIXTURES } from '../../helpers/paths.js';

const FOLDER = 'run-20240503_104448-z3pktf9j';
const events = (text: string, folder = FOLDER) => text.split('\n').map((l) => parseUploadLogLine(l, folder)).filter((e): e is UploadLogEvent => e !== null);

describe('what the uploader logs (debug-internal.log)', () => {
  it('the legacy backend (0.16.6, a real run): its pid, each file by its temp copy or real path, the artifact files by their staging copies', { skip: needsShared }, () => {
    const run = join(SHARED_FIXTURES, 'wandb', 'autogan_pix2pix_z3pktf9j', 'wandb', FOLDER);
    const e = events(readFileSync(join(run, 'logs', 'debug-internal.log'), 'utf8'));
    assert.deepEqual(e[0], { kind: 'legacy', serverPid: 77790 });
    const staged = e.flatMap((x) => (x.kind === 'uploaded' && x.rel ? [x.rel] : []));
    assert.deepEqual([...new Set(staged)].sort(), [
      'config.yaml', 'media/images/fake_B_0_69b92002d2cae9acc513.png', 'media/images/real_A_0_4607c70d6608b079ec1d.png', 'media/images/real_B_0_982f9342505a9fa57088.png',
      'media/table/Result_1_02ca0d7cc53cdb8887f2.table.json', 'output.log', 'requirements.txt', 'wandb-metadata.json', 'wandb-summary.json',
    ]);
    const other = e.flatMap((x) => (x.kind === 'uploaded' && !x.rel ? [x.path] : []));
    assert.ok(other.includes('/Users/andershelbo/Library/Application Support/wandb/artifacts/staging/tmpiufh_ahx'));
    assert.equal(trainingPidOf(readFileSync(join(run, 'logs', 'debug.log'), 'utf8').split('\n')[1]), 77779);
  });

  it('wandb-core 0.21.0 (a real offline run): its version, and no upload lines at all', { skip: needsShared }, () => {
    const log = join(SHARED_FIXTURES, 'wandb', 'rl4avs_offline_runs', 'wandb', 'offline-run-20250818_154253-01tt2qoy', 'logs', 'debug-internal.log');
    const e = events(readFileSync(log, 'utf8'), 'offline-run-20250818_154253-01tt2qoy');
    assert.deepEqual(e, [{ kind: 'core-version', version: '0.21.0' }, { kind: 'stream-finished' }]);
    assert.equal(coreLogsUploads('0.21.0'), false);
  });

  it('wandb-core 0.25.1: uploaded_len counts files (the line of wandb\'s own commit); a failure names the file and its size, never the signed URL', () => {
    assert.deepEqual(events(readFileSync(join(REPO, 'fixtures', 'wandb', 'logs', 'core-0.25.1-filestream.log'), 'utf8')), [{ kind: 'uploaded-count', count: 5 }]);
    const e = events(readFileSync(join(REPO, 'fixtures', 'wandb', 'logs', 'core-built-from-source.log'), 'utf8'), 'run-20260302_130410-ab12cd34');
    assert.deepEqual(e.map((x) => x.kind), ['core-version', 'uploaded-count', 'failed', 'stream-finished']);
    const failed = e[2] as Extract<UploadLogEvent, { kind: 'failed' }>;
    assert.equal(failed.rel, 'media/images/val_batch0_pred_9_0123456789abcdef0123.jpg');
    assert.equal(failed.bytes, 412345);
    assert.doesNotMatch(JSON.stringify(failed), /Signature|storage\.googleapis/);
  });

  it('which wandb-core versions count uploads', () => {
    for (const v of ['0.25.1', '0.25.2', '0.26.0', '0.28.3.dev1', '1.0.0']) assert.ok(coreLogsUploads(v), v);
    for (const v of ['0.18.0', '0.21.0', '0.25.0', 'dev', '']) assert.ok(!coreLogsUploads(v), v);
  });

  it('the name under files/ of a path the uploader logged', () => {
    assert.equal(stagedRel('/var/folders/4m/T/tmpqyzan4s5wandb/2d5wposf-media/images/a_1_0123.png', FOLDER), 'media/images/a_1_0123.png');
    assert.equal(stagedRel(`/home/me/wandb/${FOLDER}/files/output.log`, FOLDER), 'output.log');
    assert.equal(stagedRel('/home/me/.local/share/wandb/artifacts/staging/tmp5e3lbsls', FOLDER), null);
  });

  it('hostile lines: not JSON, JSON of another shape, controls, a huge uploaded_len, a task with no size — passed over or taken raw, never a throw', () => {
    const lines = [
      '{', '{"msg":', '[]', 'null', '{"msg":"filestream: sending request","uploaded_len":"5"}', '{"msg":"filestream: sending request","uploaded_len":1e300}',
      '{"level":"ERROR","msg":"x","task":"DefaultUploadTask{nothing}"}', '\u001b[2J Uploaded file /x', 'x'.repeat(200_000),
      '2024-05-03 10:44:49,793 INFO    wandb-upload_0:1 [upload_job.py:push():131] Uploaded file /tmp/tmpabcwandb/12345678-\u001b[31mred.png',
    ];
    const e = events(lines.join('\n'));
    assert.deepEqual(e, [{ kind: 'uploaded', path: '/tmp/tmpabcwandb/12345678-\u001b[31mred.png', rel: '\u001b[31mred.png', deduped: false }]);
  });

  it('the repo\'s log samples are where SOURCES.tsv says', () => {
    const sources = readFileSync(join(REPO, 'fixtures', 'wandb', 'SOURCES.tsv'), 'utf8');
    for (const f of ['logs/core-0.25.1-filestream.log', 'logs/core-built-from-source.log']) {
      assert.ok(existsSync(join(REPO, 'fixtures', 'wandb', f)) && sources.includes(f), f);
    }
  });
});
