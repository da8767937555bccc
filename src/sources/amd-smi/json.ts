// amd-smi's JSON (`amd-smi metric|static|process --json`), as ROCm 6.1 to 7.x print it. Pure.
// ROCm 6.1–6.3 print a list of per-GPU objects; later versions wrap it as {"gpu_data": [...]}
// (process output stays a list). A reading is {"value": n, "unit": "…"}, or "N/A".
import type { GpuProcess, GpuSample } from '../nvidia-smi/query.js';

type Json = unknown;

const isObject = (x: Json): x is Record<string, Json> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The per-GPU objects of any amd-smi JSON answer; throws when it is not one. */
export function gpuEntries(text: string): Record<string, Json>[] {
  let data: Json;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`not JSON: ${(err as Error).message}`);
  }
  const list = Array.isArray(data) ? data : isObject(data) && Array.isArray(data.gpu_data) ? data.gpu_data : null;
  if (!list) throw new Error('no list of GPUs in it');
  return list.filter(isObject).filter((e) => Number.isInteger(e.gpu));
}

const TO_MIB: Record<string, number> = { B: 2 ** -20, KB: 2 ** -10, MB: 1, GB: 2 ** 10 };
const TO_W: Record<string, number> = { W: 1, mW: 1e-3, uW: 1e-6 };

/** A reading in `scale`'s units: {"value": 42, "unit": "%"} or a bare number; "N/A" and the unknown are null. */
function reading(x: Json, scale?: Record<string, number>): number | null {
  const value = isObject(x) ? x.value : x;
  const v = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(v)) return null;
  if (!scale) return v;
  const unit = isObject(x) && typeof x.unit === 'string' ? x.unit : null;
  const factor = unit === null ? null : scale[unit];
  return factor === undefined || factor === null ? null : v * factor;
}

const at = (x: Json, ...path: string[]): Json => path.reduce<Json>((o, k) => (isObject(o) ? o[k] : undefined), x);

export interface AmdStatic {
  name: string | null;
  power_limit_w: number | null;
  bus_id: string | null;
}

/** `amd-smi static -a -b -l --json`: each GPU's name, power limit and bus, by GPU id. */
export function parseAmdStatic(text: string): Map<number, AmdStatic> {
  const out = new Map<number, AmdStatic>();
  for (const e of gpuEntries(text)) {
    const name = at(e, 'asic', 'market_name');
    // 6.x: limit.socket_power (the cap now in force); later: limit.ppt0.socket_power_limit.
    const limit = reading(at(e, 'limit', 'socket_power'), TO_W) ?? reading(at(e, 'limit', 'ppt0', 'socket_power_limit'), TO_W);
    const bdf = at(e, 'bus', 'bdf');
    out.set(e.gpu as number, {
      name: typeof name === 'string' && name !== 'N/A' ? name : null,
      power_limit_w: limit,
      bus_id: typeof bdf === 'string' && bdf !== 'N/A' ? bdf : null,
    });
  }
  return out;
}

/**
 * `amd-smi metric -u -p -t -m --json`: utilisation (gfx_activity), temperature (hotspot, else
 * edge), VRAM used and total, socket power. What static said fills the name and the limit.
 */
export function parseAmdMetric(text: string, statics: ReadonlyMap<number, AmdStatic> = new Map()): GpuSample[] {
  return gpuEntries(text).map((e) => {
    const index = e.gpu as number;
    const s = statics.get(index);
    return {
      index,
      uuid: amdGpuKey(index),
      name: s?.name ?? `AMD GPU ${index}`,
      temperature_c: reading(at(e, 'temperature', 'hotspot')) ?? reading(at(e, 'temperature', 'edge')),
      utilization_pct: reading(at(e, 'usage', 'gfx_activity')),
      memory_used_mib: reading(at(e, 'mem_usage', 'used_vram'), TO_MIB),
      memory_total_mib: reading(at(e, 'mem_usage', 'total_vram'), TO_MIB),
      power_w: reading(at(e, 'power', 'socket_power'), TO_W),
      power_limit_w: s?.power_limit_w ?? null,
      throttle: [],
      fan_pct: null,
      clocks_sm_mhz: null,
      clocks_mem_mhz: null,
      bus_id: s?.bus_id ?? null,
      mig: null,
      fault: null,
    };
  });
}

/**
 * `amd-smi process --json`: each GPU's processes, with their VRAM. A GPU without any lists
 * {"process_info": "No running processes detected"}. Processes are tied to a GPU by its id
 * (`gpu_uuid` is "amd:<id>", as is the GPU's `uuid`): amd-smi's metrics carry no UUID.
 */
export function parseAmdProcesses(text: string): GpuProcess[] {
  const out: GpuProcess[] = [];
  for (const e of gpuEntries(text)) {
    const list = Array.isArray(e.process_list) ? e.process_list : [];
    for (const item of list) {
      const p = at(item, 'process_info');
      if (!isObject(p) || !Number.isInteger(p.pid)) continue;
      const vram = reading(at(p, 'memory_usage', 'vram_mem'), TO_MIB) ?? reading(p.mem_usage, TO_MIB);
      out.push({ gpu_uuid: amdGpuKey(e.gpu as number), pid: p.pid as number, name: typeof p.name === 'string' ? p.name : '', used_memory_mib: vram });
    }
  }
  return out;
}

/** How an AMD GPU's processes find it (GpuSample.uuid where amd-smi gives none). */
export const amdGpuKey = (index: number) => `amd:${index}`;
