import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvNumber, EpochRows, StepRows } from '../../src/report/csv-export.js';

describe('csvNumber', () => {
  it('a float32 at its shortest text that reads back as the same float32', () => {
    for (const v of [0.1, 1 / 3, 1e-7, 3.4e38, -0.0003, 1700000000, Math.PI]) {
      const f = Math.fround(v);
      const text = csvNumber(f, true);
      assert.equal(Math.fround(Number(text)), f, `${v} -> ${text}`);
    }
    assert.equal(csvNumber(Math.fround(0.1), true), '0.1');
    assert.equal(csvNumber(0.1), '0.1', 'a double stays itself');
    assert.equal(csvNumber(Math.fround(0.1)), '0.10000000149011612', 'unless it is said to be a float32');
    assert.deepEqual([NaN, Infinity, -Infinity, undefined].map((v) => csvNumber(v, true)), ['nan', 'inf', '-inf', '']);
  });
});

describe('StepRows', () => {
  it('one row per step, in step order; a tag written twice at a step fills a second row of it', () => {
    let out = '';
    const rows = new StepRows(['a', 'b'], (text) => (out += text));
    rows.add('a', 20, 1);
    rows.add('b', 10, 2);
    rows.add('a', 10, 3);
    rows.add('a', 10, 4);
    rows.add('c', 10, 5);
    rows.end();
    assert.equal(out, 'step,a,b\n10,3,2\n10,4,\n20,1,\n');
  });
});

describe('EpochRows', () => {
  it('every row in file order, an epoch written again a row again; a later header matched by name; --metrics keeps epoch', () => {
    let out = '';
    const rows = new EpochRows(['loss'], (text) => (out += text));
    rows.add([
      { type: 'header', columns: ['epoch', 'train/loss', 'mAP'], total: 3, line: 1 },
      { type: 'row', epoch: 1, values: [1, 0.5, 0.1], line: 2 },
      { type: 'row', epoch: 2, values: [2, 0.4, 0.2], line: 3 },
      { type: 'row', epoch: 2, values: [2, 0.45, 0.2], line: 4 },
      { type: 'bad-line', line: 5, reason: 'x' },
      { type: 'header', columns: ['epoch', 'mAP', 'train/loss'], total: 3, line: 6 },
      { type: 'row', epoch: 3, values: [3, 0.3, 0.35], line: 7 },
    ]);
    assert.equal(out, 'epoch,train/loss\n1,0.5\n2,0.4\n2,0.45\n3,0.35\n');
  });
});
