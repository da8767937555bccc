import { Box } from 'ink';
import type { RunPane as Pane } from '../screen-model.js';
import type { ViewState } from '../view-state.js';
import { EgressChart } from './EgressChart.js';
import { EgressPanel } from './EgressPanel.js';
import { StagedView } from './StagedView.js';
import { TensorboardPane } from './TensorboardPane.js';
import { UltralyticsPane } from './UltralyticsPane.js';

/** One run where the screen model put it: its own view, then what its wandb counterpart stages. */
export function RunPane({ pane, width, view, focus }: { pane: Pane; width: number; view: ViewState; focus: string | null }) {
  const { card, height, compact, egress } = pane;
  const own = height - egress.chartHeight - egress.panel;
  const props = { pane: pane.key, width, height: own, view, focus, compact };
  let main;
  switch (card.kind) {
    case 'tensorboard': return <TensorboardPane card={card} {...props} />;
    case 'ultralytics': main = <UltralyticsPane card={card} {...props} />; break;
    case 'wandb': main = card.egress ? <StagedView state={card.egress} sort={view.egressSort} selected={-1} width={width} height={own} now={card.now} /> : null;
  }
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      {main}
      {egress.chart && egress.chartHeight ? <EgressChart panel={egress.chart} width={width} height={egress.chartHeight} /> : null}
      {egress.panel > 0 ? <EgressPanel state={card.egress} now={card.now} /> : null}
    </Box>
  );
}
