import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BLOCK, MAX_RECORD_BYTES, RecordLogDecoder, type LogProblem } from '../../../src/sources/wandb/record-log.js';
import { decodeRecord } from '../../../src/sources/wandb/record.js';
import { frameRecords, logChunk, records } from '../../../fixtures/wandb/wandb-writer.js';
import { needsShared, SHARED_FIXTURES } from '../../helpers/paths.js';

function decodeAll(bytes: Buffer, chunk = bytes.length) {
  const d = new RecordLogDecoder();
  const types: string[] = [];
  const problems: LogProblem[] = [];
  for (let i = 0; i < bytes.length; i += chunk) problems.push(...d.push(bytes.subarray(i, i + chunk), (p) => types.push(decodeRecord(p).type)));
  return { d, types, problems };
}

describe('the .wandb record log', () => {
  const big = records.outputRaw('x'.repeat(100_000));
  const log = frameRecords([records.header(), records.run('abc123', 'apex', { save_dir: 'runs/detect/train' }), big, records.stats({ cpu: 1 }), records.history({ a: 1 }), records.exit(0)]);

  it('reads records, one spanning blocks as FIRST, MIDDLE and LAST, in any chunking', () => {
    const want = ['header', 'run', 'output_raw', 'stats', 'history', 'exit'];
    assert.deepEqual(decodeAll(log).types, want);
    for (const chunk of [1, 7, 1000, 32768]) assert.deepEqual(decodeAll(log, chunk).types, want, `chunks of ${chunk}`);
  });

  it('the run record carries its id, project and config', () => {
    const r = decodeRecord(records.run('abc123', 'apex', { save_dir: 'runs/detect/train', name: 'train' }));
    assert.equal(r.runId, 'abc123');
    assert.equal(r.project, 'apex');
    assert.equal(r.config?.get('save_dir'), '"runs/detect/train"');
  });

  it('a log cut inside a record waits for the rest (a killed run ends in an orphaned FIRST)', () => {
    const cut = log.subarray(0, 40_000);
    const { d, types } = decodeAll(cut);
    assert.deepEqual(types, ['header', 'run']);
    assert.equal(d.pendingRecord, true);
    d.push(log.subarray(40_000), () => {});
    assert.equal(d.pendingRecord, false);
  });

  it('a corrupt chunk is skipped and reading resumes at the next block', () => {
    const bad = Buffer.from(log);
    bad[20] ^= 0xff;
    const { types, problems } = decodeAll(bad);
    assert.equal(problems[0].kind, 'corrupt-chunk');
    assert.deepEqual(types.slice(-3), ['stats', 'history', 'exit']);
  });

  it(`a record over ${MAX_RECORD_BYTES} bytes (a FIRST chunk and MIDDLE ones without end) is skipped once, and reading goes on at the next FULL`, () => {
    const chunk = (type: number, len: number) => logChunk(type, Buffer.alloc(len, 0x41));
    const blocks = Math.ceil(MAX_RECORD_BYTES / BLOCK) + 8;
    const head = frameRecords([records.header()]);
    const pad = BLOCK - head.length;
    // header + FIRST filling block 0, then whole blocks of MIDDLE (or a LAST at the end of the chain).
    for (const end of ['middle', 'last'] as const) {
      const parts = [head, chunk(2, pad - 7), ...Array.from({ length: blocks }, () => chunk(3, BLOCK - 7))];
      if (end === 'last') parts.push(chunk(4, BLOCK - 7));
      const tail = frameRecords([records.stats({ cpu: 1 }), records.exit(0)], BLOCK * (blocks + (end === 'last' ? 2 : 1)));
      const { d, types, problems } = decodeAll(Buffer.concat([...parts, tail]), 1 << 20);
      assert.deepEqual(problems.map((p) => p.kind), ['oversized-record'], end);
      assert.deepEqual(problems[0], { kind: 'oversized-record', offset: head.length });
      assert.deepEqual(types, ['header', 'stats', 'exit'], end);
      assert.equal(d.pendingRecord, false);
    }
  });

  it('a record just under the cap is read whole', () => {
    const bytes = frameRecords([records.outputRaw('y'.repeat(MAX_RECORD_BYTES - 64)), records.exit(0)]);
    const { types, problems } = decodeAll(bytes, 1 << 20);
    assert.deepEqual(types, ['output_raw', 'exit']);
    assert.deepEqual(problems, []);
  });

  it('a file that is not a wandb log says so', () => {
    const { problems, types } = decodeAll(Buffer.from('version https://git-lfs.github.com/spec/v1\n'));
    assert.equal(problems[0].kind, 'not-wandb');
    assert.deepEqual(types, []);
  });
});

describe('real .wandb files', { skip: needsShared }, () => {
  const W = join(SHARED_FIXTURES, 'wandb');
  const count = (path: string) => {
    const { d, types, problems } = decodeAll(readFileSync(join(W, path)));
    const n = (t: string) => types.filter((x) => x === t).length;
    return { records: types.length, stats: n('stats'), history: n('history'), exit: n('exit'), pending: d.pendingRecord, problems: problems.length };
  };
  it('online run crossing its first block', () => {
    assert.deepEqual(count('autogan_pix2pix_z3pktf9j/wandb/run-20240503_104448-z3pktf9j/run-z3pktf9j.wandb'), { records: 261, stats: 5, history: 2, exit: 1, pending: false, problems: 0 });
  });
  it('offline run killed mid-record: 57 stats, an orphaned FIRST chunk', () => {
    assert.deepEqual(count('rl4avs_offline_runs/wandb/offline-run-20250818_133918-fu2alym7/run-fu2alym7.wandb'), { records: 108, stats: 57, history: 0, exit: 0, pending: true, problems: 0 });
  });
  it('offline run of 8276 records, 9 history rows, an exit record', () => {
    assert.deepEqual(count('rl4avs_offline_runs/wandb/offline-run-20250818_154253-01tt2qoy/run-01tt2qoy.wandb'), { records: 8276, stats: 10, history: 9, exit: 1, pending: false, problems: 0 });
  });
  it('SB3 + sync_tensorboard: 42 history rows', () => {
    assert.equal(count('smartflow_sb3_ppo_e9756yo0/examples/channel/wandb/run-20250310_095404-e9756yo0/run-e9756yo0.wandb').history, 42);
  });
});
