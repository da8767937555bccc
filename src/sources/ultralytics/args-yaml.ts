// args.yaml (Ultralytics) or opt.yaml (YOLOv5): the few settings the header and the ETA need.
import { parseFlatYaml } from './flat-yaml.js';

export interface RunArgs {
  task: string | null;
  name: string | null;
  model: string | null;
  epochs: number | null;
  patience: number | null;
  closeMosaic: number | null;
  plots: boolean | null;
  saveDir: string | null;
  project: string | null;
  /** privacy_mode (newer Ultralytics): the W&B callback logs no model artifact. */
  privacyMode: boolean | null;
}

export const EMPTY_ARGS: RunArgs = {
  task: null, name: null, model: null, epochs: null, patience: null,
  closeMosaic: null, plots: null, saveDir: null, project: null, privacyMode: null,
};

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const count = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const flag = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);

/** An args.yaml is a few kB; a bigger one is no args.yaml, and is not parsed. */
export const MAX_RUN_ARGS_BYTES = 2 << 20;

/** Throws with a readable message when the text is not a YAML mapping, or is too big to be one. */
export async function parseRunArgs(source: string, yolov5 = false): Promise<RunArgs> {
  if (source.length > MAX_RUN_ARGS_BYTES) throw new Error(`${source.length} characters, over the ${MAX_RUN_ARGS_BYTES} cap`);
  // uniqueKeys compares every key with every other (50 s for a flat 2 MB mapping); the last one wins anyway.
  const doc: unknown = parseFlatYaml(source) ?? (await import('../yaml-full.js')).parse(source, { maxAliasCount: 100, uniqueKeys: false });
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new Error('not a YAML mapping');
  }
  const d = doc as Record<string, unknown>;
  return {
    task: text(d.task) ?? (yolov5 ? 'detect' : null),
    name: text(d.name),
    model: text(d.model) ?? text(d.weights) ?? text(d.cfg),
    epochs: count(d.epochs),
    patience: count(d.patience),
    closeMosaic: count(d.close_mosaic),
    plots: flag(d.plots) ?? (yolov5 ? !flag(d.noplots) : null),
    saveDir: text(d.save_dir),
    project: text(d.project),
    privacyMode: flag(d.privacy_mode),
  };
}
