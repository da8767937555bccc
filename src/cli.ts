// Arguments -> one of the modes: live TUI, text snapshot, JSON snapshot; --help, --version, exit codes.
import { readFileSync } from 'node:fs';
import { parseCommandLine, USAGE, type Options } from './args.js';
import { newestRunDir, PathError, resolveTarget, runTarget, type Target } from './discover/ultralytics.js';
import { UltralyticsReader } from './live/ultralytics-reader.js';
import { UltralyticsSession } from './live/ultralytics-session.js';
import { viewRun } from './model/run-view.js';
import { jsonSnapshot } from './report/json-snapshot.js';
import { textSnapshot } from './report/text-snapshot.js';

export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdinIsTTY: boolean;
  cwd: string;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

async function snapshot(target: Target, options: Options, io: Io): Promise<number> {
  let t = target;
  if (t.kind === 'follow') {
    const newest = newestRunDir(t.root);
    if (!newest) {
      io.stderr.write(`aigp-watch: no Ultralytics run at or under ${t.root} (looked for args.yaml, opt.yaml or results.csv)\n`);
      return 1;
    }
    t = runTarget(newest);
  }
  if (t.kind !== 'run') return 1;
  const reader = new UltralyticsReader({ runDir: t.runDir, csvPath: t.csvPath, label: t.label });
  await reader.sync(false);
  reader.flush(false);
  const run = reader.store.snapshot;
  const view = viewRun(run, Date.now());
  if (options.json) io.stdout.write(JSON.stringify(jsonSnapshot(run, view)) + '\n');
  else io.stdout.write(textSnapshot(run, view, Math.max(40, Math.min(200, io.stdout.columns || Number(process.env.COLUMNS) || 100))));
  return 0;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseCommandLine(argv);
  if (parsed.kind === 'help') {
    io.stdout.write(USAGE + '\n');
    return 0;
  }
  if (parsed.kind === 'version') {
    io.stdout.write(version() + '\n');
    return 0;
  }
  if (parsed.kind === 'error') {
    io.stderr.write(`aigp-watch: ${parsed.message}\nTry 'aigp-watch --help'.\n`);
    return 2;
  }
  const { options } = parsed;
  let target: Target;
  try {
    target = resolveTarget(options.path, io.cwd);
  } catch (err) {
    if (err instanceof PathError) {
      io.stderr.write(`aigp-watch: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (options.once || options.json || !io.stdout.isTTY || !io.stdinIsTTY) return snapshot(target, options, io);

  const session = new UltralyticsSession(target, { poll: options.poll, pollIntervalMs: options.pollIntervalMs });
  await session.start();
  const how = options.poll ? `polling every ${options.pollIntervalMs} ms` : 'file-system events';
  const where = target.kind === 'run' ? target.csvPath : `${target.root} (newest run)`;
  const { runTui } = await import('./ui/run-tui.js');
  try {
    return await runTui(session, `watching ${where} · ${how}`);
  } finally {
    await session.stop();
  }
}
