import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitLegend } from '../../src/model/legend-fit.js';

const entries = ['precision', 'recall', 'mAP50', 'mAP50-95'].map((label) => ({ label, color: 'red', values: [0.9831, 0.9363] }));
const fmt = (v: number | null) => String(v);

describe('fitLegend', () => {
  it('every entry with its values when they fit; else by name; else as many as fit and how many not', () => {
    assert.equal(fitLegend(entries, 200, fmt).entries[3].values, '0.9831/0.9363');
    const names = fitLegend(entries, 50, fmt);
    assert.deepEqual(names.entries.map((e) => [e.entry.label, e.values]), [['precision', ''], ['recall', ''], ['mAP50', ''], ['mAP50-95', '']]);
    const cut = fitLegend(entries, 30, fmt);
    assert.equal(cut.entries.length + cut.hidden, 4);
    assert.ok(cut.hidden > 0);
  });
});
