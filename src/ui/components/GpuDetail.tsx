import { useMemo } from 'react';
import { Box, Text } from 'ink';
import { renderFacets, type Facet } from '../../chart/facets.js';
import { formatAgo } from '../../chart/format.js';
import { gpuStale, type GpuState } from '../../model/gpu-store.js';
import { PALETTE } from '../../model/panels.js';
import { cleanText } from '../../model/text.js';
import { formatDuration } from '../../model/units.js';
import { ChartLines } from './ChartLines.js';
import { shortName } from './GpuPanel.js';
import { AXIS_COLOR } from '../theme.js';

const n = (v: number | null, digits = 0) => (v === null ? 'n/a' : v.toFixed(digits));

/** Every GPU's utilisation, temperature, memory and power, each chart on its own axis, x in time before now. */
function gpuFacets(state: GpuState): Facet[] {
  return state.gpus.flatMap((g) => {
    const h = state.history.get(g.index);
    if (!h) return [];
    const t0 = h.at[h.at.length - 1] ?? 0;
    const xs = h.at.map((t) => Math.round((t - t0) / 1000));
    const color = PALETTE[g.index % PALETTE.length];
    const line = (ys: (number | null)[], scale = 1) => [{ label: '', xs, ys: ys.map((v) => (v === null ? NaN : v / scale)), color }];
    return [
      { title: `GPU${g.index} util ${n(g.utilization_pct)}%`, color, series: line(h.util) },
      { title: `GPU${g.index} temp ${n(g.temperature_c)}°C`, color, series: line(h.temp) },
      { title: `GPU${g.index} mem ${n(g.memory_used_mib === null ? null : g.memory_used_mib / 1024, 1)}/${n(g.memory_total_mib === null ? null : g.memory_total_mib / 1024)} GiB`, color, series: line(h.memMib, 1024) },
      { title: `GPU${g.index} power ${n(g.power_w)}/${n(g.power_limit_w)} W`, color, series: line(h.powerW) },
    ];
  });
}

/** Key g: a chart per GPU and reading; without readings, why there are none. */
export function GpuDetail({ state, width, height, now, label }: { state: GpuState | null; width: number; height: number; now: number; label?: string }) {
  const lines = useMemo(
    () => (state && state.gpus.length ? renderFacets(gpuFacets(state), { width, height: Math.max(1, height - 1), axisColor: AXIS_COLOR, xLabel: formatAgo }) : []),
    [state, width, height],
  );
  const { stale, ageSeconds } = state ? gpuStale(state, now) : { stale: false, ageSeconds: null };
  const names = state ? [...new Set(state.gpus.map((g) => shortName(g.name)))].join(', ') : '';
  const why = !state
    ? 'no GPU readings: the GPU panel is off (--no-gpu), nvidia-smi is not started'
    : state.gpus.length === 0 ? `no GPU readings: ${cleanText(state.status)}` : null;
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Text wrap="truncate-end">
        <Text bold>GPU detail{label ? ` · ${cleanText(label)}` : ''}</Text>
        {names ? <Text color="gray"> · {names}</Text> : null}
        {stale ? <Text color="yellow"> · stale: {cleanText(state?.status ?? '')}, last reading {formatDuration(ageSeconds)} ago</Text> : null}
        <Text color="gray"> · Esc closes</Text>
      </Text>
      {why ? <Text color="yellow" wrap="wrap">{why}</Text> : <ChartLines lines={lines} />}
    </Box>
  );
}
