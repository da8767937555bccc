// npm run fuzz [-- --cases N] [--seed S] [--format csv|tfevents|wandb|yaml|nvidia-smi-stream|remote-host]
// [--budget-ms MS] [--memory-mib MIB]: mutates each format N times from seed S on (a random S when
// not given), reads every mutant in-process, each within MS milliseconds and with the peak RSS
// rising at most MIB above what the process held before it, prints each failure with the seed that
// makes it again (`--seed S --cases 1 --format F`), exits 1 if any. nvidia-smi-stream and
// remote-host start processes per case (a stand-in nvidia-smi; a fake ssh host): slower, their
// budget is per case and their memory is the children's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, FORMATS, type Format } from './harness.js';
import { checkNvidiaSmiStream } from './nvidia-smi-stream.js';
import { checkRemoteHost } from './remote-host.js';

const STREAMS = { 'nvidia-smi-stream': checkNvidiaSmiStream, 'remote-host': checkRemoteHost } as const;
type Any = Format | keyof typeof STREAMS;

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const cases = Number(arg('cases') ?? 1200);
const first = Number(arg('seed') ?? Math.floor(Math.random() * 2 ** 31));
const formats = (arg('format')?.split(',') ?? [...FORMATS, ...Object.keys(STREAMS)]) as Any[];
const budgetMs = Number(arg('budget-ms') ?? 5000);
const memoryMiB = Number(arg('memory-mib') ?? 256);

let failures = 0;
for (const format of formats) {
  const started = Date.now();
  for (let i = 0; i < cases; i++) {
    const seed = first + i;
    const dir = mkdtempSync(join(tmpdir(), 'aigp-fuzz-'));
    try {
      const f = format in STREAMS ? await STREAMS[format as keyof typeof STREAMS](seed, dir, budgetMs) : await check(format as Format, seed, dir, budgetMs, memoryMiB);
      if (f) {
        failures += 1;
        process.stdout.write(`FAIL ${f.format} --seed ${f.seed}: ${f.what}\n`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  process.stdout.write(`${format}: ${cases} mutants from seed ${first} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
process.stdout.write(failures ? `${failures} failed\n` : 'no failures\n');
process.exitCode = failures ? 1 : 0;
