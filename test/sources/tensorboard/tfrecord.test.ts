import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskedCrc32c } from '../../../src/sources/tensorboard/masked-crc.js';
import { rangeCrc } from '../../../src/sources/tensorboard/crc32c-wasm.js';
import { TfRecordDecoder, type FrameProblem } from '../../../src/sources/tensorboard/tfrecord.js';
import { frameRecord } from '../../../fixtures/tensorboard/event-writer.js';

function decode(bytes: Buffer, chunks: number[] = [bytes.length]) {
  const d = new TfRecordDecoder();
  const records: string[] = [];
  const problems: FrameProblem[] = [];
  let pos = 0;
  for (const n of chunks) {
    problems.push(...d.push(bytes.subarray(pos, pos + n), (b, s, e) => records.push(b.toString('utf8', s, e))));
    pos += n;
  }
  return { d, records, problems };
}

const three = Buffer.concat(['alpha', 'beta', 'gamma'].map((s) => frameRecord(Buffer.from(s))));

describe('masked CRC-32C', () => {
  it('matches the test vector of FORMATS.md', () => {
    assert.equal(maskedCrc32c(Buffer.from('\x1a\x11CRC test, one two', 'latin1')), 0x5794d08a);
  });

  it('is the same in WebAssembly, over any range, and for buffers too big for its window', () => {
    const vector = Buffer.from('\x1a\x11CRC test, one two', 'latin1');
    assert.equal(rangeCrc(vector).masked(0, vector.length), 0x5794d08a);
    const bytes = Buffer.alloc(300);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 167 + 13) & 0xff;
    const crc = rangeCrc(bytes);
    for (let start = 0; start < 40; start++) {
      for (let end = start; end <= bytes.length; end += 7) assert.equal(crc.masked(start, end), maskedCrc32c(bytes, start, end), `[${start}, ${end})`);
    }
    const big = Buffer.alloc(5 << 20, 0xa5);
    assert.equal(rangeCrc(big).masked(3, big.length - 1), maskedCrc32c(big, 3, big.length - 1));
  });
});

describe('TfRecordDecoder', () => {
  it('frames records, in any chunking', () => {
    assert.deepEqual(decode(three).records, ['alpha', 'beta', 'gamma']);
    for (let size = 1; size < 20; size++) {
      const chunks = Array.from({ length: Math.ceil(three.length / size) }, () => size);
      assert.deepEqual(decode(three, chunks).records, ['alpha', 'beta', 'gamma'], `chunks of ${size}`);
    }
  });

  it('cut at every byte of its last record: the whole records, then the rest when it comes', () => {
    const lastStart = three.length - frameRecord(Buffer.from('gamma')).length;
    for (let cut = lastStart; cut < three.length; cut++) {
      const d = new TfRecordDecoder();
      const got: string[] = [];
      d.push(three.subarray(0, cut), (b, s, e) => got.push(b.toString('utf8', s, e)));
      assert.deepEqual(got, ['alpha', 'beta'], `cut at ${cut}`);
      assert.equal(d.offset, lastStart, 'resumes at the last good boundary');
      d.push(three.subarray(cut), (b, s, e) => got.push(b.toString('utf8', s, e)));
      assert.deepEqual(got, ['alpha', 'beta', 'gamma'], `completed after cut at ${cut}`);
    }
  });

  it('a flipped byte in a record’s data skips that record, counts it, and goes on', () => {
    const bad = Buffer.from(three);
    bad[frameRecord(Buffer.from('alpha')).length + 12 + 1] ^= 0xff;
    const { records, problems } = decode(bad);
    assert.deepEqual(records, ['alpha', 'gamma']);
    assert.deepEqual(problems.map((p) => p.kind), ['corrupt-record']);
  });

  it('a flipped byte in a length stops the file with a clear problem, never a hang', () => {
    const bad = Buffer.from(three);
    bad[frameRecord(Buffer.from('alpha')).length + 2] ^= 0x01;
    const { d, records, problems } = decode(bad);
    assert.deepEqual(records, ['alpha']);
    assert.deepEqual(problems, [{ kind: 'bad-length', offset: frameRecord(Buffer.from('alpha')).length }]);
    assert.ok(d.broken);
    assert.deepEqual(d.push(frameRecord(Buffer.from('later')), () => assert.fail('nothing after a bad length')), []);
  });

  it('zeros (a sparse or zero-filled file) are a bad length, not an endless wait', () => {
    const { records, problems } = decode(Buffer.alloc(4096));
    assert.deepEqual(records, []);
    assert.equal(problems[0].kind, 'bad-length');
  });

  it('an empty input gives nothing and waits', () => {
    const { d, records, problems } = decode(Buffer.alloc(0));
    assert.deepEqual([records, problems, d.pendingBytes], [[], [], 0]);
  });

  it('a 1 MB record (a graph_def) is waited for across many chunks', () => {
    const big = frameRecord(Buffer.alloc(1 << 20, 7));
    const { records } = decode(Buffer.concat([big, frameRecord(Buffer.from('after'))]), Array.from({ length: 70 }, () => 16 << 10));
    assert.equal(records.length, 2);
    assert.equal(records[1], 'after');
  });

  it('any chunking frames as the whole does, empty records and a cut header included', () => {
    const bytes = Buffer.concat(['', 'a', '', '', 'bcdefgh', '', 'ij'].map((x) => frameRecord(Buffer.from(x))));
    const whole = decode(bytes).records;
    let seed = 7;
    const rand = (n: number) => 1 + ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let round = 0; round < 300; round++) {
      const chunks: number[] = [];
      for (let left = bytes.length; left > 0; ) {
        const n = Math.min(left, rand(round % 2 ? 5 : 30));
        chunks.push(n);
        left -= n;
      }
      const { d, records } = decode(bytes, chunks);
      assert.deepEqual(records, whole, `chunks ${chunks.join(',')}`);
      assert.equal(d.offset, bytes.length);
    }
  });
});

