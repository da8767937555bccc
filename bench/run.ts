// npm run bench: measures the figures of DESIGN.md's performance budget and prints each beside
// its reference, measured in the same run (interleaved with it, so a slower spell of a shared
// machine falls on both), with the ratio and the budget; writes bench/results.json. Inputs are
// generated in a temp folder.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { DETECT_COLUMNS, ERAS, syntheticRow } from '../fixtures/ultralytics/results-writer.js';
import { sb3EventFile, ultralyticsRun } from './inputs.js';

const REPO = dirname(dirname(fileURLToPath(import.meta.url)));
const CLI = join(REPO, 'bin', 'aigp-watch.js');
const env = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
const IDLE_S = env('BENCH_IDLE_SECONDS', 60);
const APPENDS = env('BENCH_APPENDS', 100);
const STARTS = env('BENCH_STARTS', 5);
const DECODE_MB = env('BENCH_DECODE_MB', 100);
const MEMORY_SCALARS = env('BENCH_MEMORY_SCALARS', 5e6);
// Rows after random quiet spells of 0.2-2 s (a fast epoch is a minute): each must be drawn at once,
// never held by the 10-fps frame cap, which is for bursts.
const APPEND_GAP_MS: [number, number] = [env('BENCH_APPEND_GAP_MIN_MS', 200), env('BENCH_APPEND_GAP_MAX_MS', 2000)];

