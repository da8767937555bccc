// Arguments -> one of the modes: live TUI, text snapshot, JSON snapshot; --help, --version, exit codes.
import { setTimeout as sleep } from 'node:timers/promises';
// Bundled: the version is in the build (the single executable has no package.json beside it).
import pkg from '../package.json' with { type: 'json' };
import { relative } from 'node:path';
import { parseCommandLine, USAGE, type Options } from './args.js';
import { PathError, resolveTargets, waitingTargets, type RunTarget, type Target } from './discover/targets.js';
import { RunSession } from './live/run-session.js';
import { currentRun, readOnce } from './live/open-run.js';
import type { EgressOptions } from './live/egress-reader.js';
import { emptyEgress } from './model/egress.js';
import { FollowPrinter } from './report/follow.js';
import { EXPORT_FAILED, EXPORT_OK, EXPORT_REFUSED, refusals, renderOutputs, writeOutputs } from './export-run.js';
import { auditJson, auditText } from './report/audit.js';
import { auditArtifacts, auditManifest } from './live/audit-manifest.js';
import { wrapText } from './report/wrap.js';
import { cleanLines, cleanText, safeJson } from './model/text.js';
import { describeWarning } from './model/warnings.js';
import { COLUMNS_CAPPED } from './model/run-store.js';
import { gpuAlerts } from './model/gpu-store.js';
import { comparable, runCard } from './model/run-card.js';
import { runJson, runText } from './report/run-report.js';
import { compareText } from './report/text-snapshot.js';
import { gpuJson, gpuText } from './report/gpu-report.js';
import { GpuSampler } from './live/gpu-sampler.js';
import { readRemoteHost, sampleHost } from './live/host-sampler.js';
import { gpuUrgent, throttledSource } from './live/throttled-source.js';
import { Heartbeat } from './live/heartbeat.js';
import { detectGraphics } from './ui/graphics/detect.js';
import { readImage } from './live/fs/read-image.js';
import { HostError, Hosts, type Placed } from './live/fs/hosts.js';
import { LocationError } from './live/fs/location.js';
import type { RunFs } from './live/fs/run-fs.js';
import { firstFrame, holdScreen, type HeldScreen } from './ui/first-frame.js';
import { KeysBeforeInk } from './ui/early-keys.js';

const HOST_EVERY_MS = 15_000;
/** How long the first frame waits for the runs' first read (a big file's read goes on behind it). */
const FIRST_FRAME_WAIT_MS = 150;
/**
 * The GPU panel is redrawn this often (at once when its status or an alert changes): a redraw
 * costs tens of ms and the readings come every second, so redrawing each would cost more than
 * the idle budget. --json --follow carries every reading.
 */
const REDRAW_MS = 20_000;
import type { GpuState } from './model/gpu-store.js';

export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdinIsTTY: boolean;
  cwd: string;
}

/** A message on stderr names paths and options as they were typed: they pass the sanitiser. */
function complain(io: Io, message: string): void {
  io.stderr.write(`aigp-watch: ${cleanText(message)}\n`);
}

/** --wandb-dir is a folder on the machine of the run; $WANDB_DIR only says something of this one. */
function egressOptions(options: Options, t: Target): EgressOptions {
  return { wandbDir: options.wandbDir, env: t.fs.host === null ? process.env.WANDB_DIR : undefined };
}

async function audit(targets: Target[], options: Options, io: Io): Promise<number> {
  const t = await currentRun(targets[0]);
  if (!t || t.format === 'tensorboard') {
    complain(io, `audit wants an Ultralytics run folder, a wandb folder or a wandb run folder${t ? ' (TensorBoard runs stage nothing for wandb by themselves)' : ''}`);
    return t ? 2 : 1;
  }
  const { egress } = await readOnce(t, egressOptions(options, t));
  const state = egress ?? emptyEgress();
  const now = Date.now();
  const training = t.format === 'ultralytics' ? t.runDir : null;
  const report = auditJson(t.runDir, state, await auditManifest(t.fs, state), now, await auditArtifacts(t.fs, state, training));
  io.stdout.write(options.json ? safeJson(report) + '\n' : cleanLines(auditText(report)));
  return 0;
}

