// The WebAssembly scan of simple scalar events (scalar-scan.ts), fed as the reader feeds it, against
// the reference path: a plain JS framer and protobufjs for every record, one at a time. The store
// must hold, and a stream be told, exactly the same: on SB3 dumps, on every edge of the shape the
// scan reads, on fuzzed bytes in any chunking, and with two decoders taking turns on its memory.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EventDecoder } from '../../../src/sources/tensorboard/event.js';
import { maskedCrc32c } from '../../../src/sources/tensorboard/masked-crc.js';
import type { ScalarColumns } from '../../../src/sources/tensorboard/scalar-batch.js';
import { SCAN_TAGS } from '../../../src/sources/tensorboard/scalar-scan.js';
import { TfRecordDecoder, type FrameProblem, type ScannedHandler } from '../../../src/sources/tensorboard/tfrecord.js';
import { TbStore } from '../../../src/model/tb-store.js';
import { eventBytes, fileVersionRecord, frameRecord, sb3Dump } from '../../../fixtures/tensorboard/event-writer.js';
import { random } from '../../../fuzz/harness.js';
import { needsShared, SHARED_FIXTURES } from '../../helpers/paths.js';

type Told = [string, number, number, number];

function facts(store: TbStore, told: Told[], problems: FrameProblem[], records: number) {
  const s = store.snapshot;
  return {
    records, storeRecords: s.records, problems, told, skipped: s.skipped, first: s.firstWallTime, last: s.lastWallTime, maxStep: s.maxStep,
    plugins: [...s.plugins],
    tags: [...s.tags].map(([t, x]) => [t, x.count, x.points(), x.min, x.max, x.last, x.previous]),
  };
}

/** Every record framed by hand (no WebAssembly) and decoded by protobufjs, one by one. */
function reference(bytes: Buffer, freshFrom = 0) {
  const store = new TbStore('/r');
  const events = new EventDecoder();
  const told: Told[] = [];
  const problems: FrameProblem[] = [];
  let records = 0;
  store.update(() => {
    for (let pos = 0; pos + 12 <= bytes.length; ) {
      if ((maskedCrc32c(bytes, pos, pos + 8) | 0) !== bytes.readInt32LE(pos + 8)) {
        problems.push({ kind: 'bad-length', offset: pos });
        break;
      }
      const length = Number(bytes.readBigUInt64LE(pos));
      if (pos + 16 + length > bytes.length) break;
      const end = pos + 12 + length;
      if ((maskedCrc32c(bytes, pos + 12, end) | 0) !== bytes.readInt32LE(end)) problems.push({ kind: 'corrupt-record', offset: pos });
      else {
        try {
          const e = events.decodeGeneral(bytes, pos + 12, end);
          records += 1;
          store.addEvent(e, pos >= freshFrom ? (tag, step, value, wall) => void told.push([tag, step, value, wall]) : undefined);
        } catch {
          // not an Event: the reader counts it, and so does this (no record)
        }
      }
      pos = end + 4;
    }
  });
  return facts(store, told, problems, records);
}

/** As TensorboardReader.decode feeds it: chunks through the framer, the scanned records as columns or into the batch. */
function scanned(bytes: Buffer, chunks: number[], freshFrom = 0, events = new EventDecoder()) {
  const store = new TbStore('/r');
  const batch = events.newBatch();
  const told: Told[] = [];
  const sink = (tag: string, step: number, value: number, wall: number) => void told.push([tag, step, value, wall]);
  const problems: FrameProblem[] = [];
  let records = 0;
  let viaScan = 0;
  const add = (c: ScalarColumns) => store.addBatch(c, sink, freshFrom);
  const flush = () => {
    if (batch.records === 0) return;
    add(batch);
    batch.clear();
  };
  const handler: ScannedHandler = {
    tags: events.tags,
    take: (scan, from, to) => {
      records += to - from;
      viaScan += to - from;
      if (from === 0) {
        flush();
        add(scan.columns(to, events.tags.texts));
        return;
      }
      for (let i = from; i < to; i += batch.append(scan, i, to)) if (batch.full) flush();
    },
  };
  const frames = new TfRecordDecoder();
  store.update(() => {
    let pos = 0;
    for (const n of chunks) {
      problems.push(...frames.push(bytes.subarray(pos, pos + n), (buf, start, end, offset) => {
        if (batch.full) flush();
        if (events.toBatch(buf, start, end, offset, batch)) {
          records += 1;
          return;
        }
        flush();
        try {
          const e = events.decode(buf, start, end);
          records += 1;
          store.addEvent(e, offset >= freshFrom ? sink : undefined);
        } catch {
          // as the reference
        }
      }, handler));
      flush();
      pos += n;
    }
  });
  return { ...facts(store, told, problems, records), viaScan };
}

