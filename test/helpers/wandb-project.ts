// A project folder as the Ultralytics wandb callback leaves it: runs/detect/apex (two epochs, its
// plots) and wandb/run-…-abcd1234 staging copies of them, matched by save_dir.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './paths.js';

export async function wandbProject(t: Parameters<typeof tempDir>[0]): Promise<{ root: string; run: string }> {
  const { replayCallback } = await import('../../fixtures/wandb/replay-callback.js');
  const { argsYaml, DETECT_COLUMNS, resultsCsv } = await import('../../fixtures/ultralytics/results-writer.js');
  const root = tempDir(t);
  const run = join(root, 'runs', 'detect', 'apex');
  mkdirSync(run, { recursive: true });
  writeFileSync(join(run, 'args.yaml'), argsYaml({ name: 'apex', epochs: 2, saveDir: 'runs/detect/apex' }));
  writeFileSync(join(run, 'results.csv'), resultsCsv('v8.3', DETECT_COLUMNS, 2));
  for (const f of ['labels.jpg', 'train_batch0.jpg', 'val_batch0_pred.jpg', 'results.png']) writeFileSync(join(run, f), Buffer.alloc(1000 + f.length, f));
  await replayCallback({ ultralyticsRun: run, wandbDir: join(root, 'wandb'), id: 'abcd1234', epochs: 2, saveDir: 'runs/detect/apex', name: 'apex', stepMs: 0 });
  return { root, run };
}
