import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseProcReadings } from '../../../src/sources/proc/proc-readings.js';

test("this machine's /proc/stat and /proc/meminfo, as cat prints them", () => {
  const r = parseProcReadings(readFileSync('/proc/stat', 'utf8') + readFileSync('/proc/meminfo', 'utf8'));
  assert.ok(r);
  assert.ok(r.total > r.busy && r.busy > 0);
  assert.ok(r.memTotalBytes > r.memAvailableBytes && r.memAvailableBytes > 0);
});

test('idle and iowait are not busy; memory in bytes', () => {
  const text = 'cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 1 2 3 4\nMemTotal:       1000 kB\nMemFree:  10 kB\nMemAvailable:    400 kB\n';
  assert.deepEqual(parseProcReadings(text), { busy: 150, total: 1000, memTotalBytes: 1_024_000, memAvailableBytes: 409_600 });
});

test('not Linux, truncated or hostile: null', () => {
  for (const text of ['', 'vm.loadavg: { 1.0 }', 'cpu  1 2 3 4\nMemTotal: 5 kB\n', 'cpu  x y\nMemTotal: 1 kB\nMemAvailable: 1 kB\n', '\x1b]0;evil\x07']) {
    assert.equal(parseProcReadings(text), null, JSON.stringify(text));
  }
});
