// Names inside a local wandb folder: run folders, staged media files, and what each staged file is.
import type { YamlMap } from '../yaml/yaml-mapping.js';

export interface RunFolderName {
  id: string;
  mode: 'online' | 'offline';
  /** Local time the run started, as written in the name (ms, taken as UTC: only for ordering and overlap). */
  startedAt: number;
}

const RUN_DIR = /^(offline-)?run-(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})-([a-z0-9]+)$/;

export function parseRunFolderName(name: string): RunFolderName | null {
  const m = RUN_DIR.exec(name);
  if (!m) return null;
  const [, off, y, mo, d, h, mi, s, id] = m;
  return { id, mode: off ? 'offline' : 'online', startedAt: Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) };
}

/** `media/images/<key>_<step>_<sha256[:20]>.<ext>`: the key (a / makes a subfolder), step and hash. */
export function parseMediaName(relPath: string): { key: string; step: number; sha20: string; ext: string } | null {
  const m = /^media\/(?:images|videos|audio)\/(.+)_(\d+)_([0-9a-f]{20})\.(\w+)$/.exec(relPath.replace(/\\/g, '/'));
  return m ? { key: m[1], step: Number(m[2]), sha20: m[3], ext: m[4] } : null;
}

export const CATEGORIES = [
  'training mosaics', 'close-mosaic batches', 'validation labels', 'validation predictions', 'label statistics',
  'curves and confusion matrices', 'results plot', 'tables', 'console log', 'config and metadata', 'code and patches', 'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

const META = new Set(['config.yaml', 'wandb-summary.json', 'wandb-metadata.json', 'requirements.txt', 'conda-environment.yaml', 'wandb-job.json']);

/** What a file under a run's files/ folder is, from the Ultralytics callback's names. */
export function categorize(relPath: string): Category {
  const p = relPath.replace(/\\/g, '/');
  const media = parseMediaName(p);
  if (media) {
    const key = media.key.split('/').pop() ?? media.key;
    if (/^train_batch[012]$/.test(key)) return 'training mosaics';
    if (/^train_batch\d+$/.test(key)) return 'close-mosaic batches';
    if (/^val_batch\d+_labels$/.test(key)) return 'validation labels';
    if (/^val_batch\d+_pred$/.test(key)) return 'validation predictions';
    if (key === 'labels' || key === 'labels_correlogram') return 'label statistics';
    if (/curve$/i.test(key) || /^confusion_matrix/.test(key)) return 'curves and confusion matrices';
    if (key === 'results') return 'results plot';
    return 'other';
  }
  if (p.startsWith('media/table/') || p.endsWith('.table.json')) return 'tables';
  if (p === 'output.log') return 'console log';
  if (META.has(p)) return 'config and metadata';
  if (p.startsWith('code/') || p.endsWith('.patch')) return 'code and patches';
  return 'other';
}

/** wandb's files/config.yaml, read two levels deep: every key is `{desc, value}`. Returns key -> value. */
export function configValues(doc: YamlMap): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of doc) if (v instanceof Map && v.has('value')) out.set(k, v.get('value'));
  return out;
}