/** --once and --json wait this long for nvidia-smi's first line (amd-smi's: the second figure). */
const FIRST_GPU_SAMPLE_MS = 2000;
const FIRST_AMD_SAMPLE_MS = 10_000;

async function gpuOnce(options: Options, fs: RunFs): Promise<GpuState | null> {
  if (options.gpuIntervalMs === null) return null;
  const sampler = new GpuSampler({ intervalMs: options.gpuIntervalMs, appsEveryMs: 0, fs });
  sampler.start();
  await sampler.firstSample(FIRST_GPU_SAMPLE_MS, FIRST_AMD_SAMPLE_MS);
  await Promise.all([sampler.queryAppsOnce(), sampler.migListed()]);
  await sampler.stop();
  const s = sampler.store.snapshot;
  if (!s.status.startsWith('waiting')) return s;
  const waited = s.tool === 'nvidia-smi' || s.tool === null ? FIRST_GPU_SAMPLE_MS : FIRST_AMD_SAMPLE_MS;
  return { ...s, status: `no reading from ${s.tool ?? 'nvidia-smi'} within ${waited / 1000} s${s.status.replace(/^waiting for the first sample/, '')}` };
}

async function snapshot(targets: Target[], options: Options, io: Io): Promise<number> {
  const found = (await Promise.all(targets.map(currentRun))).filter((t): t is RunTarget => t !== null);
  if (found.length === 0) {
    const where = targets.map((t) => (t.kind === 'follow' ? t.root : t.runDir)).join(' or ');
    complain(io, `no run at or under ${where} (looked for args.yaml, opt.yaml, results.csv and TensorBoard event files)`);
    return 1;
  }
  // The GPUs of each machine a run is on, read once each.
  const machines = [...new Set(found.map((t) => t.fs))];
  const [runs, gpus] = await Promise.all([Promise.all(found.map((t) => readOnce(t, egressOptions(options, t)))), Promise.all(machines.map((fs) => gpuOnce(options, fs)))]);
  const now = Date.now();
  const width = Math.max(40, Math.min(200, io.stdout.columns || Number(process.env.COLUMNS) || 100));
  const gpuFields = (gpu: GpuState | null) => (gpu ? gpuJson(gpu) : { gpu_status: 'off (--no-gpu)', gpus: [] });
  const cards = runs.map(({ run, egress }) => runCard({ run, egress, now }, options.totalTimesteps));
  const objects = cards.map((card, i) => {
    const t = found[i];
    const gpu = gpus[machines.indexOf(t.fs)];
    const o = runJson(card);
    const gpuWords = gpu ? gpuAlerts(gpu, false, now).map((a) => a.message) : [];
    // `run` names the host it is on (null: this machine) and the run as it was found.
    return { ...o, run: { ...o.run, name: t.label, host: t.fs.host }, ...gpuFields(gpu), alerts: [...o.alerts, ...gpuWords] };
  });
  if (options.json) {
    // Several machines: each one's GPUs under its name; the first machine's stay where they always were.
    const byMachine = machines.length > 1 ? { machines: machines.map((fs, i) => ({ machine: fs.host, ...gpuFields(gpus[i]) })) } : {};
    io.stdout.write(safeJson(objects.length === 1 ? objects[0] : { runs: objects, ...gpuFields(gpus[0]), ...byMachine }) + '\n');
  } else {
    const compared = options.paths.length > 1 ? comparable(cards) : [];
    const each = cards.map((card) => runText(card, width));
    const text = compared.length > 1 ? compareText(compared, each.map((t) => t.slice(0, t.indexOf('\n'))), width) : each.join('\n');
    const gpuLines = machines.map((fs, i) => { const g = gpus[i]; return g ? gpuText(g, now, fs.host) : ''; }).join('');
    io.stdout.write(wrapText(cleanLines(text + gpuLines), width));
  }
  return 0;
}

