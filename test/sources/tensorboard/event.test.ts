import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeEvent } from '../../../src/sources/tensorboard/event.js';
import { eventBytes } from '../../../fixtures/tensorboard/event-writer.js';

const f32 = (v: number) => Math.fround(v);

describe('decodeEvent', () => {
  it('reads wall time, step, file_version', () => {
    const e = decodeEvent(eventBytes({ wallTime: 1754321849.5, fileVersion: 'brain.Event:2' }));
    assert.equal(e.wallTime, 1754321849.5);
    assert.equal(e.step, 0, 'proto3 leaves out a zero step');
    assert.equal(e.fileVersion, 'brain.Event:2');
    assert.equal(e.values, null);
  });

  it('reads a simple_value as float32 and a 64-bit step', () => {
    const e = decodeEvent(eventBytes({ wallTime: 1, step: 2 ** 40 + 3, values: [{ tag: 'train/loss', simple: 0.1 }] }));
    assert.equal(e.step, 2 ** 40 + 3);
    assert.deepEqual(e.values, [{ tag: 'train/loss', plugin: null, kind: 'scalar', value: f32(0.1) }]);
  });

  it('reads rank-0 tensors: float (content, float_val), double (content, double_val), half (content, half_val)', () => {
    const cases = [
      [{ dtype: 'float', via: 'content' }, f32(0.25)],
      [{ dtype: 'float', via: 'float_val' }, f32(0.3)],
      [{ dtype: 'double', via: 'content' }, 0.123456789012],
      [{ dtype: 'double', via: 'double_val' }, 1e-300],
      [{ dtype: 'half', via: 'content' }, 1.5],
      [{ dtype: 'half', via: 'half_val' }, -2],
    ] as const;
    for (const [t, want] of cases) {
      const e = decodeEvent(eventBytes({ wallTime: 1, step: 5, values: [{ tag: 'x', plugin: 'scalars', tensor: { ...t, value: want } }] }));
      const v = e.values?.[0];
      assert.equal(v?.kind, 'tensor-scalar', `${t.dtype} via ${t.via}`);
      assert.equal(v?.value, want, `${t.dtype} via ${t.via}`);
      assert.equal(v?.plugin, 'scalars');
    }
  });

  it('skips images and histograms by kind, and keeps metadata-only values (hparams)', () => {
    const e = decodeEvent(eventBytes({
      wallTime: 1,
      step: 20000,
      values: [{ tag: 'image', image: 5000 }, { tag: 'w', histogram: 30 }, { tag: '_hparams_/experiment', plugin: 'hparams' }, { tag: 'loss', simple: 0.9 }],
    }));
    assert.deepEqual(e.values?.map((v) => v.kind), ['image', 'histogram', 'empty', 'scalar']);
    assert.equal(e.values?.[2].plugin, 'hparams');
  });

  it('skips a 1 MB graph_def without decoding it', () => {
    const e = decodeEvent(eventBytes({ wallTime: 1, graphBytes: 1 << 20 }));
    assert.equal(e.values, null);
  });

  it('throws on bytes that are not an Event (the reader counts those)', () => {
    assert.throws(() => decodeEvent(Buffer.from([0x2a, 0xff, 0xff, 0xff, 0x0f, 1, 2])));
  });

  it('tags with control characters decode as data', () => {
    const e = decodeEvent(eventBytes({ wallTime: 1, values: [{ tag: 'evil\x1b[2J\x07', simple: 1 }] }));
    assert.equal(e.values?.[0].tag, 'evil\x1b[2J\x07');
  });
});
