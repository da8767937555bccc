// bench/soak: the TUI watching a run replayed at 100x speed (an Ultralytics row every 0.6 s, a
// PPO dump every 0.1 s, a fake nvidia-smi at 1 Hz) for SOAK_MINUTES (default 10), sampling the
// app's RSS and CPU every 10 s. Memory must be flat after the warm-up.
//   npx tsx bench/soak.ts            (needs tmux)
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { argsYaml, DETECT_COLUMNS, ERAS, syntheticRow } from '../fixtures/ultralytics/results-writer.js';
import { fileVersionRecord, sb3Dump } from '../fixtures/tensorboard/event-writer.js';

const REPO = dirname(dirname(fileURLToPath(import.meta.url)));
const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const WARMUP_S = 60;
const work = mkdtempSync(join(tmpdir(), 'aigp-soak-'));
const socket = `aigp-soak-${process.pid}`;
const tmux = (...a: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...a], { encoding: 'utf8' });

const run = join(work, 'runs', 'detect', 'soak');
mkdirSync(run, { recursive: true });
writeFileSync(join(run, 'args.yaml'), argsYaml({ epochs: 100_000, name: 'soak' }));
writeFileSync(join(run, 'results.csv'), ERAS['v8.3'].header(DETECT_COLUMNS));
const tb = join(work, 'output', 'soak', 'tb', 'PPO_1');
mkdirSync(tb, { recursive: true });
const t0s = Math.floor(Date.now() / 1000);
const events = join(tb, `events.out.tfevents.${t0s}.soak.1.0`);
writeFileSync(events, fileVersionRecord(t0s));

const path = `${join(REPO, 'fixtures', 'nvidia-smi')}:${process.env.PATH}`;
tmux('new-session', '-d', '-s', 'soak', '-x', '160', '-y', '50', `cd '${work}' && exec env -u CI PATH='${path}' FAKE_NVIDIA_SMI=eight '${process.execPath}' '${join(REPO, 'bin', 'aigp-watch.js')}' --no-bell`);
await sleep(2000);
const pid = Number(tmux('display-message', '-p', '-t', 'soak', '#{pane_pid}').trim());
const hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
const sample = () => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { t: Date.now(), rssMb: rss, cpuS: (Number(f[11]) + Number(f[12])) / hz };
};

const samples = [sample()];
const end = Date.now() + MINUTES * 60_000;
let epoch = 0;
let dump = 0;
let nextSample = Date.now() + 10_000;
while (Date.now() < end) {
  if (dump % 6 === 0) {
    epoch += 1;
    appendFileSync(join(run, 'results.csv'), ERAS['v8.3'].row(epoch, syntheticRow(DETECT_COLUMNS, epoch % 1000, 1000), epoch * 60));
  }
  appendFileSync(events, Buffer.concat(sb3Dump(dump, 2048, t0s)));
  dump += 1;
  if (Date.now() >= nextSample) {
    samples.push(sample());
    nextSample += 10_000;
  }
  await sleep(100);
}
samples.push(sample());
const screen = tmux('capture-pane', '-p', '-t', 'soak');
tmux('send-keys', '-t', 'soak', 'q');
await sleep(1000);
spawnSync('tmux', ['-L', socket, 'kill-server']);
rmSync(work, { recursive: true, force: true });

const after = samples.filter((s) => s.t - samples[0].t >= WARMUP_S * 1000);
const first = after[0];
const last = after[after.length - 1];
const rss = after.map((s) => s.rssMb);
const slope = ((last.rssMb - first.rssMb) / ((last.t - first.t) / 60_000)).toFixed(2);
const cpu = (((last.cpuS - samples[0].cpuS) / ((last.t - samples[0].t) / 1000)) * 100).toFixed(1);
console.log(`soak ${MINUTES} min: ${epoch} epochs, ${dump} PPO dumps (${dump * 13} scalars), 8 fake GPUs at 1 Hz`);
console.log(`RSS after ${WARMUP_S} s warm-up: min ${Math.min(...rss).toFixed(1)} MB, max ${Math.max(...rss).toFixed(1)} MB, trend ${slope} MB/min`);
console.log(`CPU: ${cpu}% of one core on average (with a row every 0.6 s and a dump every 0.1 s)`);
console.log(`screen at the end shows epoch ${epoch}: ${screen.includes(`epoch ${epoch}`) || screen.includes(`epoch ${epoch - 1}`) ? 'yes' : 'no'}`);
console.log(JSON.stringify(samples));