/** `export`: a PNG of the charts and/or the merged series as CSV (see export-run.ts). */
async function exportRun(targets: Target[], options: Options, io: Io): Promise<number> {
  const ex = options.export!;
  const t = await currentRun(targets[0]);
  if (!t || t.format === 'wandb') {
    complain(io, `export wants an Ultralytics or TensorBoard run${t ? '' : ' (none found there)'}`);
    return t ? 2 : 1;
  }
  const refused = refusals(t, ex);
  for (const why of refused) complain(io, why);
  if (refused.length) return EXPORT_REFUSED;
  const { run, egress } = await readOnce(t, egressOptions(options, t));
  if (run.format === 'wandb') return EXPORT_REFUSED;
  // What the export leaves out is said here too: the columns past the cap of a too-wide results.csv.
  for (const w of run.warnings) if (w.cause === COLUMNS_CAPPED) complain(io, describeWarning(w));
  let outputs;
  try {
    outputs = await renderOutputs(t, run, egress, ex, Date.now());
  } catch (err) {
    complain(io, `nothing written: the PNG could not be drawn: ${(err as Error).message}`);
    return EXPORT_FAILED;
  }
  if (typeof outputs === 'string') {
    complain(io, outputs);
    return EXPORT_REFUSED;
  }
  const { written, failed } = await writeOutputs(outputs, ex.force);
  for (const path of written) io.stdout.write(`wrote ${cleanText(path)}\n`);
  for (const why of failed) complain(io, why);
  if (failed.length && written.length) complain(io, `export incomplete: ${written.length} of ${outputs.length} files written`);
  return failed.length ? EXPORT_FAILED : EXPORT_OK;
}

/** One GPU sampler per machine the runs are on (none with --no-gpu). */
function samplers(targets: readonly Target[], options: Options): { fs: RunFs; sampler: GpuSampler }[] {
  if (options.gpuIntervalMs === null) return [];
  const intervalMs = options.gpuIntervalMs;
  return [...new Set(targets.map((t) => t.fs))].map((fs) => ({ fs, sampler: new GpuSampler({ intervalMs, fs }) }));
}

/** After SIGTERM, SIGINT or SIGHUP, --follow gives what it stops and what is still to be written this long. */
const FOLLOW_STOP_MS = 500;

/**
 * --json --follow: events on stdout until SIGTERM, SIGINT or SIGHUP (then exit 0), at once: what
 * the readers had not handed over is dropped, and a reader that does not read (a full pipe) is
 * not waited for beyond FOLLOW_STOP_MS (the last line it gets may then be cut).
 */
async function follow(targets: Target[], options: Options, io: Io, hosts: Hosts): Promise<number> {
  const out = io.stdout;
  const printer = new FollowPrinter({ write: (text) => out.write(text), drained: () => new Promise((done) => out.once('drain', done)) }, options.totalTimesteps);
  const watch = { poll: options.poll, pollIntervalMs: options.pollIntervalMs, records: printer };
  const sessions = targets.map((t) => new RunSession(t, watch, Date.now, egressOptions(options, t)));
  const gpus = samplers(targets, options);
  sessions.forEach((s, i) => s.subscribe(() => printer.session(i, s.getSnapshot())));
  for (const { fs, sampler } of gpus) sampler.store.subscribe(() => printer.gpu(sampler.store.snapshot, fs.host));
  // Listened for from the start: the first read of a long file waits on a slow reader, and a signal then must still end it cleanly.
  const stopped = new Promise<void>((done) => {
    for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(sig, () => done());
    io.stdout.on('error', () => done());
  });
  const started = Promise.all(sessions.map((s) => s.start())).then(() => {
    sessions.forEach((s, i) => printer.session(i, s.getSnapshot()));
    for (const { sampler } of gpus) sampler.start();
  });
  await Promise.race([started, stopped]);
  await stopped;
  printer.end();
  const stop = Promise.all([...sessions.map((s) => s.stop()), ...gpus.map(({ sampler }) => sampler.stop()), hosts.close()]);
  await Promise.race([stop.then(() => flushed(out)), sleep(FOLLOW_STOP_MS)]);
  // A pending write to a pipe nobody reads would keep this process alive for ever.
  if (out.writableLength > 0 && !out.destroyed) process.exit(0);
  return 0;
}

/** Resolves once everything written to `out` has left (or it failed): a reader gets whole lines, however slow. */
function flushed(out: NodeJS.WriteStream): Promise<void> {
  return new Promise((done) => {
    // A timer, not only the stream's events: stdout does not keep the process alive by itself.
    const check = setInterval(() => {
      if (out.writableLength === 0 || out.destroyed) {
        clearInterval(check);
        done();
      }
    }, 20);
  });
}

