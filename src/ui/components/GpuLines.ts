// The GPU panel's and the GPU detail's lines of numbers, pure: columns as wide as their widest
// value, so numbers line up and are never cut. Where a line is too wide, whole columns go (the
// sparkline first), or a shorter form of one is used (power without its limit); never half a number.
import type { GpuState } from '../../model/gpu-store.js';
import type { GpuSample } from '../../sources/nvidia-smi/query.js';
import { sparkline } from '../../model/tb-panels.js';
import { cleanText } from '../../model/text.js';

const GIB = 1024;

const whole = (v: number | null, unit = ''): string => (v === null ? 'n/a' : `${Math.round(v)}${unit}`);
const gib = (mib: number | null, digits: number): string => (mib === null ? 'n/a' : (mib / GIB).toFixed(digits));

export function shortName(name: string): string {
  return cleanText(name).replace(/^NVIDIA\s+/, '').replace(/^GeForce\s+/, '').replace(/^AMD\s+/, '');
}

const spark = (xs: readonly (number | null)[] | undefined, w: number) => sparkline((xs ?? []).map((v) => v ?? NaN), w);

/** A MIG GPU gives no utilisation of its own: "MIG" says why, where a number would be. */
const util = (g: GpuSample) => (g.utilization_pct === null && g.mig ? 'MIG' : whole(g.utilization_pct, '%'));

export interface Column {
  id: string;
  /** The cell of each form, longest first. */
  forms: ((g: GpuSample, s: GpuState) => string)[];
  align: 'left' | 'right';
}

/** Ways to make a line narrower, in the order they are tried: a shorter form, else drop the column. */
export type Narrowing = { shorten: string } | { drop: string };

export interface FittedColumns {
  columns: { id: string; form: number; width: number; align: 'left' | 'right' }[];
  width: number;
}

/**
 * The columns for `gpus` in `width`: each as wide as its widest cell; narrowed step by step
 * until they fit (or nothing is left to narrow: then the caller's line is as short as it gets).
 */
export function fitColumns(all: readonly Column[], narrowings: readonly Narrowing[], gpus: readonly GpuSample[], s: GpuState, width: number, sep = 1): FittedColumns {
  const form = new Map(all.map((c) => [c.id, 0]));
  const measure = (): FittedColumns => {
    const columns = all.filter((c) => form.has(c.id)).map((c) => {
      const f = form.get(c.id)!;
      const w = Math.max(0, ...gpus.map((g) => (g.fault === null ? [...c.forms[f](g, s)].length : 0)));
      return { id: c.id, form: f, width: w, align: c.align };
    }).filter((c) => c.width > 0 || c.id === 'index');
    return { columns, width: columns.reduce((a, c) => a + c.width, 0) + sep * Math.max(0, columns.length - 1) };
  };
  let fitted = measure();
  for (const step of narrowings) {
    if (fitted.width <= width) break;
    if ('drop' in step) form.delete(step.drop);
    else {
      const c = all.find((x) => x.id === step.shorten);
      if (c && form.has(c.id) && form.get(c.id)! + 1 < c.forms.length) form.set(c.id, form.get(c.id)! + 1);
    }
    fitted = measure();
  }
  return fitted;
}

/** One GPU's cells in the fitted columns; a GPU in trouble says so after its index instead. */
export function drawColumns(all: readonly Column[], fitted: FittedColumns, g: GpuSample, s: GpuState, sep = 1): string {
  const cells = fitted.columns.map((c) => {
    const text = all.find((x) => x.id === c.id)!.forms[c.form](g, s);
    return c.align === 'right' ? text.padStart(c.width) : text.padEnd(c.width);
  });
  if (g.fault !== null) return `${cells[0]}${' '.repeat(sep)}${cleanText(g.fault)}`;
  return cells.join(' '.repeat(sep));
}

/** The compact form: several GPUs side by side (8 fit 80x24). */
export const COMPACT_COLUMNS: readonly Column[] = [
  { id: 'index', forms: [(g) => String(g.index)], align: 'right' },
  { id: 'util', forms: [util], align: 'right' },
  { id: 'temp', forms: [(g) => whole(g.temperature_c, '°C')], align: 'right' },
  { id: 'mem', forms: [(g) => `${gib(g.memory_used_mib, 0)}/${gib(g.memory_total_mib, 0)}G`], align: 'right' },
  { id: 'power', forms: [(g) => `${whole(g.power_w)}/${whole(g.power_limit_w)}W`, (g) => `${whole(g.power_w)}W`], align: 'right' },
  { id: 'spark', forms: [(g, s) => spark(s.history.get(g.index)?.util, 4)], align: 'left' },
];

