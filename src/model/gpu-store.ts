// The GPU and host readings: the latest sample per GPU, a bounded history of utilisation,
// temperature, memory and power, the processes on each GPU, CPU/RAM, what the driver does not
// give, and why there are no readings when there are none. Every snapshot is immutable: a new
// sample makes new history arrays for its GPU (copy-on-write), so a snapshot never changes after
// it was published and caches keyed by it stay right.
import type { GpuProcess, GpuSample } from '../sources/nvidia-smi/query.js';
import type { MigInstance } from '../sources/nvidia-smi/list.js';
import { HEAT_OR_POWER } from '../sources/nvidia-smi/query.js';
import { Notifier } from './notifier.js';

export type { GpuSample };

export const HISTORY = 600;

export interface GpuHistory {
  /** Wall-clock ms of each sample, oldest first; at most HISTORY. */
  readonly at: readonly number[];
  readonly util: readonly (number | null)[];
  readonly temp: readonly (number | null)[];
  readonly memMib: readonly (number | null)[];
  readonly powerW: readonly (number | null)[];
}

export interface HostSample {
  cpu_pct: number | null;
  mem_used_bytes: number | null;
  mem_total_bytes: number | null;
}

/** What gives the readings. */
export type GpuTool = 'nvidia-smi' | 'amd-smi' | 'rocm-smi';

export interface SkippedLines {
  /** Lines of the stream that were not rows (ECC/Xid events, messages), since the start. */
  count: number;
  /** The last of them, as printed. */
  last: string | null;
}

export interface GpuState {
  readonly version: number;
  /** 'ok', 'waiting for the first sample', 'off (--no-gpu)', or why there is no reading. */
  readonly status: string;
  readonly tool: GpuTool | null;
  readonly gpus: readonly GpuSample[];
  readonly history: ReadonlyMap<number, GpuHistory>;
  readonly processes: readonly GpuProcess[];
  readonly host: HostSample | null;
  readonly lastSampleAt: number | null;
  /** Readings this driver does not give (the fields it rejected), in words. */
  readonly missing: readonly string[];
  readonly skipped: SkippedLines;
  /** MIG instances by GPU index (nvidia-smi -L, read once at the start). */
  readonly migInstances: ReadonlyMap<number, readonly MigInstance[]>;
}

const EMPTY_HISTORY: GpuHistory = { at: [], util: [], temp: [], memMib: [], powerW: [] };

/** `h` with one sample more, the oldest dropped past HISTORY; `h` itself unchanged. */
function appended(h: GpuHistory, s: GpuSample, at: number): GpuHistory {
  const drop = h.at.length >= HISTORY ? h.at.length - HISTORY + 1 : 0;
  const add = <T,>(xs: readonly T[], x: T): T[] => {
    const out = xs.slice(drop);
    out.push(x);
    return out;
  };
  return { at: add(h.at, at), util: add(h.util, s.utilization_pct), temp: add(h.temp, s.temperature_c), memMib: add(h.memMib, s.memory_used_mib), powerW: add(h.powerW, s.power_w) };
}

/** A row that lost its name, UUID or bus id (a lost GPU's) keeps what the GPU was known as. */
function withIdentity(s: GpuSample, before: GpuSample | undefined): GpuSample {
  if (!before) return s;
  return { ...s, name: s.name || before.name, uuid: s.uuid ?? before.uuid, bus_id: s.bus_id ?? before.bus_id, mig: s.mig ?? before.mig };
}

export class GpuStore {
  private state: GpuState = {
    version: 0, status: 'waiting for the first sample', tool: null, gpus: [], history: new Map(), processes: [], host: null,
    lastSampleAt: null, missing: [], skipped: { count: 0, last: null }, migInstances: new Map(),
  };
  private readonly notifier = new Notifier();
  readonly subscribe = this.notifier.subscribe;

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

  setTool(tool: GpuTool | null): void {
    if (tool !== this.state.tool) this.set({ tool });
  }

  /** The GPUs of one interval, together. */
  addSamples(samples: readonly GpuSample[], at: number): void {
    const gpus = [...this.state.gpus];
    const history = new Map(this.state.history);
    for (const raw of samples) {
      const i = gpus.findIndex((g) => g.index === raw.index);
      const s = withIdentity(raw, i >= 0 ? gpus[i] : undefined);
      if (i >= 0) gpus[i] = s;
      else gpus.push(s);
      history.set(s.index, appended(history.get(s.index) ?? EMPTY_HISTORY, s, at));
    }
    gpus.sort((a, b) => a.index - b.index);
    this.set({ gpus, history, status: 'ok', lastSampleAt: at });
  }