/**
 * What has been read, as text, on the screen before Ink is loaded (the screen is held from the
 * first one); null while nothing has been. Each run shown gets its share of the pane, as in the
 * dashboard, and only what fits it is made.
 */
function drawFirstFrame(sessions: readonly RunSession[], options: Options, out: NodeJS.WriteStream, held: HeldScreen | null): HeldScreen | null {
  const shown = sessions.map((s) => runCard(s.getSnapshot(), options.totalTimesteps)).filter((card) => card.hasData);
  if (shown.length === 0) return held;
  const width = out.columns || 80;
  const share = Math.max(3, Math.floor(((out.rows || 24) - 1) / shown.length));
  const text = shown.map((card) => wrapText(cleanLines(runText(card, width, share)), width).split('\n').slice(0, share).join('\n')).join('\n');
  held ??= holdScreen();
  out.write(firstFrame(text, out.rows || 24));
  return held;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseCommandLine(argv);
  if (parsed.kind === 'help') {
    io.stdout.write(USAGE + '\n');
    return 0;
  }
  if (parsed.kind === 'version') {
    io.stdout.write(pkg.version + '\n');
    return 0;
  }
  if (parsed.kind === 'error') {
    complain(io, parsed.message);
    io.stderr.write(`Try 'aigp-watch --help'.\n`);
    return 2;
  }
  const { options } = parsed;
  const hosts = new Hosts(io.cwd, { rsh: options.rsh, once: !(options.json && options.follow) && !live(options, io) });
  try {
    return await watchOrPrint(options, io, hosts);
  } finally {
    await hosts.close();
  }
}

/** Whether the mode is the live view (else one look, or --follow). */
function live(options: Options, io: Io): boolean {
  return !options.audit && !options.export && !options.once && !options.json && io.stdout.isTTY && io.stdinIsTTY;
}

/**
 * One look (--once, --json, audit, export) over ssh ends within a stated time whatever a host
 * does: a host that fails once it was reached (no whole reply in time, the connection gone, a
 * broken reply) ends it with exit 4 and what happened; what it sent over a cap is said.
 */
async function oneLook(mode: (io: Io) => Promise<number>, io: Io, hosts: Hosts): Promise<number> {
  // The look given up on goes on with what it is left (nothing): none of it may be printed.
  let open = true;
  const gate = (s: NodeJS.WriteStream) =>
    new Proxy(s, { get: (t, k) => (k === 'write' ? (...a: Parameters<typeof t.write>) => open && t.write(...a) : Reflect.get(t, k)) });
  try {
    return await Promise.race([mode({ ...io, stdout: gate(io.stdout), stderr: gate(io.stderr) }), hosts.failed]);
  } catch (err) {
    if (!(err instanceof HostError)) throw err;
    open = false;
    complain(io, err.message);
    return UNREACHABLE;
  } finally {
    for (const note of hosts.notes()) complain(io, note);
  }
}

/** Exit code: a host could not be reached (ssh's own words say why). */
const UNREACHABLE = 4;
/** The live view waits this long for a host to say what a PATH is, then starts waiting for it. */
const RESOLVE_WAIT_MS = 5000;

async function watchOrPrint(options: Options, io: Io, hosts: Hosts): Promise<number> {
  let targets: Target[];
  try {
    // Each host is reached before anything is drawn: ssh may ask for a password or a host key.
    const placed = await hosts.place(options.paths.length ? options.paths : [undefined]);
    // The live view does not wait on a host that answers badly: it starts, waiting for the PATH,
    // and the header says what the connection does.
    const resolved = (p: Placed) =>
      p.fs.host !== null && live(options, io) ? Promise.race([resolveTargets(p.fs, p.path), sleep(RESOLVE_WAIT_MS).then(() => waitingTargets(p.fs, p.path))]) : resolveTargets(p.fs, p.path);
    // A host that fails meanwhile (one look) says so, not "no run there".
    targets = (await Promise.race([Promise.all(placed.map(resolved)), hosts.failed])).flat();
  } catch (err) {
    if (err instanceof HostError) {
      complain(io, err.message);
      return UNREACHABLE;
    }
    if (err instanceof PathError || err instanceof LocationError) {
      complain(io, err.message);
      return 2;
    }
    throw err;
  }
  if (options.audit) return oneLook((out) => audit(targets, options, out), io, hosts);
  if (options.export) return oneLook((out) => exportRun(targets, options, out), io, hosts);
  if (options.json && options.follow) return follow(targets, options, io, hosts);
  if (!live(options, io)) return oneLook((out) => snapshot(targets, options, out), io, hosts);

  return watchLive(targets, options, io, hosts);
}

