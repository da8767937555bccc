import { useMemo } from 'react';
import { Box, Text } from 'ink';
import { comparePanels, runColour, type CompareRun } from '../../model/compare.js';
import { cleanText } from '../../model/text.js';
import type { ViewState } from '../view-state.js';
import { PanelGrid } from './PanelGrid.js';

/** Several PATHs: the same metric of every run on one chart, a colour per run. */
export function ComparePane({ runs, width, height, view, focus }: { runs: readonly CompareRun[]; width: number; height: number; view: ViewState; focus: string | null }) {
  const panels = useMemo(() => comparePanels(runs, view.smooth), [runs, view.smooth]);
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Text wrap="truncate-end">
        <Text bold>aigp-watch │ comparing {runs.length} run{runs.length === 1 ? '' : 's'} </Text>
        {runs.map((r, i) => (
          <Text key={i}>
            {'  '}<Text color={runColour(i)}>■</Text> {cleanText(r.label)}
          </Text>
        ))}
      </Text>
      <PanelGrid
        panels={panels} pane="c" width={width} height={height - 1} focus={focus} logY={view.logY}
        smooth={view.smooth} ignoreOutliers={view.ignoreOutliers} xMin={undefined} xMax={undefined} marker={null}
      />
    </Box>
  );
}
