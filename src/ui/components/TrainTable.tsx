import { Box, Text } from 'ink';
import { formatNumber } from '../../chart/format.js';
import type { TrainRow } from '../../model/tb-panels.js';

export function TrainTable({ rows, width, height }: { rows: readonly TrainRow[]; width: number; height: number }) {
  const nameW = Math.min(26, Math.max(...rows.map((r) => r.tag.length), 5));
  const sparkW = Math.max(0, Math.min(24, width - nameW - 24));
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Text bold wrap="truncate-end">  {'train/*'.padEnd(nameW)} {'last'.padStart(9)} {'change'.padStart(9)}  trend</Text>
      {rows.slice(0, Math.max(0, height - 1)).map((r) => (
        <Text key={r.tag} wrap="truncate-end">
          {'  '}{r.tag.padEnd(nameW).slice(0, nameW)} {formatNumber(r.last, 9).padStart(9)}{' '}
          <Text color={r.delta === null || r.delta === 0 ? 'gray' : r.delta > 0 ? 'green' : 'red'}>
            {(r.delta === null ? '' : (r.delta > 0 ? '+' : '') + formatNumber(r.delta, 8)).padStart(9)}
          </Text>
          {'  '}<Text color="cyan">{r.spark.slice(-sparkW)}</Text>
        </Text>
      ))}
    </Box>
  );
}