/** A figure and, where the budget is relative, what it is compared with, measured in the same run. */
interface Figure { name: string; value: number | null; unit: string; budget: string; ok: boolean | null; note?: string; reference?: { value: number | null; what: string } }
const figures: Figure[] = [];
const work = mkdtempSync(join(tmpdir(), 'aigp-bench-'));
const socket = `aigp-bench-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))];
const median = (xs: number[]) => pct(xs, 0.5);
/** The least and greatest of some figures, as text. */
const range = (xs: number[], unit: string) => `${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}${unit}`;
const ms = () => Number(process.hrtime.bigint()) / 1e6;

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

// Each look is a tmux process: looking too often would steal the CPU from the app being timed.
async function until(check: () => boolean, timeoutMs: number, everyMs = 20): Promise<boolean> {
  const end = ms() + timeoutMs;
  while (ms() < end) {
    if (check()) return true;
    await sleep(everyMs);
  }
  return false;
}

function startPane(name: string, cwd: string, args: string, cols = 100, rows = 30): void {
  tmux('new-session', '-d', '-s', name, '-x', String(cols), '-y', String(rows), `cd '${cwd}' && exec env -u CI '${process.execPath}' '${CLI}' ${args}`);
}
const screen = (name: string) => tmux('capture-pane', '-p', '-t', name);
const panePid = (name: string) => Number(tmux('display-message', '-p', '-t', name, '#{pane_pid}').trim());

const DECODE_RUNS = env('BENCH_DECODE_RUNS', 5);

/** Wall time of a process, start to exit. */
function timed(args: string[]): number {
  const t0 = ms();
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, CI: '' }, maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return (ms() - t0) / 1000;
}

/** The built CLI reading a 100 MB event file, whole process, against a bare node reading it and taking zlib.crc32 over it. */
async function decodeThroughput(): Promise<void> {
  log(`generating a ${DECODE_MB} MB SB3-style event file…`);
  const { path, scalars } = sb3EventFile(join(work, 'decode', 'PPO_1'), DECODE_MB * 1e6);
  const cli: number[] = [];
  const ref: number[] = [];
  for (let i = 0; i < DECODE_RUNS; i++) {
    ref.push(timed([join(REPO, 'bench', 'read-crc32.mjs'), path]));
    cli.push(timed([CLI, '--json', '--no-gpu', path]));
  }
  const warm = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', join(REPO, 'bench', 'decode-memory.ts'), path], { encoding: 'utf8', cwd: REPO })) as { bytes: number; seconds: number };
  const ratio = median(cli) / median(ref);
  figures.push({
    name: `event-file decoding, ${DECODE_MB} MB, whole process (CLI --json)`, value: median(cli), unit: 's', budget: '≤ 2.0× the reference', ok: ratio <= 2.0,
    reference: { value: median(ref), what: 'a bare node reading it and taking zlib.crc32 over it' },
    note: `medians of ${DECODE_RUNS} interleaved; ratio per pair ${range(cli.map((c, i) => c / ref[i]), 'x')}; ${scalars} scalars; warm (page cache, compiled code), in process: ${(warm.bytes / 1e6 / warm.seconds).toFixed(0)} MB/s`,
  });
}

const maxRssMb = (stderr: string) => (Number(/AIGP_MAX_RSS_KB (\d+)/.exec(stderr)?.[1] ?? NaN) * 1024) / 1e6;

const MEMORY_RUNS = env('BENCH_MEMORY_RUNS', 5);

/** Peak RSS of the built CLI (what users run) reading an event file of MEMORY_SCALARS scalars, against a bare node. */
function memory(): void {
  const mb = Math.ceil((MEMORY_SCALARS / 1.73e6) * 100);
  log(`generating a ${mb} MB SB3-style event file…`);
  const { path, scalars } = sb3EventFile(join(work, 'memory', 'PPO_1'), mb * 1e6);
  const report = pathToFileURL(join(REPO, 'bench', 'report-max-rss.mjs')).href;
  const peak = (args: string[]) => maxRssMb(spawnSync(process.execPath, ['--import', report, ...args], { encoding: 'utf8', env: { ...process.env, CI: '' }, maxBuffer: 1 << 26 }).stderr);
  const cli: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < MEMORY_RUNS; i++) {
    bare.push(peak(['-e', '0']));
    cli.push(peak([CLI, '--json', '--no-gpu', path]));
  }
  rmSync(path);
  const rss = median(cli);
  figures.push({
    name: `peak RSS, the CLI reading ${(scalars / 1e6).toFixed(1)}M scalars`, value: rss, unit: 'MB', budget: '≤ 64 MB', ok: rss <= 64,
    reference: { value: median(bare), what: 'a bare node (node -e 0)' },
    note: `VmHWM, medians of ${MEMORY_RUNS} interleaved; the CLI ${range(cli, ' MB')}; ${mb} MB event file, --json`,
  });
}

/**
 * Starts `command` in a pseudo-terminal (util-linux `script`) and times, for each set of markers,
 * the first output by which every marker of the set has been seen (null: not within 10 s). With
 * `quitOn`, `q` is typed as soon as that set has been seen, and `exited` is when the process ended.
 */
function timeToScreen(command: string, cwd: string, markerSets: string[][], cols = 100, rows = 50, env: NodeJS.ProcessEnv = {}, quitOn: number | null = null): Promise<{ times: (number | null)[]; exited: number | null }> {
  return new Promise((done) => {
    const t0 = ms();
    const child = spawn('script', ['-qfec', `stty cols ${cols} rows ${rows}; exec ${command}`, '/dev/null'], { cwd, env: { ...process.env, CI: '', ...env }, stdio: ['pipe', 'pipe', 'ignore'] });
    let seen = '';
    const times: (number | null)[] = markerSets.map(() => null);
    let exited: number | null = null;
    const timer = setTimeout(finish, 10_000);
    function finish() {
      clearTimeout(timer);
      child.kill('SIGKILL');
      done({ times, exited });
    }
    child.on('exit', () => {
      exited = ms() - t0;
      finish();
    });
    child.stdout.on('data', (d: Buffer) => {
      seen += d.toString('utf8');
      markerSets.forEach((markers, i) => {
        if (times[i] === null && markers.every((m) => seen.includes(m))) {
          times[i] = ms() - t0;
          if (i === quitOn) child.stdin.write('q');
        }
      });
      if (quitOn === null && times.every((t) => t !== null)) finish();
    });
  });
}

const medianOrNull = (xs: (number | null)[]) => {
  const got = xs.filter((x): x is number => x !== null);
  return got.length ? median(got) : null;
};

/** What a bare node takes to print in the same pty: the reference of the start-up figures. */
const BARE_NODE = `'${process.execPath}' -e "process.stdout.write('READY')"`;
const SEA = join(REPO, 'dist', 'aigp-watch-linux-x64');
/** Ink's key footer as written (the key in bold, then its word): only Ink's frame has it, not the text first frame. */
const INK = ' quit ';

/** Median, range and count of a figure's starts, and its difference from the reference's median. */
function startFigure(name: string, xs: (number | null)[], ref: { value: number | null; what: string }, overMs: number | null, note: string): void {
  const got = xs.filter((x): x is number => x !== null);
  const value = medianOrNull(xs);
  const plus = value !== null && ref.value !== null ? value - ref.value : null;
  const range = got.length ? `${Math.round(Math.min(...got))}–${Math.round(Math.max(...got))} ms` : 'none seen';
  figures.push({
    name, value, unit: 'ms', reference: ref,
    budget: overMs === null ? '(no budget)' : `≤ node + ${overMs} ms`,
    ok: overMs === null ? null : plus !== null && plus <= overMs,
    note: `${plus === null ? '' : `${plus >= 0 ? '+' : ''}${Math.round(plus)} ms over node; `}range ${range} over ${got.length} of ${xs.length} starts; ${note}`,
  });
}

/** The single executable, built from this tree (npm run sea); null where it cannot be (not linux-x64, BENCH_SEA=0). */
function singleExecutable(): string | null {
  if (process.env.BENCH_SEA === '0') return null;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    log('the single executable is built for linux-x64 only: its rows are left out');
    return null;
  }
  log('building the single executable (npm run sea)…');
  execFileSync(process.execPath, [join(REPO, 'scripts', 'sea.js')], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  return SEA;
}

async function firstFrame(): Promise<void> {
  // A pose run with a full args.yaml, 100 epochs of 300, in a 100x30 pane; and a project root with
  // a 500-epoch YOLO run and a 2.7 MB PPO event file (both phases), 100x50. Every command of a
  // round runs once, in turn, so a slower spell of a shared machine falls on all of them.
  const pose = ultralyticsRun(join(work, 'start', 'runs', 'pose', 'bench'), 100, 300, 'pose');
  const project = join(work, 'project');
  ultralyticsRun(join(project, 'runs', 'detect', 'apex_yolo11n'), 500, 1000);
  sb3EventFile(join(project, 'output', 'apex_policy', 'tb_apex', 'PPO_1'), 2.7e6);
  // The built CLI's code cache (src/launch.ts) in a folder of this run, made by one start first:
  // the figures are of a start after the first; 'no code cache' is a first start's.
  const cache = { XDG_CACHE_HOME: join(work, 'cache') };
  const cold = { ...cache, AIGP_WATCH_CODE_CACHE: 'off' };
  const node = `env -u CI '${process.execPath}' '${CLI}'`;
  const hasSea = singleExecutable() !== null;
  await timeToScreen(`${node} .`, pose, [['epoch 100/300', INK]], 100, 30, cache, 0);
  await timeToScreen(`${node} --total-timesteps 100000000`, project, [['epoch 500/1000', INK]], 100, 50, cache, 0);
  const runs: Record<string, (number | null)[]> = {};
  const add = (key: string, v: number | null) => (runs[key] ??= []).push(v);
  const loads: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    loads.push(loadavg()[0]);
    add('base', (await timeToScreen(BARE_NODE, pose, [['READY']], 100, 30)).times[0]);
    const builds: { build: string; command: string; env: NodeJS.ProcessEnv }[] = [
      { build: 'node', command: node, env: cache }, { build: 'cold', command: node, env: cold },
      ...(hasSea ? [{ build: 'sea', command: `env -u CI '${SEA}'`, env: {} }] : []),
    ];
    for (const { build, command, env } of builds) {
      // The first frame, Ink's first frame (keys answered), then q typed at Ink's frame: the exit.
      const pose1 = await timeToScreen(`${command} .`, pose, [['epoch 100/300', 'mAP50-95'], ['epoch 100/300', INK]], 100, 30, env, 1);
      add(`${build}:first`, pose1.times[0]);
      add(`${build}:keys`, pose1.times[1]);
      if (build === 'cold') continue;
      const both = await timeToScreen(`${command} --total-timesteps 100000000`, project, [['epoch 500/1000', 'timesteps'], ['epoch 500/1000', INK]], 100, 50, env, 1);
      add(`${build}:both`, both.times[0]);
      add(`${build}:bothKeys`, both.times[1]);
    }
    // q typed on the text first frame (before Ink is loaded): time from the start to the exit.
    const q = await timeToScreen(`${node} .`, pose, [['epoch 100/300', 'mAP50-95']], 100, 30, cache, 0);
    add('q', q.exited);
  }
  const ref = { value: medianOrNull(runs.base), what: `bare node's first output, same pty, median of ${runs.base.length}` };
  const load = `machine load (1-min average) ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on ${cpus().length} cores`;
  log(`start-up: ${load}`);
  startFigure('first frame, pose run, 100x30 pty', runs['node:first'], ref, 100, 'header and charts of the run (text, before Ink)');
  startFigure('keys answered (Ink\'s first frame), pose run', runs['node:keys'], ref, 120, `Ink's first frame (keys typed before it act on it; q and Ctrl-C quit before it); ${load}`);
  startFigure('keys answered, first start (no code cache)', runs['cold:keys'], ref, null, 'AIGP_WATCH_CODE_CACHE=off: what a first start after an install or a Node upgrade takes');
  startFigure('q on the first frame: the process ends', runs.q, ref, null, 'q typed when the text first frame shows, before Ink: start to exit');
  startFigure('first frame, both phases: 500 epochs + 2.7 MB event file', runs['node:both'], ref, 300, '100x50 pty, project root: both runs\' headers on screen');
  startFigure('keys answered, both phases', runs['node:bothKeys'], ref, null, 'Ink\'s first frame of that project');
  if (hasSea) {
    startFigure('single executable: first frame, pose run', runs['sea:first'], ref, 100, 'dist/aigp-watch-linux-x64 (npm run sea), its own code cache');
    startFigure('single executable: keys answered, pose run', runs['sea:keys'], ref, 120, 'Ink\'s first frame');
    startFigure('single executable: first frame, both phases', runs['sea:both'], ref, 300, '100x50 pty, project root');
  } else {
    log('no single executable (BENCH_SEA=0, or not linux-x64): its figures are left out');
  }
}

