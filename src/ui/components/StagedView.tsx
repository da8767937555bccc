import { Box, Text } from 'ink';
import { egressPanel } from '../../model/egress-chart.js';
import { unlistedNote, type EgressState } from '../../model/egress.js';
import { egressQueue, uploadMarks } from '../../model/egress-queue.js';
import { artifactLine, uploadsNote } from '../../report/egress-report.js';
import { egressChartHeight } from '../layout.js';
import { EgressChart } from './EgressChart.js';
import { EgressList, type EgressSort } from './EgressList.js';

/** Artifacts listed at most above the files (the rest counted). */
const MAX_ARTIFACT_LINES = 2;

/** What leaves besides the list: the queue, what the uploader's log tells, the artifacts. */
export function summaryLines(state: EgressState, now: number): string[] {
  const online = state.run?.mode === 'online' && !state.synced;
  const note = uploadsNote(state);
  const arts = state.artifacts.slice(0, MAX_ARTIFACT_LINES).map(artifactLine);
  if (state.artifacts.length > MAX_ARTIFACT_LINES) arts.push(`and ${state.artifacts.length - MAX_ARTIFACT_LINES} more artifacts (audit lists them all)`);
  return [...(online ? [egressQueue(state, now).line] : []), ...(note ? [note] : []), ...arts];
}

/** What a wandb run staged: how it grew (when the pane has room for a chart), what left, then every file. */
export function StagedView({ state, sort, selected, width, height, now }: { state: EgressState; sort: EgressSort; selected: number; width: number; height: number; now: number }) {
  const panel = egressPanel(state);
  const chartH = panel ? egressChartHeight(height, 'list') : 0;
  // The list keeps its heading and a few rows before the summary takes lines.
  const summary = summaryLines(state, now).slice(0, Math.max(0, height - chartH - 5));
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      {panel && chartH ? <EgressChart panel={panel} width={width} height={chartH} /> : null}
      {summary.map((l, i) => <Text key={i} wrap="truncate-end" color={i === 0 ? undefined : 'gray'}>{l}</Text>)}
      <EgressList files={state.files} unlisted={unlistedNote(state)} sort={sort} selected={selected} width={width} height={height - chartH - summary.length} now={now} marks={uploadMarks(state)} />
    </Box>
  );
}
