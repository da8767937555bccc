// Fuzzing the ssh file system against a hostile host: the fake `-e` host (test/helpers/fake-host.mjs,
// mode mutate) runs the real remote program here and mutates its stdout from a seed, so the client
// gets real frames with bytes flipped, cut, repeated or injected (false headers, huge lengths,
// control characters). A one-look connection reads a run through it the way --once does (stat,
// listings, ranges, a watch's first look, sha256, nvidia-smi) and prints the text and JSON faces.
// A case fails when anything throws, waits past the budget, lets a control character out, or
// leaves a process behind.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SshFs } from '../src/live/fs/ssh/ssh-fs.js';
import { openRun } from '../src/live/open-run.js';
import { ultralyticsJson, tensorboardJson } from '../src/report/json-snapshot.js';
import { tensorboardText, ultralyticsText } from '../src/report/text-snapshot.js';
import { viewRun } from '../src/model/run-view.js';
import { viewTb } from '../src/model/tb-view.js';
import { cleanLines, safeJson } from '../src/model/text.js';
import { GpuSampler } from '../src/live/gpu-sampler.js';
import { gpuJson, gpuText } from '../src/report/gpu-report.js';
import { DETECT_COLUMNS, resultsCsv } from '../fixtures/ultralytics/results-writer.js';
import { fileVersionRecord, sb3Dump } from '../fixtures/tensorboard/event-writer.js';
import { DRIVES } from './harness.js';
import { running } from './nvidia-smi-stream.js';

const REPO = join(import.meta.dirname, '..');
const FAKE = join(REPO, 'test', 'helpers', 'fake-host.mjs');

export interface RemoteFailure {
  format: 'remote-host';
  seed: number;
  what: string;
}

/** The tree the host serves: an Ultralytics run and a TensorBoard run, with a hostile name or two. */
function serve(dir: string): { csvRun: string; tbRun: string } {
  const csvRun = join(dir, 'runs', 'detect', 'x\x1b[2J');
  mkdirSync(csvRun, { recursive: true });
  writeFileSync(join(csvRun, 'args.yaml'), 'task: detect\nepochs: 20\nname: x\n');
  writeFileSync(join(csvRun, 'results.csv'), resultsCsv('v8.3', DETECT_COLUMNS, 20, 8));
  const tbRun = join(dir, 'tb', 'PPO_1');
  mkdirSync(tbRun, { recursive: true });
  writeFileSync(join(tbRun, 'events.out.tfevents.1700000000.box.1.0'), Buffer.concat([fileVersionRecord(1_700_000_000), ...Array.from({ length: 6 }, (_, d) => Buffer.concat(sb3Dump(d, 2048, 1_700_000_000)))]));
  return { csvRun, tbRun };
}

/** `work` or why it did not end within `ms`. */
async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} waited more than ${ms} ms`)), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** One connection to a host mutating from `seed`, read as --once reads; why it failed, or null. */
export async function checkRemoteHost(seed: number, dir: string, budgetMs: number): Promise<RemoteFailure | null> {
  const fail = (what: string): RemoteFailure => ({ format: 'remote-host', seed, what });
  const { csvRun, tbRun } = serve(dir);
  const env = [`FAKE_HOST=mutate`, `FAKE_HOST_SEED=${seed}`, `PATH=${join(REPO, 'fixtures', 'nvidia-smi')}:${process.env.PATH}`];
  // The marker names this case's folder in the host's command line (it ignores the option).
  const fs = new SshFs('box', { rsh: ['env', ...env, process.execPath, FAKE, `-oMark=${dir}`].join(' '), once: true, firstAnswerMs: 3000, answerTimeoutMs: 2000 });
  const started = performance.now();
  let faces = '';
  try {
    await within(budgetMs, 'the work', (async () => {
      try {
        await fs.connect();
      } catch {
        return; // a host that fails at once is said and done
      }
      const now = Date.now();
      await Promise.all([fs.stat(csvRun), fs.lstat(join(csvRun, 'results.csv')), fs.readdir(csvRun), fs.readlink(csvRun), fs.sha256(join(csvRun, 'results.csv'))]);
      const csv = openRun({ kind: 'run', format: 'ultralytics', fs, runDir: csvRun, csvPath: join(csvRun, 'results.csv'), label: 'fuzz' }).reader;
      await csv.sync(false);
      csv.finish();
      const run = csv.store.snapshot;
      if (run.format === 'ultralytics') faces += cleanLines(ultralyticsText(run, viewRun(run, now), 100)) + safeJson(ultralyticsJson(run, viewRun(run, now)));
      const tb = openRun({ kind: 'run', format: 'tensorboard', fs, runDir: tbRun, file: null, label: 'fuzz' }).reader;
      await tb.sync(false);
      tb.finish();
      const tbSnap = tb.store.snapshot;
      if (tbSnap.format === 'tensorboard') faces += cleanLines(tensorboardText(tbSnap, viewTb(tbSnap, now, null), 100)) + safeJson(tensorboardJson(tbSnap, viewTb(tbSnap, now, null)));
      const w = fs.watch({ root: dir, depth: 3, poll: true, pollIntervalMs: 1000 }, () => {});
      await w.ready;
      await w.close();
      const gpu = new GpuSampler({ intervalMs: 200, fs, appsEveryMs: 0 });
      gpu.start();
      await gpu.firstSample(2000);
      await gpu.queryAppsOnce();
      await gpu.stop();
      faces += cleanLines(gpuText(gpu.store.snapshot, now, 'box')) + safeJson(gpuJson(gpu.store.snapshot));
      faces += cleanLines([fs.connection.status() ?? '', fs.notes() ?? ''].join('\n'));
    })());
  } catch (err) {
    await fs.close();
    return fail(`threw: ${(err as Error).stack ?? String(err)}`);
  }
  await within(10_000, 'close()', fs.close()).catch((err: Error) => (faces += `\u0000${err.message}`));
  const bad = DRIVES.exec(faces);
  if (bad) return fail(`a face printed U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')}${bad[0] === '\u0000' ? faces.slice(faces.indexOf('\u0000')) : ''}`);
  // Closed: nothing of the host or what it ran is left.
  for (let i = 0; i < 150 && running(dir); i++) await sleep(20);
  if (running(dir)) return fail('a process was left after close()');
  const took = performance.now() - started;
  return took > budgetMs + 10_000 ? fail(`took ${took.toFixed(0)} ms`) : null;
}