/** Deterministic gaps: the same run of quiet spells every time. */
function gaps(n: number, [lo, hi]: [number, number]): number[] {
  let x = 12345;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return lo + (x / 2 ** 31) * (hi - lo);
  });
}

/** Rows appended after quiet spells; each timed to the screen of the app and of `tail -f` (the reference) in panes of the same size. */
async function appendLatency(poll: boolean, rows: number): Promise<void> {
  const dir = ultralyticsRun(join(work, poll ? 'poll' : 'events', 'runs', 'detect', 'x'), 20, 100000);
  const name = poll ? 'poll' : 'append';
  const csv = join(dir, 'results.csv');
  startPane(name, dir, `${poll ? '--poll ' : ''}.`);
  tmux('new-session', '-d', '-s', `${name}-tail`, '-x', '100', '-y', '30', `exec tail -n 1 -f '${csv}'`);
  await until(() => screen(name).includes('epoch 20/100000'), 10_000);
  await sleep(500);
  const app: number[] = [];
  const tail: number[] = [];
  for (const [k, gap] of gaps(rows, poll ? [100, 100] : APPEND_GAP_MS).entries()) {
    const epoch = 21 + k;
    await sleep(gap);
    const t0 = ms();
    appendFileSync(csv, ERAS['v8.3'].row(epoch, syntheticRow(DETECT_COLUMNS, epoch - 1, 100000), epoch * 30));
    let appAt: number | null = null;
    let tailAt: number | null = null;
    await until(() => {
      appAt ??= screen(name).includes(`epoch ${epoch}/100000`) ? ms() - t0 : null;
      tailAt ??= new RegExp(`(^|\n)${epoch},`).test(screen(`${name}-tail`)) ? ms() - t0 : null;
      return appAt !== null && tailAt !== null;
    }, 5000, 10);
    if (appAt !== null) app.push(appAt);
    if (tailAt !== null) tail.push(tailAt);
  }
  tmux('kill-session', '-t', name);
  tmux('kill-session', '-t', `${name}-tail`);
  const q = (xs: number[], p: number) => (xs.length ? pct(xs, p) : null);
  const how = poll ? '(--poll, 1 s)' : '(fs events)';
  for (const p of [0.5, 0.95]) {
    const v = q(app, p);
    const ref = q(tail, p);
    // DESIGN.md: within tail -f's p95 + 20 ms; polling, twice the interval.
    const budget = poll ? 2000 : ref === null ? null : ref + 20;
    figures.push({
      name: `append-to-screen ${how} p${p * 100}`, value: v, unit: 'ms', budget: poll ? '≤ 2000 ms (2× the interval)' : '≤ tail -f p95 + 20 ms',
      ok: p === 0.5 ? null : v !== null && budget !== null && v <= budget,
      reference: { value: ref, what: 'tail -f in a pane beside it, same rows, same looks' },
      note: p === 0.5 ? undefined : `${app.length} of ${rows} rows seen${poll ? ', 100 ms apart' : `, after ${APPEND_GAP_MS[0]}-${APPEND_GAP_MS[1]} ms of quiet each`}`,
    });
  }
}

