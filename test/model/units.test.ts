import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatBytes, formatDuration, formatExactBytes, formatSize, thousands } from '../../src/model/units.js';

describe('units', () => {
  it('sizes in SI units (10^3), labelled kB/MB/GB', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(999), '999 B');
    assert.equal(formatBytes(1000), '1.0 kB');
    assert.equal(formatBytes(12_000), '12.0 kB');
    assert.equal(formatBytes(250_000), '250 kB');
    assert.equal(formatBytes(1_408_750), '1.4 MB');
    assert.equal(formatBytes(5_895_885), '5.9 MB');
    assert.equal(formatBytes(999_960), '1.0 MB', 'never "1000 kB"');
    assert.equal(formatBytes(99_960), '100 kB');
    assert.equal(formatBytes(3_200_000_000), '3.2 GB');
    assert.equal(formatBytes(null), '–');
  });

  it('exact bytes with thousands separators', () => {
    assert.equal(formatExactBytes(5_895_885), '5,895,885 B');
    assert.equal(formatExactBytes(0), '0 B');
    assert.equal(thousands(999), '999');
    assert.equal(thousands(1000), '1,000');
    assert.equal(thousands(1_234_567_890), '1,234,567,890');
    assert.equal(formatSize(5_895_885), '5,895,885 B (5.9 MB)');
    assert.equal(formatSize(999), '999 B');
  });

  it('says durations the short way', () => {
    assert.equal(formatDuration(42), '42s');
    assert.equal(formatDuration(95), '1m 35s');
    assert.equal(formatDuration(3 * 3600 + 120), '3h 02m');
    assert.equal(formatDuration(50 * 3600), '2d 2h');
  });
});
