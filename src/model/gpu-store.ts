// The GPU and host readings: the latest sample per GPU, a bounded history of utilisation,
// temperature, memory and power, the processes on each GPU, CPU/RAM, and why there are no readings when there are none.
import type { GpuProcess, GpuSample } from '../sources/nvidia-smi/query.js';

export type { GpuSample };
import { HEAT_OR_POWER } from '../sources/nvidia-smi/query.js';
import { Notifier } from './notifier.js';

export const HISTORY = 600;

export interface GpuHistory {
  /** Wall-clock ms of each sample, oldest first; at most HISTORY. */
  at: number[];
  util: (number | null)[];
  temp: (number | null)[];
  memMib: (number | null)[];
  powerW: (number | null)[];
}

export interface HostSample {
  cpu_pct: number | null;
  mem_used_bytes: number | null;
  mem_total_bytes: number | null;
}

export interface GpuState {
  readonly version: number;
  /** 'ok', 'waiting for the first sample', 'off (--no-gpu)', or why there is no reading. */
  readonly status: string;
  readonly gpus: readonly GpuSample[];
  readonly history: ReadonlyMap<number, GpuHistory>;
  readonly processes: readonly GpuProcess[];
  readonly host: HostSample | null;
  readonly lastSampleAt: number | null;
}

export class GpuStore {
  private state: GpuState = { version: 0, status: 'waiting for the first sample', gpus: [], history: new Map(), processes: [], host: null, lastSampleAt: null };
  private readonly notifier = new Notifier();
  readonly subscribe = this.notifier.subscribe;
  private history = new Map<number, GpuHistory>();

  get snapshot(): GpuState {
    return this.state;
  }

  private set(patch: Partial<GpuState>): void {
    this.state = { ...this.state, ...patch, version: this.state.version + 1 };
    this.notifier.changed();
  }

  setStatus(status: string): void {
    if (status !== this.state.status) this.set({ status });
  }

  /** One GPU's line. The sampler sends the lines of one interval together. */
  addSamples(samples: readonly GpuSample[], at: number): void {
    const gpus = [...this.state.gpus];
    for (const s of samples) {
      const i = gpus.findIndex((g) => g.index === s.index);
      if (i >= 0) gpus[i] = s;
      else gpus.push(s);
      let h = this.history.get(s.index);
      if (!h) {
        h = { at: [], util: [], temp: [], memMib: [], powerW: [] };
        this.history.set(s.index, h);
      }
      h.at.push(at);
      h.util.push(s.utilization_pct);
      h.temp.push(s.temperature_c);
      h.memMib.push(s.memory_used_mib);
      h.powerW.push(s.power_w);
      if (h.at.length > HISTORY) {
        for (const xs of [h.at, h.util, h.temp, h.memMib, h.powerW]) xs.shift();
      }
    }
    gpus.sort((a, b) => a.index - b.index);
    this.set({ gpus, history: this.history, status: 'ok', lastSampleAt: at });
  }

  setProcesses(processes: GpuProcess[]): void {
    this.set({ processes });
  }

  setHost(host: HostSample): void {
    this.set({ host });
  }
}

const STALE_AFTER_S = 10;

/** Whether the readings shown are old: nvidia-smi stopped, failed, or has not answered for a while. */
export function gpuStale(s: GpuState, now: number): { stale: boolean; ageSeconds: number | null } {
  const age = s.lastSampleAt !== null ? Math.max(0, (now - s.lastSampleAt) / 1000) : null;
  return { stale: s.gpus.length > 0 && (s.status !== 'ok' || (age !== null && age > STALE_AFTER_S)), ageSeconds: age };
}

export interface GpuAlert {
  gpu: number;
  message: string;
}

const HOT_C = 85;
const MEM_FULL = 0.95;
const IDLE_PCT = 10;
const IDLE_FOR_MS = 60_000;

/** Alerts in words. `trainingLive`: utilisation under 10% only matters while a run is training. */
export function gpuAlerts(s: GpuState, trainingLive: boolean, now: number): GpuAlert[] {
  const out: GpuAlert[] = [];
  for (const g of s.gpus) {
    if (g.temperature_c !== null && g.temperature_c >= HOT_C) out.push({ gpu: g.index, message: `GPU ${g.index} at ${g.temperature_c} °C` });
    const held = g.throttle.filter((t) => HEAT_OR_POWER.has(t));
    if (held.length) out.push({ gpu: g.index, message: `GPU ${g.index} throttled: ${held.join(', ').replace(/_/g, ' ')}` });
    if (g.memory_used_mib !== null && g.memory_total_mib && g.memory_used_mib / g.memory_total_mib > MEM_FULL) {
      out.push({ gpu: g.index, message: `GPU ${g.index} memory ${Math.round((g.memory_used_mib / g.memory_total_mib) * 100)}% full` });
    }
    const h = s.history.get(g.index);
    if (trainingLive && h && h.at.length > 1 && h.at[h.at.length - 1] - h.at[0] >= IDLE_FOR_MS) {
      let idle = true;
      for (let i = h.at.length - 1; i >= 0 && now - h.at[i] <= IDLE_FOR_MS; i--) {
        const u = h.util[i];
        if (u === null || u >= IDLE_PCT) idle = false;
      }
      if (idle) out.push({ gpu: g.index, message: `GPU ${g.index} under ${IDLE_PCT}% busy for a minute while training: input-bound or stalled?` });
    }
  }
  return out;
}
