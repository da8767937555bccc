// Command-line arguments to options. Pure: returns what to do or a usage error.
import { parseArgs } from 'node:util';
import { splitCommandLine } from './live/fs/ssh/rsh.js';
import { parseImagesMode, type ImagesMode } from './ui/graphics/detect.js';

export interface Options {
  path: string | undefined;
  /** Several PATHs: their runs are compared on the same charts. */
  paths: string[];
  once: boolean;
  json: boolean;
  poll: boolean;
  pollIntervalMs: number;
  totalTimesteps: number | null;
  /** null: --no-gpu */
  gpuIntervalMs: number | null;
  wandbDir: string | null;
  /** `aigp-watch audit PATH`: the egress manifest. */
  audit: boolean;
  bell: boolean;
  /** --json --follow: newline-delimited JSON events until stopped. */
  follow: boolean;
  /** --images: pictures of the focused chart (`i`) where the terminal can. */
  images: ImagesMode;
  /** `aigp-watch export PATH --png FILE [--csv FILE]` */
  export: ExportOptions | null;
  /** -e/--rsh: the command that reaches a host (default: ssh from PATH). */
  rsh: string | null;
}

export interface ExportOptions {
  png: string | null;
  csv: string | null;
  metrics: string[] | null;
  width: number;
  height: number;
  /** --force: replace an existing output file (never a symlink, never a file the export reads). */
  force: boolean;
}

export type Parsed = { kind: 'help' } | { kind: 'version' } | { kind: 'run'; options: Options } | { kind: 'error'; message: string };

export const USAGE = `Usage: aigp-watch [PATH ...] [options]

Watch live ML training in the terminal: Ultralytics YOLO runs (results.csv)
and TensorBoard runs (Stable-Baselines3 PPO, or any event files).

PATH    an Ultralytics or YOLOv5 run folder (runs/detect/apex_yolo11n,
        runs/train/exp) or its results.csv; a TensorBoard run folder
        (tb_apex/PPO_3) or one event file; or a folder of runs (runs/detect,
        output/apex_policy/tb_apex): the newest run is shown, and a newer one
        is followed when it starts.
        Without PATH: the current folder if it is a run, else both phases on
        screen, live or not: Ultralytics runs under ./runs and TensorBoard runs
        anywhere below; a PATH that holds ./runs is such a project root too.
        A PATH that does not exist yet is waited for.
        Several PATHs are compared: the same metric of each run on one chart,
        a colour per run.
        [user@]host:PATH is PATH on another machine, read over your own ssh
        (its ~/.ssh/config, agent, jump hosts); the host needs only sh,
        coreutils and, for the GPU panel, nvidia-smi (or amd-smi). Write a
        local path with a colon as ./a:b.
        A host must answer within 20 s (of ssh's last question, where it asks
        for a password) and each reply within 30 s (or keep coming at
        16 KiB/s); --once, --json, audit and export then end with exit 4 and
        what happened, the live view reconnects (1 s doubling to 30 s).
        Replies are capped: the first at 16 KiB, a listing at 32 MiB, a line
        at 64 KiB (more is passed over, and said).

       aigp-watch export PATH [--png FILE] [--csv FILE] [--metrics a,b]
                             [--width W --height H] [--force]
          the charts as a PNG image (chart.js), the series as CSV (one row
          per epoch/step); each file written whole (a temporary file, then
          renamed); never into the run's folder, through a symlink, twice,
          or over an existing file without --force
       aigp-watch audit PATH [--json] [--wandb-dir DIR]
          every file the matched wandb run staged for upload (path, category,
          bytes, sha256, step, source file), totals, and what the schedule
          will still ship

Options
  --once               print a plain-text snapshot and exit (the default when
                       stdout is not a terminal)
  --json               print one JSON object and exit (its fields:
                       docs/REFERENCE.md, JSON)
  --json --follow      print one JSON event per line as things happen (epoch,
                       scalar, gpu, egress, status, warning, alert) until
                       stopped
  --poll               poll files instead of waiting for file-system events
                       (network file systems: NFS, SSHFS, SMB)
  --poll-interval MS   polling period with --poll (default 1000, at least 100)
  --total-timesteps N  the PPO run's total_timesteps: a progress bar, an ETA
  --gpu-interval MS    nvidia-smi sampling period (default 1000, at least 100)
  --no-gpu             no GPU panel (nvidia-smi is not started)
  --images MODE        auto (default), on or off: \`i\` shows the focused chart
                       as a picture in kitty, Ghostty, iTerm2 and WezTerm
                       (detected from the environment); braille inside
                       tmux/screen and where not detected; on: the terminal is
                       kitty-compatible though not detected (SSH)
  --no-bell            no terminal bell when an alert appears (a NaN loss, a
                       stall, the end)
  --wandb-dir DIR      the wandb folder to match the run against (default:
                       $WANDB_DIR/wandb, <run dir>/wandb, the nearest wandb/
                       above the run or here)
  -e, --rsh COMMAND    how to reach a host (default: ssh), as rsync:
                       -e 'ssh -p 2222' (split like a shell line, quotes
                       balanced; nothing is expanded)
  -h, --help           show this help
  -v, --version        show the version

Keys in the live view: q quit, ? help, tab focus chart, s smoothing,
l log-y, o ignore outliers, ←/→ x range, i chart as picture, g GPU detail,
e staged-file list, c the runs an unconfirmed W&B run may be.

Exit codes: 0 ok; 1 nothing to show (--once/--json/export found no run);
2 bad option or path, or export refused an output (nothing written);
3 export could not draw or write a file (what was written and what was not
is said); 4 a host could not be reached, or failed during one look (--once,
--json, audit, export): what happened is said.`;

