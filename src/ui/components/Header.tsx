import { Box, Text } from 'ink';
import { formatDuration } from '../../chart/format.js';
import type { RunView } from '../../model/run-view.js';
import { cleanText } from '../../model/text.js';
import { STATUS_COLOR } from '../theme.js';

export function progressBar(done: number, total: number, width: number): string {
  const w = Math.max(0, width);
  const filled = total > 0 ? Math.min(w, Math.round((done / total) * w)) : 0;
  return '█'.repeat(filled) + '░'.repeat(w - filled);
}

export function Header({ view, width }: { view: RunView; width: number }) {
  const { status } = view;
  const progress = view.total !== null ? `epoch ${view.done}/${view.total}` : `epoch ${view.done}`;
  const facts = [
    view.epochSeconds !== null ? `${formatDuration(view.epochSeconds)}/epoch` : null,
    view.etaSeconds !== null ? `ETA ${formatDuration(view.etaSeconds)}` : null,
    view.bestEpoch !== null ? `best ${view.bestEpoch}` : null,
    status === 'stalled' && view.idleSeconds !== null ? `no new row for ${formatDuration(view.idleSeconds)}` : null,
  ].filter(Boolean).join(' · ');
  const pct = view.total ? ` ${Math.min(100, Math.floor((view.done / view.total) * 100))}%` : '';
  const barWidth = view.total ? Math.max(0, Math.min(30, width - progress.length - pct.length - facts.length - 6)) : 0;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>aigp-watch</Text>
        <Text color="gray"> │ </Text>
        <Text bold>{cleanText(view.name)}</Text>
        {view.task ? <Text color="gray"> │ {cleanText(view.task)}</Text> : null}
        <Text color="gray"> │ </Text>
        <Text color={STATUS_COLOR[status]} bold>● {status}</Text>
      </Text>
      <Text wrap="truncate-end">
        <Text>{progress} </Text>
        {barWidth > 0 && view.total ? <Text color={STATUS_COLOR[status]}>{progressBar(view.done, view.total, barWidth)}</Text> : null}
        <Text>{pct}</Text>
        {facts ? <Text color="gray">{' · '}{facts}</Text> : null}
      </Text>
    </Box>
  );
}
