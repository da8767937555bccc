// The batch path (decodeInto + TbStore.addBatch) leaves the store, and tells a sink, exactly what
// the record-by-record path (decode + addEvent) does: on the writers' events, hostile bytes and the real files.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EventDecoder } from '../../../src/sources/tensorboard/event.js';
import { TfRecordDecoder } from '../../../src/sources/tensorboard/tfrecord.js';
import { TbStore } from '../../../src/model/tb-store.js';
import { eventBytes, sb3Dump, type ValueSpec } from '../../../fixtures/tensorboard/event-writer.js';
import { needsShared, SHARED_FIXTURES } from '../../helpers/paths.js';

type Rec = { buf: Uint8Array; start: number; end: number; offset: number };

/** The store's facts and every scalar told, fed one way or the other; batches flushed every `every` records. */
function feed(recs: Rec[], batched: boolean, every = 5, freshFrom = 0) {
  const store = new TbStore('/r');
  const events = new EventDecoder();
  const batch = events.newBatch();
  const told: unknown[] = [];
  const sink = (tag: string, step: number, value: number, wall: number) => void told.push([tag, step, value, wall]);
  let bad = 0;
  let held = 0;
  const flush = () => {
    store.addBatch(batch, sink, freshFrom);
    batch.clear();
    held = 0;
  };
  store.update(() => {
    for (const r of recs) {
      if (batched && events.toBatch(r.buf, r.start, r.end, r.offset, batch)) {
        if (++held >= every) flush();
        continue;
      }
      if (batched) flush();
      try {
        store.addEvent(events.decode(r.buf, r.start, r.end), r.offset >= freshFrom ? sink : undefined);
      } catch {
        bad += 1;
      }
    }
    if (batched) flush();
  });
  const s = store.snapshot;
  return {
    bad, told, records: s.records, skipped: s.skipped, first: s.firstWallTime, last: s.lastWallTime, maxStep: s.maxStep,
    plugins: [...s.plugins], tags: [...s.tags].map(([t, series]) => [t, series.count, series.points(), series.min, series.max]),
  };
}

const one = (b: Uint8Array, offset = 0): Rec => ({ buf: b, start: 0, end: b.length, offset });

function framed(bytes: Buffer): Rec[] {
  const out: Rec[] = [];
  new TfRecordDecoder().push(bytes, (buf, start, end, offset) => void out.push({ buf: Uint8Array.from(buf.subarray(start, end)), start: 0, end: end - start, offset }));
  return out;
}

const SPECS: { step?: number; wallTime?: number; fileVersion?: string; values?: ValueSpec[] }[] = [
  { step: 5, values: [{ tag: 'train/loss', simple: 0.25 }] },
  { step: 7, values: [{ tag: 'x', plugin: 'scalars', simple: 1 }] },
  { step: 1, values: [{ tag: 'f', plugin: 'scalars', tensor: { dtype: 'float', via: 'content', value: 0.5 } }] },
  { step: 2, values: [{ tag: 'f', tensor: { dtype: 'float', via: 'float_val', value: 0.75 } }] },
  { step: 2, values: [{ tag: 'g', plugin: 'images', tensor: { dtype: 'float', via: 'float_val', value: 0.75 } }] },
  { step: 3, values: [{ tag: 'g', tensor: { dtype: 'double', via: 'double_val', value: 2 } }] },
  { step: 3, values: [{ tag: 'img', image: 40 }, { tag: 'w', histogram: 4 }, { tag: '_hparams_/experiment', plugin: 'hparams' }, { tag: 'loss', simple: 0.9 }] },
  { step: 4, values: [{ tag: 'nan', simple: NaN }, { tag: 'inf', simple: -Infinity }, { tag: '' }] },
  { step: 2 ** 52 + 1, values: [{ tag: 'big step', simple: 1 }] },
  { fileVersion: 'brain.Event:2' },
  { wallTime: 0, step: 9, values: [{ tag: 'train/loss', simple: 0.5 }] },
  { wallTime: 3, values: [] },
];

describe('the batch path', () => {
  const recs = SPECS.map((s, i) => one(eventBytes({ wallTime: 1754321849.25 + i, ...s }), i * 100));

  it('stores and tells what the record-by-record path does, batches of any size', () => {
    const want = feed(recs, false);
    assert.ok(want.told.length > 5);
    for (const every of [1, 2, 3, 100]) assert.deepEqual(feed(recs, true, every), want, `batches of ${every}`);
    // A restarted stream tells only records from an offset on.
    assert.deepEqual(feed(recs, true, 3, 450), feed(recs, false, 3, 450));
  });

  it('agrees on SB3 dumps and on cut and flipped records', () => {
    const dumps = framed(Buffer.concat([0, 1, 2, 3].flatMap((d) => sb3Dump(d, 2048, 1754321849))));
    assert.deepEqual(feed(dumps, true, 7), feed(dumps, false));
    const hostile: Rec[] = [];
    for (const r of recs) {
      const good = r.buf;
      for (let cut = 0; cut < good.length; cut += 3) hostile.push(one(good.subarray(0, cut)));
      for (let i = 0; i < good.length; i++) {
        const bad = Uint8Array.from(good);
        bad[i] ^= i % 2 ? 0x80 : 0x05;
        hostile.push(one(bad));
      }
    }
    assert.deepEqual(feed(hostile, true, 4), feed(hostile, false));
  });

  it('agrees on every record of the real event files', { skip: needsShared }, () => {
    const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? files(p) : n.includes('tfevents') ? [p] : [];
    });
    for (const file of files(join(SHARED_FIXTURES, 'tensorboard'))) {
      const all = framed(readFileSync(file));
      assert.deepEqual(feed(all, true, 64), feed(all, false), file);
    }
  });
});