/** What the reference stores, with how many records the scan took. */
function agree(bytes: Buffer, chunks: number[], freshFrom = 0, events?: EventDecoder, what?: string): number {
  const { viaScan, ...got } = scanned(bytes, chunks, freshFrom, events);
  assert.deepStrictEqual(got, reference(bytes, freshFrom), what);
  return viaScan;
}

function chunkings(length: number, rnd: () => number): number[][] {
  const cut = (max: number) => {
    const out: number[] = [];
    for (let left = length; left > 0; left -= out[out.length - 1]) out.push(Math.min(left, 1 + Math.floor(rnd() * max)));
    return out;
  };
  return [[length], cut(97), cut(4096), cut(1 << 20)];
}

/** An Event's bytes as a writer might lay them out: wall_time, then `rest` (already encoded fields). */
const raw = (wall: number, ...rest: number[][]) => {
  const w = Buffer.alloc(9);
  w[0] = 0x09;
  w.writeDoubleLE(wall, 1);
  return Buffer.concat([w, Buffer.from(rest.flat())]);
};
const varint = (n: number) => {
  const out: number[] = [];
  do {
    out.push((n % 128) | (n >= 128 ? 0x80 : 0));
    n = Math.floor(n / 128);
  } while (n > 0);
  return out;
};
const f32 = (v: number) => [...new Uint8Array(new Float32Array([v]).buffer)];
const scalarValue = (tag: number[], v: number) => [0x0a, tag.length, ...tag, 0x15, ...f32(v)];
const summary = (...values: number[][]) => [0x2a, ...varint(values.reduce((n, x) => n + 2 + x.length, 0)), ...values.flatMap((x) => [0x0a, x.length, ...x])];
const bytesOf = (s: string) => [...Buffer.from(s)];