export function parseCommandLine(argv: readonly string[]): Parsed {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        once: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        poll: { type: 'boolean', default: false },
        'poll-interval': { type: 'string' },
        'total-timesteps': { type: 'string' },
        'gpu-interval': { type: 'string' },
        'no-gpu': { type: 'boolean', default: false },
        'wandb-dir': { type: 'string' },
        'no-bell': { type: 'boolean', default: false },
        images: { type: 'string' },
        follow: { type: 'boolean', default: false },
        png: { type: 'string' },
        csv: { type: 'string' },
        metrics: { type: 'string' },
        width: { type: 'string' },
        height: { type: 'string' },
        force: { type: 'boolean', default: false },
        rsh: { type: 'string', short: 'e' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (err) {
    return { kind: 'error', message: (err as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  if (values.follow && !values.json) return { kind: 'error', message: '--follow goes with --json' };
  const audit = positionals[0] === 'audit';
  const exporting = positionals[0] === 'export';
  if (audit || exporting) positionals.shift();
  if (exporting && positionals.length !== 1) return { kind: 'error', message: 'export wants one PATH' };
  if (exporting && !values.png && !values.csv) return { kind: 'error', message: 'export wants --png FILE and/or --csv FILE' };
  if (values.force && !exporting) return { kind: 'error', message: '--force goes with export' };
  const size = (name: 'width' | 'height', dflt: number): number | string => {
    const raw = values[name];
    if (raw === undefined) return dflt;
    const n = Number(raw);
    return Number.isInteger(n) && n >= 200 && n <= 8000 ? n : `--${name} wants whole pixels, 200 to 8000 (got '${raw}')`;
  };
  const width = size('width', 1600);
  if (typeof width === 'string') return { kind: 'error', message: width };
  const height = size('height', 1000);
  if (typeof height === 'string') return { kind: 'error', message: height };
  if (audit && positionals.length !== 1) return { kind: 'error', message: 'audit wants one PATH: a run folder, a wandb folder or a wandb run folder' };
  if ((audit || exporting) && positionals.length > 1) return { kind: 'error', message: `one PATH, got ${positionals.length}` };
  const millis = (name: 'poll-interval' | 'gpu-interval'): number | string => {
    const raw = values[name];
    if (raw === undefined) return 1000;
    const n = Number(raw);
    return Number.isInteger(n) && n >= 100 ? n : `--${name} wants whole milliseconds, at least 100 (got '${raw}')`;
  };
  const pollIntervalMs = millis('poll-interval');
  if (typeof pollIntervalMs === 'string') return { kind: 'error', message: pollIntervalMs };
  const gpuIntervalMs = millis('gpu-interval');
  if (typeof gpuIntervalMs === 'string') return { kind: 'error', message: gpuIntervalMs };
  if (values.rsh !== undefined) {
    try {
      splitCommandLine(values.rsh);
    } catch (err) {
      return { kind: 'error', message: `-e/--rsh: ${(err as Error).message}` };
    }
  }
  const images = parseImagesMode(values.images);
  if (images === null) return { kind: 'error', message: `--images wants auto, on or off (got '${values.images}')` };
  let totalTimesteps: number | null = null;
  if (values['total-timesteps'] !== undefined) {
    const n = Number(values['total-timesteps'].replace(/_/g, ''));
    if (!Number.isSafeInteger(n) || n <= 0) return { kind: 'error', message: `--total-timesteps wants a whole number above 0 (got '${values['total-timesteps']}')` };
    totalTimesteps = n;
  }
  return {
    kind: 'run',
    options: {
      path: positionals[0], paths: positionals, once: values.once, json: values.json, poll: values.poll, pollIntervalMs, totalTimesteps,
      gpuIntervalMs: values['no-gpu'] ? null : gpuIntervalMs,
      wandbDir: values['wandb-dir'] ?? null,
      audit,
      bell: !values['no-bell'],
      images,
      follow: values.follow,
      rsh: values.rsh ?? null,
      export: exporting ? { png: values.png ?? null, csv: values.csv ?? null, metrics: values.metrics ? values.metrics.split(',').map((m) => m.trim()).filter(Boolean) : null, width, height, force: values.force } : null,
    },
  };
}
