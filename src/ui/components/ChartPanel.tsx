import { memo, useMemo } from 'react';
import { Box } from 'ink';
import { drawPanel } from '../../chart/draw-panel.js';
import type { Panel } from '../../model/panels.js';
import { AXIS_COLOR, MARKER_COLOR } from '../theme.js';
import { ChartLines } from './ChartLines.js';
import { PanelTitle } from './PanelTitle.js';

export interface ChartPanelProps {
  panel: Panel;
  width: number;
  height: number;
  focused: boolean;
  logY: boolean;
  ignoreOutliers: boolean;
  smooth: boolean;
  xMin: number | undefined;
  xMax: number | undefined;
  marker: number | null;
}

export const ChartPanel = memo(function ChartPanel(p: ChartPanelProps) {
  const { lines, faceted } = useMemo(
    () => (p.height > 1
      ? drawPanel(p.panel, {
        width: p.width, height: p.height - 1, logY: p.logY, ignoreOutliers: p.ignoreOutliers,
        xMin: p.xMin, xMax: p.xMax, marker: p.marker, markerColor: MARKER_COLOR, axisColor: AXIS_COLOR,
      })
      : { lines: [], faceted: false }),
    [p.panel, p.width, p.height, p.logY, p.ignoreOutliers, p.xMin, p.xMax, p.marker],
  );
  const tags = [p.logY ? 'log' : '', p.smooth && p.panel.id !== 'lr' ? 'smooth' : '', p.ignoreOutliers ? 'no outliers' : ''].filter(Boolean);
  return (
    <Box flexDirection="column" width={p.width} height={p.height} overflowY="hidden">
      <PanelTitle panel={p.panel} focused={p.focused} tags={tags} legend={!faceted} />
      <ChartLines lines={lines} />
    </Box>
  );
});
