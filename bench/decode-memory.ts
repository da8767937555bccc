// Child process of bench/run.ts: decoding throughput when warm (the file in the page cache, the
// code compiled): the reader the CLI uses, over the event file's folder, three times in one process;
// the median. The CPU cost with neither start-up nor a cold first pass.
import { dirname } from 'node:path';
import { statSync } from 'node:fs';
import { TensorboardReader } from '../src/live/tensorboard-reader.js';
import { LocalFs } from '../src/live/fs/local-fs.js';

const file = process.argv[2];
const fs = new LocalFs();
const runs: number[] = [];
let records = 0;
for (let k = 0; k < 3; k++) {
  const t0 = process.hrtime.bigint();
  const reader = new TensorboardReader({ fs, runDir: dirname(file), file, label: 'bench' });
  await reader.sync();
  runs.push(Number(process.hrtime.bigint() - t0) / 1e9);
  records = reader.store.snapshot.records;
}
const all = [...runs];
runs.sort((a, b) => a - b);
process.stdout.write(JSON.stringify({ bytes: statSync(file).size, seconds: runs[1], all, records }) + '\n');
