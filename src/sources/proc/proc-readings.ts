// A Linux machine's CPU counters and memory from /proc/stat and /proc/meminfo as `cat` prints
// them one after the other (what a remote host is asked for: no Node there).

export interface ProcReadings {
  /** Busy and total jiffies of all cores together since boot. */
  busy: number;
  total: number;
  memTotalBytes: number;
  memAvailableBytes: number;
}

/** null when the text is not what Linux writes there (another system, or garbage). */
export function parseProcReadings(text: string): ProcReadings | null {
  const cpu = /^cpu\s+([\d\s]+)$/m.exec(text);
  const memTotal = /^MemTotal:\s+(\d+) kB$/m.exec(text);
  const memAvailable = /^MemAvailable:\s+(\d+) kB$/m.exec(text);
  if (!cpu || !memTotal || !memAvailable) return null;
  // user nice system idle iowait irq softirq steal (guest time is already in user and nice).
  const f = cpu[1].trim().split(/\s+/).slice(0, 8).map(Number);
  if (f.length < 4 || f.some((x) => !Number.isFinite(x))) return null;
  const total = f.reduce((a, b) => a + b, 0);
  const idle = f[3] + (f[4] ?? 0);
  return { busy: total - idle, total, memTotalBytes: Number(memTotal[1]) * 1024, memAvailableBytes: Number(memAvailable[1]) * 1024 };
}
