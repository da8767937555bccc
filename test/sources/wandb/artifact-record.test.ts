import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import protobuf from 'protobufjs/minimal.js';
import { RecordLogDecoder } from '../../../src/sources/wandb/record-log.js';
import { decodeRecord, MAX_ARTIFACT_ENTRIES, type WandbRecord } from '../../../src/sources/wandb/record.js';
import { records } from '../../../fixtures/wandb/wandb-writer.js';
import { needsShared, SHARED_FIXTURES } from '../../helpers/paths.js';

describe('ArtifactRecord (record type 8)', () => {
  it('the Ultralytics model artifact, as our writer makes it: name, type, aliases, entries with sizes and the local file', () => {
    const r = decodeRecord(records.artifact({ name: 'run_ab12cd34_model', type: 'model', aliases: ['best'], entries: [{ path: 'best.pt', digest: 'nMnbEW5JkMc7mZJAx2kX4g==', size: 5_234_567, localPath: '/home/me/.local/share/wandb/artifacts/staging/tmp5e3lbsls' }] }));
    assert.equal(r.type, 'artifact');
    assert.deepEqual(r.artifact, {
      name: 'run_ab12cd34_model', type: 'model', aliases: ['best'], manifestFile: null, leftOut: 0,
      entries: [{ path: 'best.pt', digest: 'nMnbEW5JkMc7mZJAx2kX4g==', size: 5_234_567, ref: null, localPath: '/home/me/.local/share/wandb/artifacts/staging/tmp5e3lbsls' }],
    });
  });

  it('a reference entry and a manifest in a file of its own are told as such', () => {
    const r = decodeRecord(records.artifact({ name: 'refs', type: 'dataset', entries: [{ path: 'd', digest: 'x', size: 10, ref: 's3://bucket/d' }], manifestFile: '/tmp/manifest.jsonl.gz' }));
    assert.equal(r.artifact?.entries[0].ref, 's3://bucket/d');
    assert.equal(r.artifact?.manifestFile, '/tmp/manifest.jsonl.gz');
  });

  it('the job artifact of a real legacy run (wandb 0.16.6): both files, sizes and staging copies', { skip: needsShared }, () => {
    const path = join(SHARED_FIXTURES, 'wandb', 'autogan_pix2pix_z3pktf9j', 'wandb', 'run-20240503_104448-z3pktf9j', 'run-z3pktf9j.wandb');
    const found: WandbRecord[] = [];
    new RecordLogDecoder().push(readFileSync(path), (p) => {
      const r = decodeRecord(p);
      if (r.artifact) found.push(r);
    });
    assert.equal(found.length, 1);
    const a = found[0].artifact!;
    assert.equal(a.type, 'job');
    assert.deepEqual(a.entries.map((e) => [e.path, e.size]), [['requirements.frozen.txt', 1513], ['wandb-job.json', 11252]]);
    assert.match(a.entries[0].localPath ?? '', /artifacts\/staging\/tmpiufh_ahx$/);
  });

  it('hostile: a negative or huge size is 0, entries past the cap are counted, not kept; truncated bytes throw (the reader counts them)', () => {
    const w = protobuf.Writer.create();
    w.uint32((8 << 3) | 2).fork().uint32((12 << 3) | 2).fork();
    w.uint32((4 << 3) | 2).fork().uint32((1 << 3) | 2).string('neg').uint32((4 << 3) | 0).int64(-5).ldelim();
    w.uint32((4 << 3) | 2).fork().uint32((1 << 3) | 2).string('huge').uint32((4 << 3) | 0).int64('9223372036854775807').ldelim();
    w.ldelim().ldelim();
    assert.deepEqual(decodeRecord(w.finish()).artifact?.entries.map((e) => e.size), [0, 0]);
    const many = decodeRecord(records.artifact({ name: 'm', type: 'dataset', entries: Array.from({ length: MAX_ARTIFACT_ENTRIES + 3 }, (_, i) => ({ path: `f${i}`, digest: '', size: 1 })) }));
    assert.equal(many.artifact?.entries.length, MAX_ARTIFACT_ENTRIES);
    assert.equal(many.artifact?.leftOut, 3);
    const good = records.artifact({ name: 'x', type: 'model', entries: [{ path: 'best.pt', digest: '', size: 1 }] });
    assert.throws(() => decodeRecord(good.subarray(0, good.length - 3)));
  });
});