/** Records at every edge of the scan's shape, each framed. */
function edgeRecords(): Buffer[] {
  const out: Buffer[] = [fileVersionRecord(1_700_000_000)];
  const t = 1_700_000_000.5;
  // Tags of every length around the 8-byte words the scan compares, and its 120-byte limit.
  for (let len = 0; len <= 124; len++) {
    const tag = Array.from({ length: len }, (_, i) => 97 + ((i * 7 + len) % 26));
    out.push(frameRecord(raw(t + len, [0x10, ...varint(len + 1)], summary(scalarValue(tag, len / 3)))));
    // The same length, the last byte other: the same words but one.
    if (len > 0) out.push(frameRecord(raw(t + len, [0x10, ...varint(len + 2)], summary(scalarValue([...tag.slice(0, -1), 90], -len)))));
  }
  // Steps: none, 1 to 7 bytes, the 8-byte varint the scan leaves, a non-canonical 0 and 2^49 - 1.
  for (const step of [[], [0x10, 0], [0x10, 0x80, 0x00], [0x10, ...varint(2 ** 49 - 1)], [0x10, ...varint(2 ** 49)], [0x10, ...varint(2 ** 42)], [0x10, ...varint(300)]]) {
    out.push(frameRecord(raw(t, step, summary(scalarValue(bytesOf('loss'), 0.5)))));
  }
  // Values: NaN, -0, ±Infinity, a subnormal; wall times 0, negative, NaN.
  for (const v of [NaN, -0, Infinity, -Infinity, 1e-45, 3.4e38]) out.push(frameRecord(raw(t, [0x10, 5], summary(scalarValue(bytesOf('v'), v)))));
  for (const wall of [0, -5, NaN, Infinity]) out.push(frameRecord(raw(wall, [0x10, 6], summary(scalarValue(bytesOf('loss'), 0.25)))));
  // Shapes left to the decoders: two values, a value with plugin metadata, a tensor, fields in
  // another order, a two-byte length, trailing fields, an empty summary, no summary.
  out.push(frameRecord(raw(t, [0x10, 7], summary(scalarValue(bytesOf('a'), 1), scalarValue(bytesOf('b'), 2)))));
  out.push(frameRecord(eventBytes({ wallTime: t, step: 8, values: [{ tag: 'loss', plugin: 'scalars', simple: 0.125 }] })));
  out.push(frameRecord(eventBytes({ wallTime: t, step: 9, values: [{ tag: 'loss', tensor: { dtype: 'float', via: 'content', value: 0.75 } }] })));
  out.push(frameRecord(Buffer.from([0x10, 10, ...raw(t), ...summary(scalarValue(bytesOf('loss'), 1))])));
  out.push(frameRecord(raw(t, [0x10, 11], [0x2a, 0x88, 0x00, 0x0a, 6, ...scalarValue(bytesOf(''), 1)])));
  out.push(frameRecord(raw(t, [0x10, 12], summary(scalarValue(bytesOf('loss'), 1)), [0x10, 13])));
  out.push(frameRecord(raw(t, [0x10, 14], [0x2a, 0])));
  out.push(frameRecord(raw(t, [0x10, 15])));
  // Tags in a fixed order, then another order, then one repeated; bytes that are no UTF-8.
  const cycle = ['rollout/ep_rew_mean', 'train/loss', 'time/fps'];
  for (const order of [[0, 1, 2, 0, 1, 2], [2, 1, 0, 1, 2, 0], [1, 1, 1, 1]]) {
    for (const k of order) out.push(frameRecord(raw(t, [0x10, 16], summary(scalarValue(bytesOf(cycle[k]), k)))));
  }
  out.push(frameRecord(raw(t, [0x10, 17], summary(scalarValue([0xff, 0xfe, 0x41], 1)))));
  // A tag that starts another the scan guesses, and a guess that starts it: their lengths tell.
  for (const tag of ['a/bc', 'x', 'a/b', 'x', 'a/bc', 'x', 'a/b', 'x', 'a/bcd', 'y', 'a/bc', 'y', 'a/bcd']) {
    out.push(frameRecord(raw(t, [0x10, 18], summary(scalarValue(bytesOf(tag), tag.length)))));
  }
  // Guesses of the same length that differ from the tag in one byte only: its first, its last.
  for (const len of [1, 7, 8, 9, 15, 16, 17, 64]) {
    const tag = Array.from({ length: len }, (_, i) => 65 + (i % 26));
    const last = [...tag.slice(0, -1), 48];
    const first = [48, ...tag.slice(1)];
    for (const other of [tag, last, tag, first, tag, last]) out.push(frameRecord(raw(t, [0x10, len], summary(scalarValue(other, len)))));
    for (const other of [tag, last, first]) {
      out.push(frameRecord(raw(t, [0x10, 21], summary(scalarValue(bytesOf('p'), 0)))));
      out.push(frameRecord(raw(t, [0x10, 22], summary(scalarValue(other, len)))));
    }
  }
  // The same shape with another key: first in the event (a fixed64 field 2), first in the summary
  // (field 2), for the summary (graph_def), first in the value (simple_value of wire type 2, node_name).
  out.push(frameRecord(Buffer.from([0x11, ...raw(t).subarray(1), 0x10, 25, ...summary(scalarValue(bytesOf('loss'), 1))])));
  out.push(frameRecord(raw(t, [0x10, 26], [0x2a, 13, 0x12, 11, ...scalarValue(bytesOf('loss'), 1)])));
  out.push(frameRecord(raw(t, [0x10, 27], [0x22, 13, 0x0a, 11, ...scalarValue(bytesOf('loss'), 1)])));
  out.push(frameRecord(raw(t, [0x10, 23], summary([0x12, 4, ...bytesOf('loss'), 0x15, ...f32(1)]))));
  out.push(frameRecord(raw(t, [0x10, 24], summary([0x3a, 4, ...bytesOf('loss'), 0x15, ...f32(1)]))));
  // A value of the same length whose last field is no simple_value (field 3, fixed32; a float of wire type 1).
  out.push(frameRecord(raw(t, [0x10, 19], summary([0x0a, 4, ...bytesOf('loss'), 0x1d, ...f32(1)]))));
  out.push(frameRecord(raw(t, [0x10, 20], summary([0x0a, 4, ...bytesOf('loss'), 0x11, ...f32(1)]))));
  return out;
}

