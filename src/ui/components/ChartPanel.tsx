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
  const asPicture = pictures.active && p.focused && p.width >= MIN_PICTURE.cols && p.height - 1 >= MIN_PICTURE.rows;
  const request = useMemo<PictureRequest | null>(() => (asPicture
    ? { kind: 'chart', panel: p.panel, cols: p.width, rows: p.height - 1, logY: p.logY, ignoreOutliers: p.ignoreOutliers, xMin: p.xMin, xMax: p.xMax, marker: p.marker }
    : null), [asPicture, p.panel, p.width, p.height, p.logY, p.ignoreOutliers, p.xMin, p.xMax, p.marker]);
  const area = usePicture(request);

  const { lines, faceted } = useMemo(
    () => (p.height > 1 && !asPicture
      ? drawPanel(p.panel, {
        width: p.width, height: p.height - 1, logY: p.logY, ignoreOutliers: p.ignoreOutliers,
        xMin: p.xMin, xMax: p.xMax, marker: p.marker, markerColor: MARKER_COLOR, axisColor: AXIS_COLOR,
      })
      : { lines: [], faceted: false }),
    [asPicture, p.panel, p.width, p.height, p.logY, p.ignoreOutliers, p.xMin, p.xMax, p.marker],
  );
  const tags = [asPicture ? 'picture' : '', p.logY ? 'log' : '', p.smooth && p.panel.id !== 'lr' ? 'smooth' : '', p.ignoreOutliers ? 'no outliers' : ''].filter(Boolean);
  return (
    <Box flexDirection="column" width={p.width} height={p.height} overflowY="hidden">
      <PanelTitle panel={p.panel} focused={p.focused} tags={tags} legend={!faceted || p.panel.keyBesideFacets === true} width={p.width} />
      {asPicture
        // Blank cells the picture is drawn over; Ink keeps their place in the layout.
        ? <Box ref={area} width={p.width} height={p.height - 1} />
        : <ChartLines lines={lines} />}
    </Box>
  );
});
