// rocm-smi's JSON (`rocm-smi -u -t -P -M --showmeminfo vram --showproductname --json`), the tool
// before amd-smi: {"card0": {"GPU use (%)": "97", "Temperature (Sensor junction) (C)": "61.0", …}}.
// Every value is a string; what a card cannot say is absent or "N/A". Pure.
import { amdGpuKey } from '../amd-smi/json.js';
import type { GpuSample } from '../nvidia-smi/query.js';

const number = (x: unknown): number | null => {
  if (typeof x !== 'string' && typeof x !== 'number') return null;
  const v = Number(String(x).trim());
  return String(x).trim() !== '' && Number.isFinite(v) ? v : null;
};

/** The first key that is there, of several a version may use. */
const first = (card: Record<string, unknown>, keys: string[]) => keys.map((k) => card[k]).find((v) => v !== undefined);

export function parseRocmSmi(text: string): GpuSample[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`not JSON: ${(err as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('not an object of cards');
  const out: GpuSample[] = [];
  for (const [key, value] of Object.entries(data)) {
    const m = /^card(\d+)$/.exec(key);
    if (!m || typeof value !== 'object' || value === null) continue;
    const card = value as Record<string, unknown>;
    const index = Number(m[1]);
    const mib = (x: unknown) => {
      const b = number(x);
      return b === null ? null : b / 2 ** 20;
    };
    const name = first(card, ['Card Series', 'Card series', 'Device Name', 'Card SKU']);
    out.push({
      index,
      uuid: amdGpuKey(index),
      name: typeof name === 'string' && name.trim() && name.trim() !== 'N/A' ? name.trim() : `AMD GPU ${index}`,
      temperature_c: number(first(card, ['Temperature (Sensor junction) (C)', 'Temperature (Sensor edge) (C)'])),
      utilization_pct: number(card['GPU use (%)']),
      memory_used_mib: mib(card['VRAM Total Used Memory (B)']),
      memory_total_mib: mib(card['VRAM Total Memory (B)']),
      power_w: number(first(card, ['Average Graphics Package Power (W)', 'Current Socket Graphics Package Power (W)'])),
      power_limit_w: number(card['Max Graphics Package Power (W)']),
      throttle: [],
      fan_pct: null,
      clocks_sm_mhz: null,
      clocks_mem_mhz: null,
      bus_id: typeof card['PCI Bus'] === 'string' ? (card['PCI Bus'] as string) : null,
      mig: null,
      fault: null,
    });
  }
  return out.sort((a, b) => a.index - b.index);
}
