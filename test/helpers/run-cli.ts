import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { CLI } from './paths.js';

/** Runs the built CLI with stdout a pipe (so: snapshot mode). CI is unset: the tool must not depend on it. */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> {
  const env = { ...process.env, ...opts.env };
  delete env.CI;
  return spawnSync(process.execPath, [CLI, ...args], { cwd: opts.cwd, env, encoding: 'utf8', timeout: 30_000 });
}
