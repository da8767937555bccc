import { memo, useContext, useMemo } from 'react';
import { Box } from 'ink';
import { drawPanel } from '../../chart/draw-panel.js';
import type { Panel } from '../../model/panels.js';
import type { PictureRequest } from '../graphics/picture-renderer.js';
import { usePicture } from '../hooks/usePicture.js';
import { PicturesContext } from '../pictures-context.js';
import { AXIS_COLOR, MARKER_COLOR } from '../theme.js';
import { ChartLines } from './ChartLines.js';
import { PanelTitle } from './PanelTitle.js';
import { panelParts, titleWidth } from '../layout.js';

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

/** Smaller than this, a picture says less than braille. */
const MIN_PICTURE = { cols: 16, rows: 3 };

export const ChartPanel = memo(function ChartPanel(p: ChartPanelProps) {
  const pictures = useContext(PicturesContext);
  const plain = [p.logY ? 'log' : '', p.smooth && p.panel.id !== 'lr' ? 'smooth' : '', p.ignoreOutliers ? 'no outliers' : ''].filter(Boolean);
  const parts = panelParts(p.panel, p.width, p.height, titleWidth(p.panel, plain));
  const asPicture = pictures.active && p.focused && p.width >= MIN_PICTURE.cols && parts.chart >= MIN_PICTURE.rows;
  const request = useMemo<PictureRequest | null>(() => (asPicture
    ? { kind: 'chart', panel: p.panel, cols: p.width, rows: parts.chart, logY: p.logY, ignoreOutliers: p.ignoreOutliers, xMin: p.xMin, xMax: p.xMax, marker: p.marker }
    : null), [asPicture, p.panel, p.width, parts.chart, p.logY, p.ignoreOutliers, p.xMin, p.xMax, p.marker]);
  const area = usePicture(request);

  const lines = useMemo(
    () => (parts.chart > 0 && !asPicture
      ? drawPanel(p.panel, {
        width: p.width, height: parts.chart, logY: p.logY, ignoreOutliers: p.ignoreOutliers,
        xMin: p.xMin, xMax: p.xMax, marker: p.marker, markerColor: MARKER_COLOR, axisColor: AXIS_COLOR,
      }).lines
      : []),
    [asPicture, p.panel, p.width, parts.chart, p.logY, p.ignoreOutliers, p.xMin, p.xMax, p.marker],
  );
  const tags = asPicture ? ['picture', ...plain] : plain;
  return (
    <Box flexDirection="column" width={p.width} height={p.height} overflowY="hidden">
      <PanelTitle panel={p.panel} focused={p.focused} tags={tags} legend={parts.legend} keyBeside={parts.key} width={p.width} />
      {asPicture
        // Blank cells the picture is drawn over; Ink keeps their place in the layout.
        ? <Box ref={area} width={p.width} height={parts.chart} />
        : <ChartLines lines={lines} />}
    </Box>
  );
});
