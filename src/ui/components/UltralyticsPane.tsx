import { Box } from 'ink';
import { formatDuration } from '../../model/units.js';
import { runPanels } from '../../model/panels.js';
import { headline } from '../../model/headline.js';
import { formatWhen, runSummary, tookText } from '../../model/run-summary.js';
import { formatNumber } from '../../chart/format.js';
import type { UltralyticsCard } from '../../model/run-card.js';
import { HEADER_LINES } from '../layout.js';
import type { ViewState } from '../view-state.js';
import { xWindow } from '../view-state.js';
import { Header } from './Header.js';
import { PanelGrid } from './PanelGrid.js';

export interface PaneProps<C> {
  card: C;
  /** Its focus-key prefix. */
  pane: string;
  width: number;
  height: number;
  view: ViewState;
  focus: string | null;
  /** Beside another run that has the room: the header and the first chart only. */
  compact?: boolean;
}

export function UltralyticsPane({ card, pane, width, height, view, focus, compact = false }: PaneProps<UltralyticsCard>) {
  const { run, view: v } = card;
  const all = runPanels(run, view.smooth);
  const panels = compact ? all.slice(0, 1) : all;
  const best = headline(run, v.bestEpoch);
  // The best epoch and its mAP50-95 come before the epoch time: at 80 columns the end is cut.
  const ended = v.status === 'finished' || v.status === 'early-stopped' ? runSummary(run, v.done) : null;
  const facts = [
    v.etaSeconds !== null ? `ETA ${formatDuration(v.etaSeconds)}` : null,
    v.bestDone !== null ? `best ${v.bestDone}${best ? ` · ${best.label} ${formatNumber(best.value, 6)}` : ''}` : null,
    v.endedNote,
    (ended && tookText(ended)) ?? (v.epochSeconds !== null ? `${formatDuration(v.epochSeconds)}/epoch` : null),
    v.status === 'stalled' && v.idleSeconds !== null ? `no new row for ${formatDuration(v.idleSeconds)}` : null,
  ].filter((x): x is string => x !== null);
  const { xMin, xMax } = xWindow(view.xShare, run.epochs[0], run.epochs.at(-1));
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Header
        name={v.name} kind={v.task} status={v.status} width={width} facts={facts} when={ended?.finishedAt != null && !v.endedNote ? formatWhen(ended.finishedAt) : null} alert={card.alerts.find((a) => a.level !== 'info') ?? null}
        progress={v.total !== null ? `epoch ${v.done}/${v.total}` : `epoch ${v.done}`}
        fraction={v.total ? v.done / v.total : null}
      />
      <PanelGrid
        panels={panels} pane={pane} width={width} height={height - HEADER_LINES} focus={focus} logY={view.logY}
        smooth={view.smooth} ignoreOutliers={view.ignoreOutliers} xMin={xMin} xMax={xMax} marker={v.bestEpoch}
      />
    </Box>
  );
}