describe('the WebAssembly scan of simple scalar events', () => {
  it('stores and tells what protobufjs record by record does, on SB3 dumps in any chunking', () => {
    const bytes = Buffer.concat([fileVersionRecord(1_754_321_849), ...Array.from({ length: 900 }, (_, d) => Buffer.concat(sb3Dump(d, 2048, 1_754_321_849)))]);
    assert.ok(reference(bytes).told.length > 11_000);
    for (const chunks of chunkings(bytes.length, random(1))) {
      const viaScan = agree(bytes, chunks, 0, undefined, `${chunks.length} chunks`);
      if (chunks.length < 100) assert.ok(viaScan > 11_000, `${viaScan} records scanned`);
    }
    // A restarted stream is told only what follows an offset.
    agree(bytes, [bytes.length], 300_000);
  });

  it('agrees at every edge of the shape it reads, and leaves every other shape to the decoders', () => {
    const bytes = Buffer.concat(edgeRecords());
    for (const chunks of chunkings(bytes.length, random(2))) assert.ok(agree(bytes, chunks) > 250);
  });

  it(`agrees past the ${SCAN_TAGS} tags it knows by their bytes`, () => {
    const bytes = Buffer.concat(Array.from({ length: 3 * SCAN_TAGS }, (_, i) => frameRecord(raw(1_700_000_000 + i, [0x10, ...varint(i)], summary(scalarValue(bytesOf(`tag/${i % (SCAN_TAGS + 100)}`), i))))));
    assert.ok(agree(bytes, [bytes.length]) >= SCAN_TAGS);
  });

  it('agrees on fuzzed bytes: flips, cuts, inserted and repeated bytes, in any chunking', () => {
    const base = Buffer.concat([...edgeRecords(), ...Array.from({ length: 40 }, (_, d) => Buffer.concat(sb3Dump(d, 2048, 1_754_321_849)))]);
    for (let seed = 0; seed < 150; seed++) {
      const rnd = random(1000 + seed);
      let b = Buffer.from(base);
      for (let e = 0; e < 1 + Math.floor(rnd() * 5); e++) {
        const p = Math.floor(rnd() * b.length);
        const kind = Math.floor(rnd() * 4);
        if (kind === 0) b[p] ^= 1 << Math.floor(rnd() * 8);
        else if (kind === 1) b = b.subarray(0, p);
        else if (kind === 2) b = Buffer.concat([b.subarray(0, p), Buffer.from([Math.floor(rnd() * 256)]), b.subarray(p)]);
        else b = Buffer.concat([b.subarray(0, p), b.subarray(p, p + Math.floor(rnd() * 300)), b.subarray(p)]);
      }
      for (const chunks of chunkings(b.length, rnd)) agree(b, chunks, 0, undefined, `seed ${1000 + seed}`);
    }
  });

  it('two decoders taking turns on its one memory each keep their own tags', () => {
    const a = Buffer.concat(Array.from({ length: 30 }, (_, d) => Buffer.concat(sb3Dump(d, 2048, 1_754_321_849))));
    const b = Buffer.concat(edgeRecords());
    const one = new EventDecoder();
    const two = new EventDecoder();
    for (let round = 0; round < 3; round++) {
      agree(a, [a.length], 0, one);
      agree(b, [b.length], 0, two);
    }
  });

  it('agrees on every real event file', { skip: needsShared }, () => {
    const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? files(p) : n.includes('tfevents') ? [p] : [];
    });
    for (const file of files(join(SHARED_FIXTURES, 'tensorboard'))) {
      const bytes = readFileSync(file);
      agree(bytes, [bytes.length], 0, undefined, file);
    }
  });
});
