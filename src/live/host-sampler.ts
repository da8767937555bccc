// CPU and RAM of this machine, from systeminformation (loaded on first use: it is large, and
// the first frame should not wait for it).
import type { GpuStore } from '../model/gpu-store.js';

export function sampleHost(store: GpuStore, everyMs: number): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const tick = async () => {
    try {
      const si = (await import('systeminformation')).default;
      const [load, mem] = await Promise.all([si.currentLoad(), si.mem()]);
      if (!stopped) store.setHost({ cpu_pct: Number.isFinite(load.currentLoad) ? load.currentLoad : null, mem_used_bytes: mem.active, mem_total_bytes: mem.total });
    } catch {
      // No host figures on this platform: the panel leaves them out.
    }
    if (!stopped) {
      timer = setTimeout(tick, everyMs);
      timer.unref();
    }
  };
  timer = setTimeout(tick, 300);
  timer.unref();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
