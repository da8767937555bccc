// CPU and RAM of this machine, from Node's own os module. (systeminformation's currentLoad()
// runs `cat /proc/stat | grep cpu` through a shell with execSync on Linux, blocking the loop
// every sample: most of this tool's idle CPU. os.cpus() gives the same counters without a shell,
// and os.freemem() is MemAvailable, which systeminformation's mem().active is total less.)
import { cpus, freemem, totalmem } from 'node:os';
import type { GpuStore } from '../model/gpu-store.js';
import { parseProcReadings } from '../sources/proc/proc-readings.js';
import type { RunFs } from './fs/run-fs.js';

export interface CpuTimes {
  busy: number;
  total: number;
}

/** Busy and total time of every core together since boot (ms). */
export function cpuTimes(list: readonly { times: { user: number; nice: number; sys: number; idle: number; irq: number } }[] = cpus()): CpuTimes {
  let busy = 0;
  let total = 0;
  for (const { times: t } of list) {
    const all = t.user + t.nice + t.sys + t.idle + t.irq;
    total += all;
    busy += all - t.idle;
  }
  return { busy, total };
}

/** Share of the machine busy between two readings, in %; null when no time passed. */
export function cpuPercent(before: CpuTimes, after: CpuTimes): number | null {
  const dt = after.total - before.total;
  if (!(dt > 0)) return null;
  return Math.min(100, Math.max(0, ((after.busy - before.busy) / dt) * 100));
}

export interface HostReadings {
  times: () => CpuTimes;
  free: () => number;
  total: () => number;
}

const OS: HostReadings = { times: () => cpuTimes(), free: freemem, total: totalmem };

export function sampleHost(store: GpuStore, everyMs: number, read: HostReadings = OS, firstMs = 300): () => void {
  let last = read.times();
  const tick = () => {
    const now = read.times();
    const total = read.total();
    store.setHost({ cpu_pct: cpuPercent(last, now), mem_used_bytes: total - read.free(), mem_total_bytes: total });
    last = now;
    timer = setTimeout(tick, everyMs);
    timer.unref();
  };
  let timer = setTimeout(tick, firstMs);
  timer.unref();
  return () => clearTimeout(timer);
}

/**
 * CPU and RAM of a remote host: /proc read there by one short command each time (Linux; on another
 * system the panel simply shows none).
 */
export function sampleRemoteHost(store: GpuStore, fs: RunFs, everyMs: number, firstMs = 300): () => void {
  let last: CpuTimes | null = null;
  let stopped = false;
  const tick = async () => {
    const text = await fs.runCommand('cat', ['/proc/stat', '/proc/meminfo'], 5000);
    const r = text === null ? null : parseProcReadings(text);
    if (stopped) return;
    if (r) {
      const now = { busy: r.busy, total: r.total };
      store.setHost({ cpu_pct: last ? cpuPercent(last, now) : null, mem_used_bytes: r.memTotalBytes - r.memAvailableBytes, mem_total_bytes: r.memTotalBytes });
      last = now;
    }
    timer = setTimeout(() => void tick(), everyMs);
    timer.unref();
  };
  let timer = setTimeout(() => void tick(), firstMs);
  timer.unref();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