function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** CPU of each pane's process over the same IDLE_S seconds, the panes started together. */
async function idleCpu(): Promise<void> {
  const dir = ultralyticsRun(join(work, 'idle', 'runs', 'detect', 'x'), 500, 1000);
  // The GPU sampled at 1 Hz, by the fake nvidia-smi of fixtures/ (a real one where there is one).
  const fake = join(REPO, 'fixtures', 'nvidia-smi');
  const app = (args: string) => `cd '${dir}' && exec env -u CI PATH='${fake}:${process.env.PATH}' FAKE_NVIDIA_SMI=one '${process.execPath}' '${CLI}' ${args} .`;
  const panes: Record<string, string> = { 'idle-nogpu': app('--no-gpu'), 'idle-gpu': app('') };
  const hasBtop = spawnSync('btop', ['--version']).status === 0;
  if (hasBtop) panes['idle-btop'] = 'exec btop -u 1000';
  for (const [name, command] of Object.entries(panes)) tmux('new-session', '-d', '-s', name, '-x', '100', '-y', '30', command);
  await until(() => screen('idle-nogpu').includes('epoch 500/1000') && screen('idle-gpu').includes('epoch 500/1000'), 10_000);
  await sleep(3000);
  const hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const pids = Object.fromEntries(Object.keys(panes).map((n) => [n, panePid(n)]));
  const t0 = Object.fromEntries(Object.entries(pids).map(([n, pid]) => [n, cpuTicks(pid)]));
  await sleep(IDLE_S * 1000);
  const pctOf = (n: string) => ((cpuTicks(pids[n]) - t0[n]) / hz / IDLE_S) * 100;
  const used = Object.fromEntries(Object.keys(panes).map((n) => [n, pctOf(n)]));
  for (const n of Object.keys(panes)) tmux('kill-session', '-t', n);
  figures.push({ name: `idle CPU over ${IDLE_S} s, --no-gpu`, value: used['idle-nogpu'], unit: '% of a core', budget: '≤ 0.2 %', ok: used['idle-nogpu'] <= 0.2 });
  const btop = hasBtop ? used['idle-btop'] : null;
  const budget = btop === null ? 0.4 : btop / 2;
  figures.push({
    name: `idle CPU over ${IDLE_S} s, GPU sampled at 1 Hz`, value: used['idle-gpu'], unit: '% of a core', budget: btop === null ? '≤ 0.4 % (no btop here)' : '≤ ½ btop', ok: used['idle-gpu'] <= budget,
    reference: { value: btop, what: hasBtop ? 'btop -u 1000 in a pane beside it' : 'btop is not installed' },
    note: "the fake nvidia-smi's own CPU not counted",
  });
}

