// Child process for memory checks: reads a TensorBoard run folder once and prints what it cost
// and what it found, as JSON: { ms, maxRssMiB, counts: { tag: n }, warnings: [...] }.
import { TensorboardReader } from '../../src/live/tensorboard-reader.js';
import { LocalFs } from '../../src/live/fs/local-fs.js';

const LOCAL = new LocalFs();

const started = performance.now();
const reader = new TensorboardReader({ fs: LOCAL, runDir: process.argv[2], file: null, label: 'run' });
await reader.sync();
const s = reader.store.snapshot;
process.stdout.write(JSON.stringify({
  ms: performance.now() - started,
  maxRssMiB: process.resourceUsage().maxRSS / 1024,
  counts: Object.fromEntries([...s.tags].map(([tag, x]) => [tag, x.count])),
  warnings: s.warnings.map((w) => w.message),
}));
