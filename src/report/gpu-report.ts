// The GPU readings in the JSON and text faces: the values of the last nvidia-smi line.
import type { GpuState } from '../model/gpu-store.js';
import { gpuAlerts } from '../model/gpu-store.js';
import { cleanText } from '../model/text.js';

export function gpuJson(s: GpuState) {
  return {
    gpu_status: s.status,
    gpus: s.gpus.map((g) => ({
      index: g.index,
      name: g.name,
      uuid: g.uuid,
      utilization_pct: g.utilization_pct,
      temperature_c: g.temperature_c,
      memory_used_mib: g.memory_used_mib,
      memory_total_mib: g.memory_total_mib,
      power_w: g.power_w,
      power_limit_w: g.power_limit_w,
      fan_pct: g.fan_pct,
      clocks_sm_mhz: g.clocks_sm_mhz,
      clocks_mem_mhz: g.clocks_mem_mhz,
      throttle: g.throttle,
      processes: s.processes.filter((p) => p.gpu_uuid === g.uuid).map((p) => ({ pid: p.pid, name: p.name, used_memory_mib: p.used_memory_mib })),
    })),
    host: s.host,
  };
}

const v = (x: number | null, unit: string) => (x === null ? 'n/a' : `${x}${unit}`);

/** `machine`: the host the GPUs are on, when not this machine. */
export function gpuText(s: GpuState, now: number, machine: string | null = null): string {
  const out = ['', `GPU${machine ? ` ${cleanText(machine)}` : ''}: ${cleanText(s.status)}`];
  for (const g of s.gpus) {
    out.push(`  ${g.index} ${cleanText(g.name)}: util ${v(g.utilization_pct, '%')}, ${v(g.temperature_c, ' °C')}, memory ${v(g.memory_used_mib, '')}/${v(g.memory_total_mib, ' MiB')}, power ${v(g.power_w, '')}/${v(g.power_limit_w, ' W')}${g.throttle.length ? `, throttle: ${g.throttle.join(', ')}` : ''}`);
    for (const p of s.processes.filter((x) => x.gpu_uuid === g.uuid)) out.push(`      pid ${p.pid} ${cleanText(p.name)} ${v(p.used_memory_mib, ' MiB')}`);
  }
  for (const a of gpuAlerts(s, false, now)) out.push(`  alert: ${a.message}`);
  return out.join('\n') + '\n';
}
