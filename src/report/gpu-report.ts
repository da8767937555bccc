// The GPU readings in the JSON and text faces: the values of the last sample, why there are none,
// what the driver does not give, MIG instances, a GPU in trouble.
import type { GpuState } from '../model/gpu-store.js';
import { gpuAlerts } from '../model/gpu-store.js';
import { cleanText } from '../model/text.js';

/** The status on one line, as the panel shows it. */
const oneLine = (s: string) => cleanText(s.replace(/\s+/g, ' ').trim());

export function gpuJson(s: GpuState) {
  return {
    gpu_status: oneLine(s.status),
    gpu_tool: s.tool,
    gpu_missing_readings: s.missing,
    gpu_skipped_lines: { count: s.skipped.count, last: s.skipped.last === null ? null : oneLine(s.skipped.last) },
    gpus: s.gpus.map((g) => ({
      index: g.index,
      name: g.name,
      uuid: g.uuid,
      bus_id: g.bus_id,
      fault: g.fault,
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
      mig: g.mig === null ? null : { enabled: g.mig, instances: s.migInstances.get(g.index) ?? [] },
      processes: s.processes.filter((p) => p.gpu_uuid === g.uuid).map((p) => ({ pid: p.pid, name: p.name, used_memory_mib: p.used_memory_mib })),
    })),
    host: s.host,
  };
}

const v = (x: number | null, unit: string) => (x === null ? 'n/a' : `${x}${unit}`);
/** MiB as whole numbers: amd-smi's and rocm-smi's come from bytes. */
const mib = (x: number | null, unit = '') => v(x === null ? null : Math.round(x), unit);

/** `machine`: the host the GPUs are on, when not this machine. */
export function gpuText(s: GpuState, now: number, machine: string | null = null): string {
  const from = s.tool && s.tool !== 'nvidia-smi' ? ` (${s.tool})` : '';
  const out = ['', `GPU${machine ? ` ${cleanText(machine)}` : ''}${from}: ${oneLine(s.status)}`];
  if (s.missing.length) out.push(`  this driver gives no ${s.missing.join(', ')}`);
  for (const g of s.gpus) {
    if (g.fault !== null) {
      out.push(`  ${g.index}${g.name ? ` ${cleanText(g.name)}` : ''}: ${cleanText(g.fault)}, no readings`);
      continue;
    }
    const mig = g.mig ? `, MIG on (utilisation per instance): ${(s.migInstances.get(g.index) ?? []).map((m) => cleanText(m.profile)).join(', ') || 'no instances listed'}` : '';
    out.push(`  ${g.index} ${cleanText(g.name)}: util ${v(g.utilization_pct, '%')}, ${v(g.temperature_c, ' °C')}, memory ${mib(g.memory_used_mib)}/${mib(g.memory_total_mib, ' MiB')}, power ${v(g.power_w, '')}/${v(g.power_limit_w, ' W')}${g.throttle.length ? `, throttle: ${g.throttle.join(', ')}` : ''}${mig}`);
    for (const p of s.processes.filter((x) => x.gpu_uuid === g.uuid)) out.push(`      pid ${p.pid} ${cleanText(p.name)} ${mib(p.used_memory_mib, ' MiB')}`);
  }
  if (s.skipped.count) out.push(`  ${s.skipped.count} line(s) that were not readings skipped; the last: ${oneLine(s.skipped.last ?? '')}`);
  for (const a of gpuAlerts(s, false, now)) out.push(`  alert: ${a.message}`);
  return out.join('\n') + '\n';
}
