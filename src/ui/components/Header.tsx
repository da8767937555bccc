import { Box, Text } from 'ink';
import type { RunStatus } from '../../model/run-view.js';
import { cleanText } from '../../model/text.js';
import { fitFacts, pathTail } from '../../model/fit-text.js';
import { STATUS_COLOR } from '../theme.js';

export interface HeaderProps {
  name: string;
  kind: string | null;
  status: RunStatus;
  /** "epoch 31/200", "timesteps 106,496/1,000,000" */
  progress: string;
  /** 0..1 when the total is known. */
  fraction: number | null;
  facts: string[];
  width: number;
  /** When the run ended, beside its status. */
  when?: string | null;
  /** The most pressing alert of this run, shown in the header. */
  alert?: { level: 'error' | 'warning' | 'info'; message: string } | null;
}

export function progressBar(fraction: number, width: number): string {
  const w = Math.max(0, width);
  const filled = Math.min(w, Math.max(0, Math.round(fraction * w)));
  return '█'.repeat(filled) + '░'.repeat(w - filled);
}

/** Whole percent done, rounded down; 29/100 is 29 (0.29 * 100 is 28.999…). */
export function percent(fraction: number): number {
  return Math.min(100, Math.floor(Math.round(fraction * 1e6) / 1e4));
}

export function Header({ name, kind, status, progress, fraction, facts, width, alert, when = null }: HeaderProps) {
  const kindText = kind ? cleanText(kind) : '';
  // The status always shows: the name gives way, by whole folders from its front (its end, the run's own folder, tells runs apart).
  const statusText = when ? `${status} ${when}` : status;
  const shownName = pathTail(cleanText(name), width - 'aigp-watch │  │ ● '.length - statusText.length - (kindText ? kindText.length + 3 : 0));
  const pct = fraction !== null ? ` ${percent(fraction)}%` : '';
  const barWidth = fraction !== null ? Math.max(0, Math.min(30, width - progress.length - pct.length - facts.join(' · ').length - 6)) : 0;
  // Facts are whole, or cut at a word: never a number in two.
  const tail = fitFacts(facts, width - progress.length - (barWidth ? barWidth + 1 : 0) - pct.length - 3);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>aigp-watch</Text>
        <Text color="gray"> │ </Text>
        <Text bold>{shownName}</Text>
        {kindText ? <Text color="gray"> │ {kindText}</Text> : null}
        <Text color="gray"> │ </Text>
        <Text color={STATUS_COLOR[status]} bold>● {statusText}</Text>
        {alert ? <Text color={alert.level === 'error' ? 'red' : alert.level === 'warning' ? 'yellow' : 'cyan'}> ⚠ {cleanText(alert.message)}</Text> : null}
      </Text>
      <Text wrap="truncate-end">
        <Text>{progress}</Text>
        {barWidth > 0 && fraction !== null ? <Text color={STATUS_COLOR[status]}> {progressBar(fraction, barWidth)}</Text> : null}
        <Text>{pct}</Text>
        {tail ? <Text color="gray">{' · '}{tail}</Text> : null}
      </Text>
    </Box>
  );
}