/** CPU ticks of a process: its own, and with `children` those of its reaped children (utime stime cutime cstime). */
function ticksOf(pid: number, children: boolean): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0);
  } catch {
    return 0;
  }
}

/** Live descendants of a process. */
function descendants(pid: number): number[] {
  const out = spawnSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' }).stdout.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
  const found: number[] = [];
  const visit = (p: number) => {
    for (const [c, pp] of out) if (pp === p) (found.push(c), visit(c));
  };
  visit(pid);
  return found;
}

/** A process and all it started (reaped children included), in ticks. */
const treeTicks = (pid: number) => ticksOf(pid, true) + descendants(pid).reduce((n, c) => n + ticksOf(c, true), 0);

/**
 * Idle CPU of a W&B training watched while its uploader is alive (the stand-in, idle: a stream
 * request every 15 s to a server on 127.0.0.1), beside the same without an uploader: the cost of
 * finding it and of sampling its sockets (the sh loop, ss, awk and sleep every 2 s; ss -E idle).
 */
async function uploaderIdle(): Promise<void> {
  const { serveWandb } = await import('../fixtures/wandb/fake-wandb-server.js');
  const { records, WandbLog, wandbRunFolder } = await import('../fixtures/wandb/wandb-writer.js');
  const { startStandIn } = await import('../test/helpers/stand-in.js');
  const server = await serveWandb('127.0.0.1', 0);
  const make = (name: string) => {
    const dir = ultralyticsRun(join(work, 'uploader', name, 'runs', 'detect', 'x'), 500, 1000);
    const folder = wandbRunFolder(join(dir, 'wandb'), `${name}0001`.slice(0, 8), 'online');
    writeFileSync(join(folder, 'files', 'config.yaml'), `save_dir:\n  value: ${dir}\ntask:\n  value: detect\n`);
    writeFileSync(join(folder, 'files', 'output.log'), 'epoch 500\n');
    new WandbLog(folder, `${name}0001`.slice(0, 8)).append(records.header(), records.run(`${name}0001`.slice(0, 8), 'apex'));
    return { dir, folder };
  };
  const quiet = make('quiet');
  const busy = make('busy');
  const up = startStandIn(join(work, 'uploader'), busy.folder, { server: `127.0.0.1:${server.port}`, idle: true });
  const app = (dir: string) => `cd '${dir}' && exec env -u CI '${process.execPath}' '${CLI}' --no-gpu .`;
  tmux('new-session', '-d', '-s', 'up-none', '-x', '100', '-y', '30', app(quiet.dir));
  tmux('new-session', '-d', '-s', 'up-alive', '-x', '100', '-y', '30', app(busy.dir));
  try {
    const seen = await until(() => screen('up-alive').includes('wandb-core pid') && screen('up-none').includes('epoch 500/1000'), 60_000, 200);
    if (!seen) log(`the uploader was not shown: ${screen('up-alive')}`);
    await sleep(3000);
    const hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const pids = { none: panePid('up-none'), alive: panePid('up-alive') };
    const t0 = { none: ticksOf(pids.none, false), alive: ticksOf(pids.alive, false), tree: treeTicks(pids.alive), noneTree: treeTicks(pids.none) };
    await sleep(IDLE_S * 1000);
    const pctOf = (ticks: number) => (ticks / hz / IDLE_S) * 100;
    const none = pctOf(ticksOf(pids.none, false) - t0.none);
    const alive = pctOf(ticksOf(pids.alive, false) - t0.alive);
    const tree = pctOf(treeTicks(pids.alive) - t0.tree);
    const noneTree = pctOf(treeTicks(pids.none) - t0.noneTree);
    figures.push({
      name: `idle CPU over ${IDLE_S} s, W&B run with its uploader alive (the CLI)`, value: alive, unit: '% of a core', budget: '≤ the same without an uploader + 0.1 %', ok: alive <= none + 0.1,
      reference: { value: none, what: 'the same training and wandb run, no uploader, in a pane beside it' },
    });
    figures.push({
      name: `idle CPU over ${IDLE_S} s, W&B run with its uploader alive (the CLI and its children: the sampling sh, ls, ss, sleep)`, value: tree, unit: '% of a core', budget: '≤ the same without an uploader + 0.1 %', ok: tree <= noneTree + 0.1,
      reference: { value: noneTree, what: 'the same, no uploader (no child runs then)' },
      note: 'its sockets sampled every 2 s while bytes move, down to every 32 s idle; ss -E waits for close events',
    });
  } finally {
    tmux('kill-session', '-t', 'up-none');
    tmux('kill-session', '-t', 'up-alive');
    up.child.kill('SIGKILL');
    await server.close();
  }
}

