// What the Ultralytics callback will still ship for a training (model/egress-schedule.ts) from its
// run folder as it is now, and the model artifact it logs at train end. An online run logs that
// artifact by request, which the `.wandb` log never holds (wandb-core writes no request to it): its
// files say it only by best.pt being there and the callback being at work (its media staged).
import { join } from 'node:path/posix';
import type { ArtifactInfo, Projected, StagedFile, WandbRunRef } from '../../model/egress.js';
import { projectSchedule } from '../../model/egress-schedule.js';
import { parseMediaName } from '../../sources/wandb/run-folder.js';
import { nameString } from '../fs/names.js';
import type { RunFs } from '../fs/run-fs.js';
import type { RunArgsCache } from './run-finder.js';

async function runFiles(fs: RunFs, runDir: string): Promise<Map<string, number>> {
  const files = new Map<string, number>();
  for (const [dir, prefix] of [[runDir, ''], [join(runDir, 'weights'), 'weights/']] as const) {
    for (const e of (await fs.readdir(dir)) ?? []) {
      if (e.kind !== 'file') continue;
      const name = nameString(e.name);
      const size = e.info?.size ?? (await fs.stat(join(dir, name)))?.size;
      // undefined: gone meanwhile
      if (size !== undefined) files.set(prefix + name, size);
    }
  }
  return files;
}

/** The artifact the callback logs at train end (wb.py on_train_end: `run_<id>_model`, type model, best.pt, alias best). */
function expectedModel(run: WandbRunRef, bytes: number): ArtifactInfo {
  return {
    name: `run_${run.id}_model`,
    type: 'model',
    aliases: ['best'],
    entries: [{ path: 'best.pt', size: bytes, digest: '', ref: null, localPath: null }],
    bytes,
    source: 'expected',
    note: 'logged by request, which the .wandb log does not hold: expected from weights/best.pt and the callback at work',
  };
}

export class Projection {
  /** After the run's end nothing more is scheduled: the last look is kept (a round trip each over ssh). */
  private ended: { projected: Projected[]; model: ArtifactInfo | null } | null = null;

  constructor(private readonly fs: RunFs, private readonly runDir: string, private readonly args: RunArgsCache) {}

  async read(run: WandbRunRef, files: readonly StagedFile[], exitCode: number | null): Promise<{ projected: Projected[]; model: ArtifactInfo | null }> {
    if (this.ended) return this.ended;
    const found = await runFiles(this.fs, this.runDir);
    // No args.yaml: the schedule is guessed without epochs.
    const args = (await this.args.read(this.runDir))?.args ?? null;
    const stagedKeys = new Set(files.flatMap((f) => {
      const m = parseMediaName(f.path);
      return m ? [m.key.split('/').pop() as string] : [];
    }));
    const best = found.get('weights/best.pt');
    // The callback is at work when it staged the training's media (their source files are here).
    const callback = files.some((f) => f.source !== null);
    const model = run.mode === 'online' && callback && best !== undefined && args?.privacyMode !== true ? expectedModel(run, best) : null;
    const projected = exitCode !== null ? [] : projectSchedule({ runFiles: found, stagedKeys, task: args?.task ?? null, epochs: args?.epochs ?? null, closeMosaic: args?.closeMosaic ?? null, plots: args?.plots ?? null });
    const out = { projected, model };
    if (exitCode !== null) this.ended = out;
    return out;
  }
}
