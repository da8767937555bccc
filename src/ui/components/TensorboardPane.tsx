import { useMemo } from 'react';
import { Box, Text } from 'ink';
import { formatDuration } from '../../model/units.js';
import { tableTags, tagPanel, tbPanels, trainRows } from '../../model/tb-panels.js';
import type { TbState } from '../../model/tb-store.js';
import { viewTb } from '../../model/tb-view.js';
import { tensorboardAlerts } from '../../model/alerts.js';
import { cleanText } from '../../model/text.js';
import { HEADER_LINES } from '../layout.js';
import { xWindow } from '../view-state.js';
import { Header } from './Header.js';
import { PanelGrid } from './PanelGrid.js';
import { TrainTable, TWO_COLUMNS } from './TrainTable.js';
import type { PaneProps } from './UltralyticsPane.js';

const TABLE_SIDE_BY_SIDE = 150;
/** Lines the charts get before the table takes two columns; never fewer than MIN_CHART. */
const MIN_CHART_LINES = 7;
const MIN_CHART = 4;

export function tensorboardPanelIds(run: TbState): string[] {
  return [...tbPanels(run, false).map((p) => p.id), ...tableTags(run).map((t) => `tag:${t}`)];
}

function egressLine(run: TbState): { text: string; color: string } {
  if (!run.wandb) return { text: 'local only — nothing leaves this box (no wandb run belongs to this training)', color: 'green' };
  const w = run.wandb;
  if (w.caveat) return { text: `wandb run ${w.id} names this training (${w.rule}), not confirmed: ${cleanText(w.caveat)}`, color: 'yellow' };
  return {
    text: w.mode === 'offline'
      ? `wandb run ${w.id} is offline: nothing leaves until \`wandb sync\` (${w.rule})`
      : `wandb run ${w.id} syncs this training to wandb.ai (${w.rule}); WANDB_MODE=offline keeps it local`,
    color: w.mode === 'offline' ? 'yellow' : 'magenta',
  };
}

export function TensorboardPane({ run, now, pane, width, height, view, focus, totalTimesteps, compact = false }: PaneProps<TbState> & { totalTimesteps: number | null }) {
  const v = useMemo(() => viewTb(run, now, totalTimesteps), [run, now, totalTimesteps]);
  const all = tbPanels(run, view.smooth);
  // A focused table row (tab) is charted beside the rollout, in the panel the focus gets room for.
  const focusedTag = focus?.startsWith(`${pane}:tag:`) ? focus.slice(pane.length + 5) : null;
  const tagChart = focusedTag !== null ? tagPanel(run, focusedTag, view.smooth) : null;
  const panels = compact ? all.slice(0, 1) : tagChart ? [...all.slice(0, 1), tagChart, ...all.slice(1)] : all;
  const allRows = useMemo(() => (v.sb3 ? trainRows(run) : []), [run, v.sb3]);
  const rows = compact ? [] : allRows;
  const step = v.step ?? 0;
  const facts = [
    v.endedNote,
    v.fps !== null ? `${Math.round(v.fps).toLocaleString('en-US')} ${v.rateWord}` : null,
    v.elapsedSeconds !== null ? `elapsed ${formatDuration(v.elapsedSeconds)}` : null,
    v.etaSeconds !== null ? `ETA ${formatDuration(v.etaSeconds)}` : null,
    v.status === 'stalled' && v.idleSeconds !== null ? `nothing new for ${formatDuration(v.idleSeconds)}` : null,
  ].filter((x): x is string => x !== null);
  const egress = egressLine(run);
  const alertLines = v.alerts.slice(0, compact ? 0 : 2);
  const body = Math.max(0, height - HEADER_LINES - 1 - alertLines.length);
  // The table is what the training-side dashboard shows: it gets its rows first, charts the rest.
  // In two columns when one would take the charts' lines (80x24 with a GPU panel).
  const oneColumn = rows.length + 1;
  const chartLines = MIN_CHART_LINES * (tagChart ? 2 : 1);
  const needed = body - chartLines >= oneColumn || width < TWO_COLUMNS ? oneColumn : Math.ceil(rows.length / 2) + 1;
  const tableH = rows.length ? Math.min(needed, Math.max(3, body - MIN_CHART)) : 0;
  const side = rows.length > 0 && width >= TABLE_SIDE_BY_SIDE;
  const tableW = side ? Math.min(70, Math.floor(width * 0.45)) : width;
  const chartsW = side ? width - tableW - 1 : width;
  const chartsH = side ? body : body - tableH;
  let first: number | undefined;
  for (const x of run.tags.values()) {
    const s0 = x.firstStep;
    if (s0 !== null && (first === undefined || s0 < first)) first = s0;
  }
  const { xMin, xMax } = xWindow(view.xShare, first, v.step ?? undefined);
  const grid = (
    <PanelGrid
      panels={panels} pane={pane} width={chartsW} height={chartsH} focus={focus} logY={view.logY}
      smooth={view.smooth} ignoreOutliers={view.ignoreOutliers} xMin={xMin} xMax={xMax} marker={null}
    />
  );
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Header
        name={v.name} kind={v.sb3 ? 'PPO (SB3)' : 'TensorBoard'} status={v.status} width={width} facts={facts}
        alert={tensorboardAlerts(run, v).find((a) => a.level === 'error') ?? null}
        progress={totalTimesteps !== null ? `${v.stepWord} ${step.toLocaleString('en-US')}/${totalTimesteps.toLocaleString('en-US')}` : `${v.stepWord} ${step.toLocaleString('en-US')}`}
        fraction={totalTimesteps ? step / totalTimesteps : null}
      />
      <Text color={egress.color} wrap="truncate-end">{egress.text}</Text>
      {alertLines.map((a) => <Text key={a} color="yellow" wrap="truncate-end">⚠ {cleanText(a)}</Text>)}
      {side ? (
        <Box flexDirection="row">
          {grid}
          <Box width={1} />
          <TrainTable rows={rows} width={tableW} height={Math.min(body, rows.length + 1)} focused={focusedTag} />
        </Box>
      ) : (
        <>
          {grid}
          {rows.length ? <TrainTable rows={rows} width={width} height={tableH} focused={focusedTag} /> : null}
        </>
      )}
    </Box>
  );
}
