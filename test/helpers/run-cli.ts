import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { CLI } from './paths.js';

/** Runs the built CLI with stdout a pipe (so: snapshot mode). CI is unset: the tool must not depend on it. */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> {
  const env = { ...process.env, ...opts.env };
  delete env.CI;
  return spawnSync(process.execPath, [CLI, ...args], { cwd: opts.cwd, env, encoding: 'utf8', timeout: 30_000 });
}

const REPORT_RSS = new URL('./report-rss.mjs', import.meta.url).pathname;

/**
 * runCli with a deadline and the child's peak RSS (its VmHWM, as report-rss.mjs prints it on exit;
 * null when it died before). `status` is null when the deadline killed it.
 */
export function runCliMeasured(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): SpawnSyncReturns<string> & { peakMiB: number | null } {
  const env = { ...process.env, ...opts.env };
  delete env.CI;
  const r = spawnSync(process.execPath, ['--import', REPORT_RSS, CLI, ...args], { cwd: opts.cwd, env, encoding: 'utf8', timeout: opts.timeoutMs ?? 60_000, maxBuffer: 64 << 20 });
  const m = /\nmax-rss-kib (\d+)\n$/.exec(r.stderr ?? '');
  return { ...r, stderr: m ? r.stderr.slice(0, m.index) : r.stderr, peakMiB: m ? Number(m[1]) / 1024 : null };
}
