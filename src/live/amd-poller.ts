// The GPU readings of an AMD box: where there is no nvidia-smi, `amd-smi metric --json` (ROCm 6+)
// or, before it, `rocm-smi --json`, run periodically where the files are. One run at a time, each
// with a deadline; the next starts an interval after the last ended. amd-smi's names and power
// limits come from one `amd-smi static` at the start, its processes from `amd-smi process` when
// the sampler asks. (amd-smi's own watch mode printed no JSON before 2026, so it is not used.)
import { parseAmdMetric, parseAmdProcesses, parseAmdStatic, type AmdStatic } from '../sources/amd-smi/json.js';
import { parseRocmSmi } from '../sources/rocm-smi/json.js';
import type { GpuSample } from '../sources/nvidia-smi/query.js';
import type { GpuStore, GpuTool } from '../model/gpu-store.js';
import type { RunFs } from './fs/run-fs.js';
import { runOnce, type RunResult } from './run-once.js';
import { toolSaid } from './tool-words.js';

export interface AmdPollerOptions {
  intervalMs: number;
  /** How long one run may take before it is stopped. */
  timeoutMs?: number;
  clock?: () => number;
}

/** amd-smi starts a Python interpreter: at most one run every 2 s. */
const MIN_PERIOD_MS = 2000;
const DEFAULT_TIMEOUT_MS = 10_000;

const AMD_SMI_METRIC = ['metric', '-u', '-p', '-t', '-m', '--json'];
const AMD_SMI_STATIC = ['static', '-a', '-b', '-l', '--json'];
const AMD_SMI_PROCESS = ['process', '--json'];
const ROCM_SMI = ['-u', '-t', '-P', '-M', '--showmeminfo', 'vram', '--showproductname', '--json'];

interface Tool {
  name: Extract<GpuTool, 'amd-smi' | 'rocm-smi'>;
  args: readonly string[];
  parse(text: string): GpuSample[];
}

export class AmdPoller {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private tool: Tool | null = null;
  private statics: ReadonlyMap<number, AmdStatic> = new Map();
  private readonly period: number;
  private readonly timeoutMs: number;
  private readonly clock: () => number;

  constructor(private readonly fs: RunFs, private readonly store: GpuStore, opts: AmdPollerOptions) {
    this.period = Math.max(MIN_PERIOD_MS, opts.intervalMs);
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.clock = opts.clock ?? Date.now;
  }

  /**
   * Looks for amd-smi, then rocm-smi, and starts polling the first found, whose first answer
   * is in the store when this resolves. False: neither is there.
   */
  async start(): Promise<boolean> {
    const amd: Tool = { name: 'amd-smi', args: AMD_SMI_METRIC, parse: (text) => parseAmdMetric(text, this.statics) };
    const rocm: Tool = { name: 'rocm-smi', args: ROCM_SMI, parse: parseRocmSmi };
    for (const tool of [amd, rocm]) {
      if (this.stopped) return false;
      const first = await runOnce(this.fs, tool.name, tool.args, this.timeoutMs);
      if (first.notFound) continue;
      this.tool = tool;
      this.store.setTool(tool.name);
      if (tool.name === 'amd-smi') await this.readStatic();
      this.take(first);
      this.schedule();
      return true;
    }
    return false;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.poll(), this.period);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    const tool = this.tool;
    if (!tool || this.stopped) return;
    this.take(await runOnce(this.fs, tool.name, tool.args, this.timeoutMs));
    this.schedule();
  }

  /** One run's answer into the store: readings, or why there are none. */
  private take(r: RunResult): void {
    const tool = this.tool!;
    if (r.code !== 0 || r.timedOut) {
      this.store.setStatus(toolSaid(tool.name, r));
      return;
    }
    let samples: GpuSample[];
    try {
      samples = tool.parse(r.lines.join('\n'));
    } catch (err) {
      this.store.setStatus(`${tool.name} printed something unexpected (${(err as Error).message})`);
      return;
    }
    if (samples.length === 0) this.store.setStatus(`${tool.name} lists no GPU`);
    else this.store.addSamples(samples, this.clock());
  }

  private async readStatic(): Promise<void> {
    const r = await runOnce(this.fs, 'amd-smi', AMD_SMI_STATIC, this.timeoutMs);
    if (r.code !== 0) return;
    try {
      this.statics = parseAmdStatic(r.lines.join('\n'));
    } catch {
      // Names then read "AMD GPU n", limits n/a: the readings do not depend on it.
    }
  }

  /** The processes on each GPU (amd-smi only: rocm-smi's JSON gives none per GPU). */
  async readProcesses(): Promise<void> {
    if (this.tool?.name !== 'amd-smi' || this.stopped) return;
    const r = await runOnce(this.fs, 'amd-smi', AMD_SMI_PROCESS, this.timeoutMs);
    if (r.code !== 0) return;
    try {
      this.store.setProcesses(parseAmdProcesses(r.lines.join('\n')));
    } catch {
      // Kept as they were: a process list is a detail.
    }
  }
}