  setProcesses(processes: GpuProcess[]): void {
    this.set({ processes });
  }

  setHost(host: HostSample): void {
    this.set({ host });
  }

  setMissing(missing: readonly string[]): void {
    if (missing.join('\n') !== this.state.missing.join('\n')) this.set({ missing: [...missing] });
  }

  /** A line of the stream that was not a row. */
  skip(line: string): void {
    this.set({ skipped: { count: this.state.skipped.count + 1, last: line } });
  }

  setMigInstances(byGpu: ReadonlyMap<number, readonly MigInstance[]>): void {
    this.set({ migInstances: byGpu });
  }
}

// The panel's readings are redrawn on a 20-s beat (cli.ts REDRAW_MS), so between beats what it
// shows is up to 20 s old by design; a silent tool is caught sooner by the sampler's watchdog,
// which changes the status (drawn at once).
const STALE_AFTER_S = 30;

/** Whether the readings shown are old: the tool stopped, failed, or has not answered for a while. */
export function gpuStale(s: GpuState, now: number): { stale: boolean; ageSeconds: number | null } {
  const age = s.lastSampleAt !== null ? Math.max(0, (now - s.lastSampleAt) / 1000) : null;
  return { stale: s.gpus.length > 0 && (s.status !== 'ok' || (age !== null && age > STALE_AFTER_S)), ageSeconds: age };
}

export type GpuAlertKind = 'fault' | 'hot' | 'throttled' | 'memory' | 'idle';

export interface GpuAlert {
  /** Stable while the condition lasts (the numbers in the message may change): `gpu:<index>:<kind>`. */
  key: string;
  gpu: number;
  kind: GpuAlertKind;
  message: string;
}

const HOT_C = 85;
const MEM_FULL = 0.95;
const IDLE_PCT = 10;
const IDLE_FOR_MS = 60_000;

/** Alerts in words. `trainingLive`: utilisation under 10% only matters while a run is training. */
export function gpuAlerts(s: GpuState, trainingLive: boolean, now: number): GpuAlert[] {
  const out: GpuAlert[] = [];
  const alert = (gpu: number, kind: GpuAlertKind, message: string) => out.push({ key: `gpu:${gpu}:${kind}`, gpu, kind, message });
  for (const g of s.gpus) {
    if (g.fault !== null) {
      alert(g.index, 'fault', `GPU ${g.index}: ${g.fault}, no readings from it${s.gpus.length > 1 ? ' (the others go on)' : ''}`);
      continue;
    }
    if (g.temperature_c !== null && g.temperature_c >= HOT_C) alert(g.index, 'hot', `GPU ${g.index} at ${g.temperature_c} °C`);
    const held = g.throttle.filter((t) => HEAT_OR_POWER.has(t));
    if (held.length) alert(g.index, 'throttled', `GPU ${g.index} throttled: ${held.join(', ').replace(/_/g, ' ')}`);
    if (g.memory_used_mib !== null && g.memory_total_mib && g.memory_used_mib / g.memory_total_mib > MEM_FULL) {
      alert(g.index, 'memory', `GPU ${g.index} memory ${Math.round((g.memory_used_mib / g.memory_total_mib) * 100)}% full`);
    }
    const h = s.history.get(g.index);
    if (trainingLive && h && h.at.length > 1 && h.at[h.at.length - 1] - h.at[0] >= IDLE_FOR_MS) {
      let idle = true;
      for (let i = h.at.length - 1; i >= 0 && now - h.at[i] <= IDLE_FOR_MS; i--) {
        const u = h.util[i];
        if (u === null || u >= IDLE_PCT) idle = false;
      }
      if (idle) alert(g.index, 'idle', `GPU ${g.index} under ${IDLE_PCT}% busy for a minute while training: input-bound or stalled?`);
    }
  }
  return out;
}

const alertKeyCache = new WeakMap<GpuState, string>();

/**
 * The set of alerts a snapshot raises (as if training were live, at its last sample), as one
 * string: two snapshots with the same keys show the same alerts. Cached per snapshot.
 */
export function gpuAlertKeys(s: GpuState): string {
  let keys = alertKeyCache.get(s);
  if (keys === undefined) {
    keys = gpuAlerts(s, true, s.lastSampleAt ?? 0).map((a) => a.key).join('|');
    alertKeyCache.set(s, keys);
  }
  return keys;
}
