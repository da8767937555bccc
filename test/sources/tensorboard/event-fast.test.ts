// The common path (event-fast.ts) decodes every record it accepts exactly as the general decoder
// does: on the real event files, on what the repo's writers make, and on hostile bytes.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EventDecoder } from '../../../src/sources/tensorboard/event.js';
import type { DecodedEvent, SummaryValue } from '../../../src/sources/tensorboard/event-types.js';
import { decodeCommon } from '../../../src/sources/tensorboard/event-fast.js';
import { TagCache } from '../../../src/sources/tensorboard/tag-cache.js';
import { TfRecordDecoder } from '../../../src/sources/tensorboard/tfrecord.js';
import { eventBytes, sb3Dump, type ValueSpec } from '../../../fixtures/tensorboard/event-writer.js';
import { needsShared, SHARED_FIXTURES } from '../../helpers/paths.js';

type Plain = Omit<DecodedEvent, 'values'> & { values: SummaryValue[] | null };
const plain = (e: DecodedEvent): Plain => ({ ...e, values: e.values && e.values.map((v) => ({ ...v })) });

const reference = new EventDecoder();
const decoder = new EventDecoder();
const pool = Array.from({ length: 16 }, (): SummaryValue => ({ tag: '', plugin: null, kind: 'empty', value: NaN }));
const tags = new TagCache();
const plugins = new TagCache();

function outcome(fn: () => DecodedEvent): Plain | 'throws' {
  try {
    return plain(fn());
  } catch {
    return 'throws';
  }
}

/** Decodes buf[start, end) both ways; true when the common path took it. */
function agree(buf: Uint8Array, start = 0, end = buf.length): boolean {
  const want = outcome(() => reference.decodeGeneral(buf, start, end));
  const out: DecodedEvent = { wallTime: 0, step: 0, fileVersion: null, values: null };
  const took = decodeCommon(buf, start, end, out, pool, [], tags, plugins);
  if (took) assert.deepEqual(plain(out), want);
  assert.deepEqual(outcome(() => decoder.decode(buf, start, end)), want);
  return took;
}

/** Every record of an event file, as the reader hands them: ranges of the chunk. */
function eachRecord(bytes: Buffer, fn: (buf: Buffer, start: number, end: number) => void): void {
  new TfRecordDecoder().push(bytes, fn);
}

function eventFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? eventFiles(p) : n.includes('tfevents') ? [p] : [];
  });
}

const SPECS: { step?: number; fileVersion?: string; values?: ValueSpec[] }[] = [
  { values: [{ tag: 'train/loss', simple: 0.25 }] },
  { step: 2 ** 40 + 3, values: [{ tag: 'rollout/ep_rew_mean', simple: -12.5 }] },
  { step: 2 ** 52 + 1, values: [{ tag: 'big step', simple: 1 }] },
  { step: 7, values: [{ tag: 'x', plugin: 'scalars', simple: 1 }] },
  { step: 7, values: [{ tag: 'ünïcode/タグ', simple: 3 }] },
  { step: 1, values: [{ tag: 'f', plugin: 'scalars', tensor: { dtype: 'float', via: 'content', value: 0.5 } }] },
  { step: 1, values: [{ tag: 'f', tensor: { dtype: 'float', via: 'float_val', value: 0.75 } }] },
  { step: 1, values: [{ tag: 'd', plugin: 'scalars', tensor: { dtype: 'double', via: 'content', value: 0.1 } }] },
  { step: 1, values: [{ tag: 'd', tensor: { dtype: 'double', via: 'double_val', value: 1e-300 } }] },
  { step: 1, values: [{ tag: 'h', tensor: { dtype: 'half', via: 'content', value: 1.5 } }] },
  { step: 1, values: [{ tag: 'h', tensor: { dtype: 'half', via: 'half_val', value: -2 } }] },
  { step: 3, values: [{ tag: 'img', image: 40 }, { tag: 'w', histogram: 4 }, { tag: '_hparams_/experiment', plugin: 'hparams' }, { tag: 'loss', simple: 0.9 }] },
  { step: 3, values: [{ tag: 'nan', simple: NaN }, { tag: 'inf', simple: -Infinity }] },
  { fileVersion: 'brain.Event:2' },
  { values: [] },
];

describe('the common Event path', () => {
  it('takes SB3 scalars, TF2 float and double tensors, metadata, images and histograms, as the general decoder reads them', () => {
    const took = SPECS.map((s) => agree(eventBytes({ wallTime: 1754321849.25, ...s })));
    // Left to the general decoder: a step of 2^52, half tensors, the file_version record.
    assert.deepEqual(took, [true, true, false, true, true, true, true, true, true, false, false, true, true, false, true]);
  });

  it('reads records inside a chunk as the reader hands them', () => {
    let took = 0;
    eachRecord(Buffer.concat(sb3Dump(3, 2048, 1754321849)), (b, s, e) => void (took += Number(agree(b, s, e))));
    assert.equal(took, 13);
  });

  it('agrees with the general decoder on every cut, flipped byte and random tail of those events', () => {
    let seed = 15;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) / 2 ** 24;
    let cases = 0;
    for (const spec of SPECS) {
      const good = eventBytes({ wallTime: 1754321849.25, ...spec });
      for (let cut = 0; cut < good.length; cut++) agree(good.subarray(0, cut)), cases++;
      for (let i = 0; i < good.length; i++) {
        for (const x of [0x01, 0x08, 0x80, 0xff]) {
          const bad = Uint8Array.from(good);
          bad[i] ^= x;
          agree(bad);
          cases++;
        }
        const tail = Uint8Array.from(good);
        for (let j = i; j < tail.length; j++) tail[j] = (random() * 256) | 0;
        agree(tail);
        cases++;
      }
    }
    assert.ok(cases > 3000, `${cases} cases`);
  });

  it('agrees on every record of the real event files', { skip: needsShared }, () => {
    let records = 0;
    let took = 0;
    for (const file of eventFiles(join(SHARED_FIXTURES, 'tensorboard'))) {
      eachRecord(readFileSync(file), (b, s, e) => {
        records += 1;
        took += Number(agree(b, s, e));
      });
    }
    assert.ok(records > 250, `${records} records`);
    // All but the file_version records (and the hparams values' one with content) take the common path.
    assert.ok(took > records * 0.9, `${took} of ${records} on the common path`);
  });
});
