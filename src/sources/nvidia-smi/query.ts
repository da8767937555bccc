// nvidia-smi's CSV query output (--format=csv,noheader,nounits): one line per GPU per interval.
// Pure parsing; `[N/A]` and `[Not Supported]` become null, never 0.

export const GPU_FIELDS = [
  'index', 'uuid', 'name', 'temperature.gpu', 'utilization.gpu', 'memory.used', 'memory.total',
  'power.draw', 'power.limit', 'clocks_throttle_reasons.active', 'fan.speed', 'clocks.sm', 'clocks.mem',
] as const;

export const APP_FIELDS = ['gpu_uuid', 'pid', 'process_name', 'used_memory'] as const;

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
}

export interface GpuProcess {
  gpu_uuid: string;
  pid: number;
  name: string;
  used_memory_mib: number | null;
}

/** NVML's clocksThrottleReasons bits. */
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

const NOT_AVAILABLE = /^\[(N\/A|Not Supported|Unknown Error|Insufficient Permissions|GPU is lost)\]$|^N\/A$/i;

function num(raw: string): number | null {
  const s = raw.trim();
  if (s === '' || NOT_AVAILABLE.test(s)) return null;
  const v = Number(s);
  if (!Number.isFinite(v)) throw new Error(`not a number: '${s}'`);
  return v;
}

export function throttleReasons(raw: string): string[] {
  const s = raw.trim();
  if (NOT_AVAILABLE.test(s) || s === '') return [];
  const bits = Number(s);
  if (!Number.isFinite(bits)) throw new Error(`not a throttle bitmask: '${s}'`);
  return THROTTLE_BITS.filter(([bit]) => (bits & bit) !== 0).map(([, name]) => name);
}

/** One line of the GPU query; throws with the reason when the line is not one. */
export function parseGpuLine(line: string): GpuSample {
  const f = line.split(',').map((x) => x.trim());
  // A name could hold a comma: the fields around it are fixed, so take it as what is left.
  if (f.length < GPU_FIELDS.length) throw new Error(`${f.length} fields, expected ${GPU_FIELDS.length}`);
  const extra = f.length - GPU_FIELDS.length;
  const name = f.slice(2, 3 + extra).join(', ');
  const rest = f.slice(3 + extra);
  const index = num(f[0]);
  if (index === null || !Number.isInteger(index)) throw new Error(`not a GPU index: '${f[0]}'`);
  return {
    index,
    uuid: NOT_AVAILABLE.test(f[1]) ? null : f[1],
    name,
    temperature_c: num(rest[0]),
    utilization_pct: num(rest[1]),
    memory_used_mib: num(rest[2]),
    memory_total_mib: num(rest[3]),
    power_w: num(rest[4]),
    power_limit_w: num(rest[5]),
    throttle: throttleReasons(rest[6]),
    fan_pct: num(rest[7]),
    clocks_sm_mhz: num(rest[8]),
    clocks_mem_mhz: num(rest[9]),
  };
}

export function parseAppLine(line: string): GpuProcess {
  const f = line.split(',').map((x) => x.trim());
  if (f.length < 4) throw new Error(`${f.length} fields, expected 4`);
  const pid = Number(f[1]);
  if (!Number.isInteger(pid)) throw new Error(`not a pid: '${f[1]}'`);
  return { gpu_uuid: f[0], pid, name: f.slice(2, -1).join(','), used_memory_mib: num(f[f.length - 1]) };
}