export const COMPACT_NARROWING: readonly Narrowing[] = [{ drop: 'spark' }, { shorten: 'power' }, { drop: 'temp' }, { drop: 'power' }];

/** The wide form: one GPU a line, with its name, sparklines and processes. */
export const WIDE_COLUMNS: readonly Column[] = [
  { id: 'index', forms: [(g) => String(g.index)], align: 'right' },
  { id: 'name', forms: [(g) => shortName(g.name).slice(0, 18)], align: 'left' },
  { id: 'util', forms: [(g) => `util ${util(g)}`], align: 'left' },
  { id: 'utilSpark', forms: [(g, s) => spark(s.history.get(g.index)?.util, 12)], align: 'left' },
  { id: 'temp', forms: [(g) => whole(g.temperature_c, '°C')], align: 'right' },
  { id: 'tempSpark', forms: [(g, s) => spark(s.history.get(g.index)?.temp, 8)], align: 'left' },
  { id: 'mem', forms: [(g) => `mem ${gib(g.memory_used_mib, 1)}/${gib(g.memory_total_mib, 1)} GiB${memPct(g)}`], align: 'left' },
  { id: 'power', forms: [(g) => `${whole(g.power_w)}/${whole(g.power_limit_w)} W`, (g) => `${whole(g.power_w)} W`], align: 'right' },
  { id: 'fan', forms: [(g) => (g.fan_pct === null ? '' : `fan ${g.fan_pct}%`)], align: 'left' },
];

export const WIDE_NARROWING: readonly Narrowing[] = [{ drop: 'fan' }, { drop: 'tempSpark' }, { shorten: 'power' }, { drop: 'utilSpark' }, { drop: 'name' }];

function memPct(g: GpuSample): string {
  return g.memory_used_mib !== null && g.memory_total_mib ? ` ${Math.round((g.memory_used_mib / g.memory_total_mib) * 100)}%` : '';
}

/** A GPU's processes, as many whole names as fit in `width` (a name is cut only when it is the only one). */
export function processText(g: GpuSample, s: GpuState, width: number): string {
  const procs = s.processes.filter((p) => p.gpu_uuid === g.uuid).map((p) => `${cleanText(p.name).split('/').pop()} ${gib(p.used_memory_mib, 1)}G`);
  let out = '';
  for (const [i, p] of procs.entries()) {
    const next = out ? `${out}, ${p}` : p;
    const more = procs.length - i - 1;
    if ([...next].length + (more ? ` +${more}`.length : 0) > width) return out ? `${out} +${procs.length - i}` : [...p].slice(0, Math.max(0, width - 1)).join('') + '…';
    out = next;
  }
  return out;
}

/** The detail's table: every reading of every GPU as a whole number, a line each. */
export const TABLE_COLUMNS: readonly Column[] = [
  { id: 'index', forms: [(g) => String(g.index)], align: 'right' },
  { id: 'name', forms: [(g) => shortName(g.name).slice(0, 24)], align: 'left' },
  { id: 'util', forms: [util], align: 'right' },
  { id: 'temp', forms: [(g) => whole(g.temperature_c, '°C')], align: 'right' },
  { id: 'mem', forms: [(g) => `${gib(g.memory_used_mib, 1)}/${gib(g.memory_total_mib, 1)} GiB`, (g) => `${gib(g.memory_used_mib, 0)}/${gib(g.memory_total_mib, 0)}G`], align: 'right' },
  { id: 'power', forms: [(g) => `${whole(g.power_w)}/${whole(g.power_limit_w)} W`, (g) => `${whole(g.power_w)}/${whole(g.power_limit_w)}W`], align: 'right' },
  { id: 'clocks', forms: [(g) => (g.clocks_sm_mhz === null ? '' : `${g.clocks_sm_mhz} MHz`)], align: 'right' },
  { id: 'throttle', forms: [(g) => g.throttle.join(' ').replace(/_/g, ' ')], align: 'left' },
];

export const TABLE_NARROWING: readonly Narrowing[] = [{ drop: 'throttle' }, { drop: 'clocks' }, { shorten: 'mem' }, { shorten: 'power' }, { drop: 'name' }];
