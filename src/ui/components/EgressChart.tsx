import type { Panel } from '../../model/panels.js';
import { ChartPanel } from './ChartPanel.js';

/** The staged-bytes chart: a chart panel of its own, never focused, on the whole x range. */
export function EgressChart({ panel, width, height }: { panel: Panel; width: number; height: number }) {
  return <ChartPanel panel={panel} width={width} height={height} focused={false} logY={false} ignoreOutliers={false} smooth={false} xMin={undefined} xMax={undefined} marker={null} />;
}