/** The TUI: the first frame as text, then Ink; keys act from the start, q and Ctrl-C quit even before Ink is loaded. */
async function watchLive(targets: Target[], options: Options, io: Io, hosts: Hosts): Promise<number> {
  // The GPU panel and the time-based text move on together: one frame per beat at idle.
  const beat = new Heartbeat(REDRAW_MS);
  const watch = { poll: options.poll, pollIntervalMs: options.pollIntervalMs, beat };
  const sessions = targets.map((t) => new RunSession(t, watch, Date.now, egressOptions(options, t)));
  const gpus = samplers(targets, options);
  const compare = options.paths.length > 1;
  // Keys are read raw from here on (not echoed over the first frame): q quits at once, the others act on Ink's first frame.
  const keys = new KeysBeforeInk(process.stdin);
  keys.start();
  let held: HeldScreen | null = null;
  const stopHosts: (() => void)[] = [];
  try {
    // The first frame waits for what is read quickly, never for a long read: that fills in behind it.
    const started = Promise.all(sessions.map((s) => s.start()));
    await Promise.race([started, sleep(FIRST_FRAME_WAIT_MS), keys.quit]);
    if (keys.quitting) return 0;
    held = drawFirstFrame(sessions, options, io.stdout, held);
    // A run whose first read took longer joins the frame once read, if Ink has not taken over by then.
    let inkHasIt = false;
    void started.then(() => {
      if (!inkHasIt && !keys.quitting) held = drawFirstFrame(sessions, options, io.stdout, held);
    }, () => undefined);
    // nvidia-smi is started after that frame: starting a process is time the frame would wait for.
    for (const { sampler } of gpus) sampler.start();
    stopHosts.push(...gpus.map(({ fs, sampler }) => sampleHost(sampler.store, HOST_EVERY_MS, fs.host === null ? undefined : readRemoteHost(fs))));
    // Ink is loaded once that frame is out: compiling it first would hold the frame back.
    const ui = import('./ui/run-tui.js');
    const remote = targets.some((t) => t.fs.host !== null);
    const how = options.poll || remote ? `polling every ${options.pollIntervalMs} ms${remote ? ' over ssh' : ''}` : 'file-system events';
    // With no PATH the project's own folders are named from it: "watching runs (newest run) and . (newest run)".
    const shown = (t: Target, dir: string) => (options.paths.length === 0 ? relative(t.fs.cwd, dir) || '.' : dir);
    const where = targets.map((t) => `${t.fs.host ? `${t.fs.host}:` : ''}${t.kind === 'run' ? shown(t, t.runDir) : `${shown(t, t.root)} (newest run)`}`).join(' and ');
    // A staged image is read on the machine of the wandb run it is in.
    const readImageAt = (path: string) => {
      const owner = sessions.find((x) => {
        const dir = x.getSnapshot().egress?.run?.dir;
        return dir !== undefined && path.startsWith(`${dir}/`);
      });
      return readImage(owner?.target.fs ?? hosts.here, path);
    };
    const loaded = await Promise.race([ui, keys.quit.then(() => null)]);
    if (loaded === null) {
      ui.catch(() => undefined);
      return 0;
    }
    const typed = keys.handOver();
    inkHasIt = true;
    held?.handOn();
    held = null;
    const gpu = gpus.map(({ fs, sampler }) => ({
      ...throttledSource(sampler.store, beat, gpuUrgent),
      label: fs.host ?? undefined,
    }));
    return await loaded.runTui(sessions, { note: `watching ${where} · ${how}`, totalTimesteps: options.totalTimesteps, gpu, bell: options.bell, compare, typed }, detectGraphics(process.env, options.images), readImageAt);
  } finally {
    // Quit before Ink: the terminal as it was (Ink gives it back itself).
    keys.end();
    held?.giveBack();
    for (const stop of stopHosts) stop();
    await Promise.all([...sessions.map((s) => s.stop()), ...gpus.map(({ sampler }) => sampler.stop())]);
  }
}
