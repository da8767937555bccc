import { Box } from 'ink';
import type { Panel } from '../../model/panels.js';
import { layoutPanels, panelUse, titleWidth } from '../layout.js';
import { ChartPanel } from './ChartPanel.js';

export interface GridProps {
  panels: readonly Panel[];
  /** Focus-key prefix of this pane. */
  pane: string;
  width: number;
  height: number;
  focus: string | null;
  logY: readonly string[];
  smooth: boolean;
  ignoreOutliers: boolean;
  xMin: number | undefined;
  xMax: number | undefined;
  marker: number | null;
}

/** Panels laid out to fill width x height. */
export function PanelGrid(p: GridProps) {
  const ids = p.panels.map((x) => x.id);
  const focusId = p.focus?.startsWith(`${p.pane}:`) ? p.focus.slice(p.pane.length + 1) : null;
  const tags = (id: string) => [p.logY.includes(`${p.pane}:${id}`) ? 'log' : '', p.smooth && id !== 'lr' ? 'smooth' : '', p.ignoreOutliers ? 'no outliers' : ''].filter(Boolean);
  const rows = layoutPanels(p.width, p.height, ids, focusId, (id, width, height) => {
    const panel = p.panels.find((x) => x.id === id);
    return panel ? panelUse(panel, width, height, titleWidth(panel, tags(id))) : height;
  });
  return (
    <Box flexDirection="column" height={p.height} overflowY="hidden">
      {rows.map((row, i) => (
        <Box key={i} flexDirection="row">
          {row.map((box) => {
            const panel = p.panels.find((x) => x.id === box.id);
            if (!panel) return null;
            return (
              <ChartPanel
                key={box.id}
                panel={panel}
                width={box.width}
                height={box.height}
                focused={box.id === focusId}
                logY={p.logY.includes(`${p.pane}:${box.id}`)}
                ignoreOutliers={p.ignoreOutliers}
                smooth={p.smooth}
                xMin={p.xMin}
                xMax={p.xMax}
                marker={box.id === 'lr' ? null : p.marker}
              />
            );
          })}
        </Box>
      ))}
    </Box>
  );
}
