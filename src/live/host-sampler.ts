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

/** One reading of a machine: its CPU counters and its memory; null when there is none to be had. */
export interface HostReading {
  times: CpuTimes;
  totalBytes: number;
  freeBytes: number;
}

export type ReadHost = () => HostReading | null | Promise<HostReading | null>;

const readThisMachine: ReadHost = () => ({ times: cpuTimes(), totalBytes: totalmem(), freeBytes: freemem() });

/**
 * A remote host's: /proc read there by one short command each time (Linux; on another system the
 * panel simply shows none).
 */
export function readRemoteHost(fs: RunFs): ReadHost {
  return async () => {
    const text = await fs.runCommand('cat', ['/proc/stat', '/proc/meminfo'], 5000);
    const r = text === null ? null : parseProcReadings(text);
    return r && { times: { busy: r.busy, total: r.total }, totalBytes: r.memTotalBytes, freeBytes: r.memAvailableBytes };
  };
}

/** CPU and RAM into the store every `everyMs`, CPU as the share busy since the reading before. */
export function sampleHost(store: GpuStore, everyMs: number, read: ReadHost = readThisMachine, firstMs = 300): () => void {
  let last: CpuTimes | null = null;
  let stopped = false;
  const tick = async () => {
    const r = await read();
    if (stopped) return;
    if (r) {
      store.setHost({ cpu_pct: last ? cpuPercent(last, r.times) : null, mem_used_bytes: r.totalBytes - r.freeBytes, mem_total_bytes: r.totalBytes });
      last = r.times;
    }
    timer = setTimeout(() => void tick(), everyMs);
    timer.unref();
  };
  // The counters at the start: the first reading already says how busy the machine was since.
  void Promise.resolve(read()).then((r) => (last ??= r?.times ?? null));
  let timer = setTimeout(() => void tick(), firstMs);
  timer.unref();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