function renderTime(): void {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(REPO, 'bench', 'render.tsx')], { encoding: 'utf8', cwd: REPO, env: { ...process.env, CI: 'false' } });
  const r = JSON.parse(out) as { p50: number; p95: number; frames: number };
  figures.push({ name: 'frame render at 200x60 (500 epochs) p50', value: r.p50, unit: 'ms', budget: '≤ 100 ms (10 fps)', ok: r.p50 <= 100, note: `p95 ${r.p95.toFixed(1)} ms over ${r.frames} frames` });
}

function egressLedger(): void {
  const n = env('BENCH_STAGED_FILES', 20_000);
  const idle = Math.min(IDLE_S, 60);
  log(`staging ${n} files for the egress ledger…`);
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(REPO, 'bench', 'egress-ledger.ts'), String(n), String(idle)], { encoding: 'utf8', cwd: REPO });
  const r = JSON.parse(out) as { firstWalkMs: number; newFileP50: number; newFileMax: number; idleCpuPct: number; ledger: number };
  figures.push({ name: `egress ledger, ${n} staged files: a new file listed, p50`, value: r.newFileP50, unit: 'ms', budget: '< 1000 ms (fs events)', ok: r.newFileMax < 1000, note: `max ${r.newFileMax.toFixed(0)} ms of 20; first whole walk ${r.firstWalkMs.toFixed(0)} ms` });
  figures.push({ name: `egress ledger, ${n} staged files: idle CPU over ${idle} s`, value: r.idleCpuPct, unit: '% of a core', budget: '< 1 %', ok: r.idleCpuPct < 1, note: 'in-process reader, events on; a whole walk at most every 300x its cost' });
}

