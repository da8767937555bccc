import { Box } from 'ink';
import { egressPanel } from '../../model/egress-chart.js';
import { unlistedNote, type EgressState } from '../../model/egress.js';
import { egressChartHeight } from '../layout.js';
import { EgressChart } from './EgressChart.js';
import { EgressList, type EgressSort } from './EgressList.js';

/** What a wandb run staged: how it grew (when the pane has room for a chart), then every file. */
export function StagedView({ state, sort, selected, width, height, now }: { state: EgressState; sort: EgressSort; selected: number; width: number; height: number; now: number }) {
  const panel = egressPanel(state);
  const chartH = panel ? egressChartHeight(height, 'list') : 0;
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      {panel && chartH ? <EgressChart panel={panel} width={width} height={chartH} /> : null}
      <EgressList files={state.files} unlisted={unlistedNote(state)} sort={sort} selected={selected} width={width} height={height - chartH} now={now} />
    </Box>
  );
}
