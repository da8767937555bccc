import { useMemo } from 'react';
import { Box } from 'ink';
import { renderFacets } from '../../chart/facets.js';
import type { GpuState } from '../../model/gpu-store.js';
import { PALETTE } from '../../model/panels.js';
import { ChartLines } from './ChartLines.js';
import { shortName } from './GpuPanel.js';
import { AXIS_COLOR } from '../theme.js';

/** Key g: one small chart per GPU, utilisation and temperature over the last minutes. */
export function GpuDetail({ state, width, height }: { state: GpuState; width: number; height: number }) {
  const lines = useMemo(() => {
    const facets = state.gpus.map((g) => {
      const h = state.history.get(g.index) ?? { at: [], util: [], temp: [] };
      const t0 = h.at[h.at.length - 1] ?? 0;
      const xs = h.at.map((t) => Math.round((t - t0) / 1000));
      return {
        title: `GPU ${g.index} ${shortName(g.name)}  util ━ temp ┅`,
        color: PALETTE[g.index % PALETTE.length],
        series: [
          { label: 'util %', xs, ys: h.util.map((v) => v ?? NaN), color: PALETTE[1] },
          { label: 'temp °C', xs, ys: h.temp.map((v) => v ?? NaN), color: PALETTE[5], dotted: true },
        ],
      };
    });
    return renderFacets(facets, { width, height, axisColor: AXIS_COLOR });
  }, [state, width, height]);
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <ChartLines lines={lines} />
    </Box>
  );
}
