// args.yaml (Ultralytics) or opt.yaml (YOLOv5): the few settings the header and the ETA need,
// read by the bounded YAML reader (its top-level scalars only: nothing nested is looked into).
import { readYamlMapping, Unread } from '../yaml/yaml-mapping.js';

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
  /** Keys the tool reads whose values were there in a form it does not read ("epochs (an alias)"). */
  unread?: readonly string[];
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

/** The keys read (Ultralytics' own, and YOLOv5's weights/cfg/noplots). */
const KEYS = new Set(['task', 'name', 'model', 'weights', 'cfg', 'epochs', 'patience', 'close_mosaic', 'plots', 'noplots', 'save_dir', 'project', 'privacy_mode']);

/** Throws with a readable message when the text is not a YAML mapping, or is too big to be one. */
export function parseRunArgs(source: string, yolov5 = false): RunArgs {
  if (source.length > MAX_RUN_ARGS_BYTES) throw new Error(`${source.length} characters, over the ${MAX_RUN_ARGS_BYTES} cap`);
  const d = readYamlMapping(source, { prefer: KEYS }).values;
  const unread = [...KEYS].flatMap((k) => {
    const v = d.get(k);
    return v instanceof Unread ? [`${k} (${v.what})`] : [];
  });
  return {
    task: text(d.get('task')) ?? (yolov5 ? 'detect' : null),
    name: text(d.get('name')),
    model: text(d.get('model')) ?? text(d.get('weights')) ?? text(d.get('cfg')),
    epochs: count(d.get('epochs')),
    patience: count(d.get('patience')),
    closeMosaic: count(d.get('close_mosaic')),
    plots: flag(d.get('plots')) ?? (yolov5 ? !flag(d.get('noplots')) : null),
    saveDir: text(d.get('save_dir')),
    project: text(d.get('project')),
    privacyMode: flag(d.get('privacy_mode')),
    ...(unread.length ? { unread } : {}),
  };
}