/** Bytes over ssh following a W&B training (bench/ssh-traffic.ts), without and with the GPU stream. */
function sshTraffic(): void {
  const args = [env('BENCH_SSH_EPOCHS', 20), env('BENCH_SSH_EPOCH_MS', 3000), Math.min(IDLE_S, 60), env('BENCH_SSH_MEDIA', 200)].map(String);
  log(`replaying a ${args[0]}-epoch W&B training followed over ssh, twice…`);
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(REPO, 'bench', 'ssh-traffic.ts'), ...args], { encoding: 'utf8', cwd: REPO });
  type R = { gpu: boolean; perEpoch: number; perMinTraining: number; perMinIdle: number; firstSnapshotMs: number; firstBytes: number; complete: boolean; naiveBytes: number; staged: number };
  const kb = (b: number) => b / 1024;
  for (const r of JSON.parse(out) as R[]) {
    const what = `over ssh, W&B run, ${r.staged} staged files${r.gpu ? ', GPU stream' : ''}`;
    figures.push({ name: `${what}: per epoch`, value: kb(r.perEpoch), unit: 'KiB', budget: '—', ok: null, note: `a naive copier moves ${kb(r.naiveBytes).toFixed(0)} KiB (results.csv + staged files)` });
    figures.push({ name: `${what}: per minute training`, value: kb(r.perMinTraining), unit: 'KiB', budget: '—', ok: null });
    figures.push({ name: `${what}: per minute idle after`, value: kb(r.perMinIdle), unit: 'KiB', budget: '—', ok: null });
    figures.push({ name: `${what}: first snapshot (connect + whole read)`, value: r.firstSnapshotMs, unit: 'ms', budget: '—', ok: r.complete ? null : false, note: `${kb(r.firstBytes).toFixed(0)} KiB${r.complete ? '' : ', incomplete'}` });
  }
}

