// What each results.csv column means, across Ultralytics eras and YOLOv5.
export type ColumnRole =
  | { kind: 'epoch' }
  | { kind: 'time' }
  | { kind: 'loss'; split: 'train' | 'val'; component: string }
  | { kind: 'metric'; metric: string; suffix: string | null }
  | { kind: 'lr'; group: string }
  | { kind: 'other' };

const METRIC_NAMES: Record<string, string> = {
  'mAP_0.5': 'mAP50',
  'mAP_0.5:0.95': 'mAP50-95',
  accuracy_top1: 'top1',
  accuracy_top5: 'top5',
};

export function columnRole(name: string): ColumnRole {
  const n = name.trim();
  if (n.toLowerCase() === 'epoch') return { kind: 'epoch' };
  if (n === 'time') return { kind: 'time' };
  let m = /^(train|val)\/(.+)$/.exec(n);
  if (m) return { kind: 'loss', split: m[1] as 'train' | 'val', component: m[2].replace(/_loss$/, '') };
  m = /^metrics\/(.+?)(?:\(([A-Z])\))?$/.exec(n);
  if (m) return { kind: 'metric', metric: METRIC_NAMES[m[1]] ?? m[1], suffix: m[2] ?? null };
  m = /^(?:lr\/pg|x\/lr)(\d+)$/.exec(n);
  if (m) return { kind: 'lr', group: `pg${m[1]}` };
  return { kind: 'other' };
}

/** Whether smaller (losses) or larger (metrics) is better; null when neither makes sense. */
export function betterDirection(role: ColumnRole): 'min' | 'max' | null {
  if (role.kind === 'loss') return 'min';
  if (role.kind === 'metric') return 'max';
  return null;
}

export const SUFFIX_NAMES: Record<string, string> = { B: 'box', M: 'mask', P: 'pose' };

/**
 * Ultralytics' model fitness for one row (what picks best.pt): classify averages top-1 and
 * top-5; every other task sums 0.1*mAP50 + 0.9*mAP50-95 over its metric suffixes (B, M, P).
 */
export function fitnessOf(roles: readonly ColumnRole[]): (row: ArrayLike<number>) => number | null {
  // Which columns count is worked out once per header: a 100,000-row file asks for every row.
  const at = new Map<string, number>();
  roles.forEach((r, i) => {
    if (r.kind === 'metric') at.set(`${r.metric}|${r.suffix ?? ''}`, i);
  });
  const top1 = at.get('top1|');
  const top5 = at.get('top5|');
  if (top1 !== undefined && top5 !== undefined) return (row) => finiteOrNull((row[top1] + row[top5]) / 2);
  const pairs: [number, number][] = [];
  for (const [key, i50] of at) {
    const [metric, suffix] = key.split('|');
    const i5095 = at.get(`mAP50-95|${suffix}`);
    if (metric === 'mAP50' && i5095 !== undefined) pairs.push([i50, i5095]);
  }
  if (!pairs.length) return () => null;
  return (row) => finiteOrNull(pairs.reduce((total, [i50, i5095]) => total + 0.1 * row[i50] + 0.9 * row[i5095], 0));
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
