// nvidia-smi's CSV query output (--format=csv,noheader,nounits): one line per GPU per interval,
// its columns those of the query (fields.ts). Pure parsing. Any bracketed value (`[N/A]`,
// `[Not Supported]`, `[Unknown Error]`, `[GPU is lost]`, …) and a bare `N/A` is "no reading":
// null, never 0, and never a reason to reject the row.
import { APP_FIELDS, GPU_FIELDS, type AppKey, type GpuKey } from './fields.js';

export interface GpuSample {
  index: number;
  uuid: string | null;
  name: string;
  temperature_c: number | null;
  utilization_pct: number | null;
  memory_used_mib: number | null;
  memory_total_mib: number | null;
  power_w: number | null;
  power_limit_w: number | null;
  /** Active clock throttle reasons, by name ("gpu_idle" excluded: an idle GPU is not throttled). */
  throttle: string[];
  fan_pct: number | null;
  clocks_sm_mhz: number | null;
  clocks_mem_mhz: number | null;
  /** PCI bus id as nvidia-smi prints it (00000000:3B:00.0), where known. */
  bus_id: string | null;
  /** MIG mode: true on, false off, null where the GPU has none or the driver does not say. */
  mig: boolean | null;
  /** The GPU itself is in trouble: nvidia-smi's words ("GPU is lost", "GPU requires reset"), else null. */
  fault: string | null;
}

export interface GpuProcess {
  gpu_uuid: string;
  pid: number;
  name: string;
  used_memory_mib: number | null;
}

/** NVML's clocksThrottleReasons (clocksEventReasons) bits. */
const THROTTLE_BITS: [number, string][] = [
  [0x2, 'applications_clocks_setting'],
  [0x4, 'sw_power_cap'],
  [0x8, 'hw_slowdown'],
  [0x10, 'sync_boost'],
  [0x20, 'sw_thermal_slowdown'],
  [0x40, 'hw_thermal_slowdown'],
  [0x80, 'hw_power_brake_slowdown'],
  [0x100, 'display_clock_setting'],
];

/** The throttle reasons that mean the GPU is held back by heat or power. */
export const HEAT_OR_POWER = new Set(['sw_power_cap', 'hw_slowdown', 'sw_thermal_slowdown', 'hw_thermal_slowdown', 'hw_power_brake_slowdown']);

/** Values that say the GPU, not just one reading, is gone. */
const FAULTS = /^\[(GPU is lost|GPU requires reset)\]$/i;

/**
 * The GPU's own trouble: a lost or reset value anywhere, or every reading an error (a row of
 * `[Unknown Error]` where one GPU of several failed).
 */
function faultOf(values: string[]): string | null {
  const lost = values.find((x) => FAULTS.test(x.trim()));
  if (lost) return lost.trim().slice(1, -1);
  if (!values.length || !values.every(noReading)) return null;
  const error = values.map((x) => x.trim()).find((x) => /^\[/.test(x) && !/^\[(N\/A|Not Supported)\]$/i.test(x));
  return error ? error.slice(1, -1) : null;
}

/** No reading: empty, any bracketed text, or a bare N/A. */
export function noReading(raw: string): boolean {
  const s = raw.trim();
  return s === '' || /^\[[^\]]*\]$/.test(s) || /^N\/A$/i.test(s);
}

function num(raw: string | undefined): number | null {
  if (raw === undefined || noReading(raw)) return null;
  const s = raw.trim();
  const v = Number(s);
  if (s === '' || !Number.isFinite(v)) throw new Error(`not a number: '${s}'`);
  return v;
}

const text = (raw: string | undefined): string | null => (raw === undefined || noReading(raw) ? null : raw.trim());

export function throttleReasons(raw: string | undefined): string[] {
  if (raw === undefined || noReading(raw)) return [];
  const s = raw.trim();
  const bits = Number(s);
  if (!Number.isFinite(bits)) throw new Error(`not a throttle bitmask: '${s}'`);
  return THROTTLE_BITS.filter(([bit]) => (bits & bit) !== 0).map(([, name]) => name);
}

