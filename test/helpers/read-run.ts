import { UltralyticsReader } from '../../src/live/ultralytics-reader.js';
import type { RunState } from '../../src/model/run-store.js';
import { basename, dirname } from 'node:path';
import { LocalFs } from '../../src/live/fs/local-fs.js';

const LOCAL = new LocalFs();

/** Reads a results.csv (and its folder's args.yaml) once, as the snapshot does. */
export async function readRun(csvPath: string): Promise<RunState> {
  const reader = new UltralyticsReader({ fs: LOCAL, runDir: dirname(csvPath), csvPath, label: basename(csvPath) });
  await reader.sync(false);
  reader.flush(false);
  return reader.store.snapshot;
}

export function column(run: RunState, name: string): Float64Array {
  const i = run.columns.indexOf(name);
  if (i < 0) throw new Error(`no column ${name} in ${run.columns.join(',')}`);
  return run.values[i];
}
