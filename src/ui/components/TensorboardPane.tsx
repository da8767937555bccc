import { useMemo } from 'react';
import { Box, Text } from 'ink';
import { formatDuration, thousands } from '../../model/units.js';
import { tagPanel, tbPanels, trainRows } from '../../model/tb-panels.js';
import type { TbState } from '../../model/tb-store.js';
import type { TensorboardCard } from '../../model/run-card.js';
import { cleanText } from '../../model/text.js';
import { tbPaneParts } from '../layout.js';
import { xWindow } from '../view-state.js';
import { Header } from './Header.js';
import { PanelGrid } from './PanelGrid.js';
import { TrainTable } from './TrainTable.js';
import type { PaneProps } from './UltralyticsPane.js';

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

/** The first step of any tag: where the x range starts. */
function firstStep(run: TbState): number | undefined {
  let first: number | undefined;
  for (const x of run.tags.values()) {
    const s0 = x.firstStep;
    if (s0 !== null && (first === undefined || s0 < first)) first = s0;
  }
  return first;
}

export function TensorboardPane({ card, pane, width, height, view, focus, compact = false }: PaneProps<TensorboardCard>) {
  const { run, view: v } = card;
  const all = tbPanels(run, view.smooth);
  // A focused table row (tab) is charted beside the rollout, in the panel the focus gets room for.
  const focusedTag = focus?.startsWith(`${pane}:tag:`) ? focus.slice(pane.length + 5) : null;
  const tagChart = focusedTag !== null ? tagPanel(run, focusedTag, view.smooth) : null;
  const panels = compact ? all.slice(0, 1) : tagChart ? [...all.slice(0, 1), tagChart, ...all.slice(1)] : all;
  const allRows = useMemo(() => (v.sb3 ? trainRows(run) : []), [run, v.sb3]);
  const rows = compact ? [] : allRows;
  const step = v.step ?? 0;
  const total = v.totalTimesteps;
  const facts = [
    v.endedNote,
    v.fps !== null ? `${thousands(Math.round(v.fps))} ${v.rateWord}` : null,
    v.elapsedSeconds !== null ? `elapsed ${formatDuration(v.elapsedSeconds)}` : null,
    v.etaSeconds !== null ? `ETA ${formatDuration(v.etaSeconds)}` : null,
    v.status === 'stalled' && v.idleSeconds !== null ? `nothing new for ${formatDuration(v.idleSeconds)}` : null,
  ].filter((x): x is string => x !== null);
  const egress = egressLine(run);
  const alertLines = v.alerts.slice(0, compact ? 0 : 2);
  const parts = tbPaneParts({ height, width, alerts: alertLines.length, rows: rows.length, tagChart: tagChart !== null });
  const { xMin, xMax } = xWindow(view.xShare, firstStep(run), v.step ?? undefined);
  const grid = (
    <PanelGrid
      panels={panels} pane={pane} width={parts.charts.width} height={parts.charts.height} focus={focus} logY={view.logY}
      smooth={view.smooth} ignoreOutliers={view.ignoreOutliers} xMin={xMin} xMax={xMax} marker={null}
    />
  );
  const table = rows.length ? <TrainTable rows={rows} width={parts.table.width} height={parts.table.height} focused={focusedTag} /> : null;
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Header
        name={v.name} kind={v.sb3 ? 'PPO (SB3)' : 'TensorBoard'} status={v.status} width={width} facts={facts}
        alert={card.alerts.find((a) => a.level === 'error') ?? null}
        progress={total !== null ? `${v.stepWord} ${thousands(step)}/${thousands(total)}` : `${v.stepWord} ${thousands(step)}`}
        fraction={total ? step / total : null}
      />
      <Text color={egress.color} wrap="truncate-end">{egress.text}</Text>
      {alertLines.map((a) => <Text key={a} color="yellow" wrap="truncate-end">⚠ {cleanText(a)}</Text>)}
      {parts.table.side ? (
        <Box flexDirection="row">
          {grid}
          <Box width={1} />
          {table}
        </Box>
      ) : (
        <>
          {grid}
          {table}
        </>
      )}
    </Box>
  );
}