/** The first 13 columns: what lines written for tests and older captures carry. */
export const CORE_COLUMNS: readonly GpuKey[] = GPU_FIELDS.slice(0, 13).map((f) => f.key);

/**
 * Splits a row into its columns. A name can hold a comma: the columns around it are fixed, so
 * it takes what is left over.
 */
function split<K extends string>(line: string, columns: readonly K[], free: K): Map<K, string> {
  // nvidia-smi separates with ", ": a comma inside a value (a process's arguments) stays in it.
  const f = line.split(', ').map((x) => x.trim());
  if (f.length < columns.length) throw new Error(`${f.length} fields, expected ${columns.length}`);
  const extra = f.length - columns.length;
  const at = columns.indexOf(free);
  const out = new Map<K, string>();
  columns.forEach((key, i) => {
    if (at < 0 || i < at) out.set(key, f[i]);
    else if (i === at) out.set(key, f.slice(i, i + extra + 1).join(', '));
    else out.set(key, f[i + extra]);
  });
  if (at < 0 && extra > 0) throw new Error(`${f.length} fields, expected ${columns.length}`);
  return out;
}

/**
 * One GPU's line; throws with the reason when the line is not one. `fallbackIndex`: the GPU a row
 * is taken to be when its index is no reading (the row's place in its interval).
 */
export function parseGpuRow(line: string, columns: readonly GpuKey[], fallbackIndex?: number): GpuSample {
  const v = split(line, columns, 'name');
  const rawIndex = v.get('index');
  let index: number | null;
  if (rawIndex !== undefined && noReading(rawIndex) && fallbackIndex !== undefined) index = fallbackIndex;
  else {
    index = num(rawIndex);
    if (index === null || !Number.isInteger(index)) throw new Error(`not a GPU index: '${rawIndex ?? ''}'`);
  }
  const fault = faultOf([...v].filter(([k]) => k !== 'index').map(([, x]) => x));
  const mig = text(v.get('mig'));
  return {
    index,
    uuid: text(v.get('uuid')),
    name: text(v.get('name')) ?? '',
    temperature_c: num(v.get('temperature')),
    utilization_pct: num(v.get('utilization')),
    memory_used_mib: num(v.get('memoryUsed')),
    memory_total_mib: num(v.get('memoryTotal')),
    power_w: num(v.get('power')),
    power_limit_w: num(v.get('powerLimit')),
    throttle: throttleReasons(v.get('throttle')),
    fan_pct: num(v.get('fan')),
    clocks_sm_mhz: num(v.get('clocksSm')),
    clocks_mem_mhz: num(v.get('clocksMem')),
    bus_id: text(v.get('busId')),
    mig: mig === null ? null : /^enabled$/i.test(mig),
    fault,
  };
}

/** A line of the first 13 columns (CORE_COLUMNS). */
export const parseGpuLine = (line: string): GpuSample => parseGpuRow(line, CORE_COLUMNS);

export const APP_COLUMNS: readonly AppKey[] = APP_FIELDS.map((f) => f.key);

/** One compute process; throws when the line is not one ("No running processes found"). */
export function parseAppRow(line: string, columns: readonly AppKey[]): GpuProcess {
  const v = split(line, columns, 'processName');
  const pid = Number(v.get('pid'));
  if (!Number.isInteger(pid)) throw new Error(`not a pid: '${v.get('pid')}'`);
  return { gpu_uuid: v.get('gpuUuid') ?? '', pid, name: v.get('processName') ?? '', used_memory_mib: num(v.get('usedMemory')) };
}

/** A line of the four process columns in their first names (APP_COLUMNS). */
export const parseAppLine = (line: string): GpuProcess => parseAppRow(line, APP_COLUMNS);