describe('an oversized record', () => {
  const cap = 64;
  const big = frameRecord(Buffer.alloc(100, 1));
  const bytes = Buffer.concat([frameRecord(Buffer.from('before')), big, frameRecord(Buffer.from('after'))]);

  it('is passed over with a problem naming its size, in any chunking; the records after it are read', () => {
    for (const size of [1, 5, 13, 64, 200]) {
      const d = new TfRecordDecoder(cap);
      const records: string[] = [];
      const problems: FrameProblem[] = [];
      for (let pos = 0; pos < bytes.length; pos += size) problems.push(...d.push(bytes.subarray(pos, pos + size), (b, s, e) => records.push(b.toString('utf8', s, e))));
      assert.deepEqual(records, ['before', 'after'], `chunks of ${size}`);
      assert.deepEqual(problems, [{ kind: 'oversized-record', offset: frameRecord(Buffer.from('before')).length, bytes: 100n }]);
      assert.equal(d.offset, bytes.length);
      assert.ok(d.pendingBytes < cap, 'never held');
    }
  });

  it('can be seeked over: skipping says how far, skipped() moves on', () => {
    const d = new TfRecordDecoder(cap);
    const start = frameRecord(Buffer.from('before')).length;
    const records: string[] = [];
    const onRecord = (b: Buffer, s: number, e: number) => records.push(b.toString('utf8', s, e));
    d.push(bytes.subarray(0, start + 20), onRecord);
    assert.equal(d.skipping, big.length - 20);
    d.skipped(d.skipping);
    d.push(bytes.subarray(start + big.length), onRecord);
    assert.deepEqual(records, ['before', 'after']);
    assert.equal(d.offset, bytes.length);
  });

  it('a header claiming 256 MB holds nothing', () => {
    const head = Buffer.alloc(12);
    head.writeBigUInt64LE(256n << 20n, 0);
    head.writeUInt32LE(maskedCrc32c(head.subarray(0, 8)), 8);
    const d = new TfRecordDecoder();
    const problems = d.push(Buffer.concat([head, Buffer.alloc(4 << 20)]), () => assert.fail('no record'));
    assert.deepEqual(problems, [{ kind: 'oversized-record', offset: 0, bytes: BigInt(256 << 20) }]);
    assert.equal(d.pendingBytes, 0);
    assert.equal(d.skipping, 12 + (256 << 20) + 4 - 12 - (4 << 20));
  });
});