/** BENCH_ONLY=decode,memory,render,start,append,idle,uploader,ledger,ssh runs a subset. */
const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
const want = (name: string) => only.length === 0 || only.includes(name);

if (hasTmux) tmux('new-session', '-d', '-s', 'keepalive', 'sleep 100000');

try {
  if (want('decode')) await decodeThroughput();
  if (want('memory')) memory();
  if (want('render')) renderTime();
  if (want('start')) {
    // The single executable of this very build, measured beside it.
    if (process.platform === 'linux' && process.arch === 'x64') {
      log('building the single executable (npm run sea)…');
      const sea = spawnSync(process.execPath, [join(REPO, 'scripts', 'sea.js')], { cwd: REPO, encoding: 'utf8' });
      if (sea.status !== 0) log(`npm run sea failed: ${sea.stderr.trim().split('\n').at(-1)}`);
    }
    await firstFrame();
  }
  if (want('ledger')) egressLedger();
  if (want('ssh')) sshTraffic();
  if (hasTmux) {
    if (want('append')) {
      await appendLatency(false, APPENDS);
      await appendLatency(true, Math.max(5, Math.floor(APPENDS / 10)));
    }
    if (want('idle')) await idleCpu();
    if (want('uploader')) await uploaderIdle();
  } else {
    log('tmux is not installed: terminal figures skipped');
  }
} finally {
  if (hasTmux) spawnSync('tmux', ['-L', socket, 'kill-server']);
  rmSync(work, { recursive: true, force: true });
}

const w = Math.max(...figures.map((f) => f.name.length));
const show = (v: number | null, unit: string) => (v === null ? 'n/a' : `${v.toFixed(v < 10 ? 2 : 0)} ${unit}`);
console.log(`${'figure'.padEnd(w)}  ${'measured'.padStart(12)}  ${'reference'.padStart(12)}  ${'ratio'.padStart(6)}  budget`);
for (const f of figures) {
  const ref = f.reference ? show(f.reference.value, f.unit) : '';
  const ratio = f.reference?.value && f.value !== null ? `${(f.value / f.reference.value).toFixed(2)}x` : '';
  const notes = [f.reference?.what, f.note].filter(Boolean).join('; ');
  console.log(`${f.name.padEnd(w)}  ${show(f.value, f.unit).padStart(12)}  ${ref.padStart(12)}  ${ratio.padStart(6)}  ${f.budget}  ${f.ok === null ? '' : f.ok ? 'ok' : 'OVER'}${notes ? `  (${notes})` : ''}`);
}
writeFileSync(join(REPO, 'bench', 'results.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, figures }, null, 2) + '\n');
