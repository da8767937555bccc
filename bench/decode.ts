// Child process of bench/run.ts: reads one event file through the real reader and reports
// throughput and memory as JSON (its own process, so the RSS figure is its own).
import { statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { TensorboardReader } from '../src/live/tensorboard-reader.js';
import { LocalFs } from '../src/live/fs/local-fs.js';

const LOCAL = new LocalFs();

const file = process.argv[2];
let peak = 0;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const reader = new TensorboardReader({ fs: LOCAL, runDir: dirname(file), file, label: basename(file) });
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
await reader.sync();
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
clearInterval(sample);
peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
const s = reader.store.snapshot;
let scalars = 0;
for (const x of s.tags.values()) scalars += x.count;
process.stdout.write(JSON.stringify({
  bytes: statSync(file).size, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, records: s.records, scalars, tags: s.tags.size,
  peakRssBytes: peak, warnings: s.warnings.length,
}) + '\n');
