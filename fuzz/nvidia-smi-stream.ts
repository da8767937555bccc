// Fuzzing the nvidia-smi stream through the GPU sampler's public face: real lines (the repo's
// fake nvidia-smi in each of its machines, the compute-apps answer, driver event lines) mutated
// from a seed and printed by a stand-in nvidia-smi (a wrapper that runs the printer without exec,
// as clusters do), then a last good line. A case fails when anything throws, a control character
// reaches the text or JSON face, the sampler does not stop, or any process of it is left.
import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { GpuSampler } from '../src/live/gpu-sampler.js';
import { gpuJson, gpuText } from '../src/report/gpu-report.js';
import { cleanLines, safeJson } from '../src/model/text.js';
import { FieldQuery, GPU_FIELDS } from '../src/sources/nvidia-smi/fields.js';
import { DRIVES, mutate, random } from './harness.js';

const FAKE = join(import.meta.dirname, '..', 'fixtures', 'nvidia-smi', 'nvidia-smi');

/** What the repo's fake nvidia-smi prints for `mode`: `lines` samples, or the compute-apps answer. */
function printed(mode: string, lines: number, apps = false): Buffer {
  const query = apps ? '--query-compute-apps=gpu_uuid' : `--query-gpu=${new FieldQuery(GPU_FIELDS).names().join(',')}`;
  const r = spawnSync('sh', ['-c', `"$0" "${query}" --format=csv,noheader,nounits -lms 20 | head -n ${lines}`, FAKE], { env: { ...process.env, FAKE_NVIDIA_SMI: mode }, timeout: 10_000 });
  return r.stdout ?? Buffer.alloc(0);
}

let seeds: { stream: Buffer; apps: Buffer; good: string } | null = null;

/** The seed stream, made once: each machine's lines, and what a driver prints between samples. */
function seedStreams(): { stream: Buffer; apps: Buffer; good: string } {
  seeds ??= {
    stream: Buffer.concat([
      ...['one', 'eight', 'na', 'hot', 'hostile'].map((m) => printed(m, m === 'eight' ? 16 : 3)),
      Buffer.from('Xid (PCI:0000:3b:00): 79, pid=0, GPU has fallen off the bus.\n'),
      Buffer.from('0, GPU-0a1b2c3d-0000-1111-2222-333344445555, NVIDIA A100-SXM4-80GB, [GPU is lost], [GPU is lost], [Unknown Error], 81920, [N/A], [N/A], [Not Supported], N/A, [N/A], [N/A]\r\n'),
    ]),
    apps: Buffer.concat(['one', 'eight', 'hostile'].map((m) => printed(m, 8, true))),
    // A good line (the fake's own, renamed) put after the mutant: once it is in, all before it was read.
    good: printed('one', 1).toString().trim().replace('NVIDIA A100-SXM4-80GB', SENTINEL),
  };
  return seeds;
}

/** Besides the byte edits: what only a stream does (no newline at all, a line of 100 KB, a blank flood). */
function mutateStream(input: Buffer, rnd: () => number): Buffer {
  let b = mutate(input, rnd);
  const kind = Math.floor(rnd() * 8);
  if (kind === 0) b = Buffer.from(b.toString('latin1').replace(/\n/g, ''), 'latin1');
  else if (kind === 1) b = Buffer.concat([b, Buffer.alloc(100_000 + Math.floor(rnd() * 100_000), 0x31), Buffer.from('\n')]);
  else if (kind === 2) b = Buffer.concat([b, Buffer.alloc(2000, 0x0a)]);
  return b;
}

export interface StreamFailure {
  format: 'nvidia-smi-stream';
  seed: number;
  what: string;
}

const SENTINEL = 'SENTINEL-GPU';

/** One mutated stream through a GpuSampler; why it failed, or null. */
export async function checkNvidiaSmiStream(seed: number, dir: string, budgetMs: number): Promise<StreamFailure | null> {
  const fail = (what: string): StreamFailure => ({ format: 'nvidia-smi-stream', seed, what });
  const rnd = random(seed);
  const { stream, apps, good: last } = seedStreams();
  writeFileSync(join(dir, 'stream'), mutateStream(stream, rnd));
  writeFileSync(join(dir, 'apps'), mutate(apps, rnd));
  writeFileSync(join(dir, 'printer'), `#!/bin/sh\ncase "$*" in *--query-compute-apps*) cat '${dir}/apps'; exit 0 ;; esac\ncat '${dir}/stream'\nprintf '\\n%s\\n' '${last}'\nsleep 30\n`);
  writeFileSync(join(dir, 'nvidia-smi'), `#!/bin/sh\n'${dir}/printer' "$@"\n`);
  chmodSync(join(dir, 'printer'), 0o755);
  chmodSync(join(dir, 'nvidia-smi'), 0o755);
  const started = performance.now();
  const sampler = new GpuSampler({ intervalMs: 1000, command: join(dir, 'nvidia-smi'), appsEveryMs: 0, stallMs: budgetMs });
  try {
    sampler.start();
    // Until the last good line is in, or the sampler gave up on the stream (it says why).
    for (;;) {
      const s = sampler.store.snapshot;
      if (s.gpus.some((g) => g.name === SENTINEL) || !/^(ok|waiting|starting)/.test(s.status)) break;
      if (performance.now() - started > budgetMs) break;
      await sleep(20);
    }
    await sampler.queryAppsOnce();
    const s = sampler.store.snapshot;
    const faces = cleanLines(gpuText(s, Date.now(), null)) + safeJson(gpuJson(s));
    const bad = DRIVES.exec(faces);
    if (bad) return fail(`a face printed U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')}`);
  } catch (err) {
    return fail(`threw: ${(err as Error).stack ?? String(err)}`);
  } finally {
    await sampler.stop();
  }
  // Stopped: nothing of the wrapper, the printer or its sleep is left.
  for (let i = 0; i < 100 && running(dir); i++) await sleep(20);
  if (running(dir)) return fail('a process was left after stop()');
  const took = performance.now() - started;
  return took > budgetMs + 3000 ? fail(`took ${took.toFixed(0)} ms`) : null;
}

/** Whether a process whose command line names `dir` still runs. */
export function running(dir: string): boolean {
  return spawnSync('pgrep', ['-f', dir]).status === 0;
}
