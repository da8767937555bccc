import { Box, Text } from 'ink';
import { formatNumber } from '../../chart/format.js';
import type { TrainRow } from '../../model/tb-panels.js';
import { TABLE_TWO_COLUMNS } from '../layout.js';

export interface TrainTableProps {
  rows: readonly TrainRow[];
  width: number;
  height: number;
  /** The row charted above (tab), marked and always on screen. */
  focused: string | null;
}

function Row({ r, nameW, sparkW, change, focused }: { r: TrainRow; nameW: number; sparkW: number; change: boolean; focused: boolean }) {
  return (
    <Text wrap="truncate-end">
      <Text color={focused ? 'cyan' : undefined} bold={focused}>{focused ? '▸ ' : '  '}{r.tag.padEnd(nameW).slice(0, nameW)}</Text>{' '}
      {formatNumber(r.last, 9).padStart(9)}
      {change ? (
        <Text color={r.delta === null || r.delta === 0 ? 'gray' : r.delta > 0 ? 'green' : 'red'}>
          {' '}{(r.delta === null ? '' : (r.delta > 0 ? '+' : '') + formatNumber(r.delta, 8)).padStart(9)}
        </Text>
      ) : null}
      {sparkW > 0 ? <Text color="cyan">{'  '}{r.spark.slice(-sparkW)}</Text> : null}
    </Text>
  );
}

/**
 * SB3's train/* table: one column with the change since the last dump; two columns without it
 * when one would not hold every row; else a window of rows that keeps the focused one, and the
 * header says which rows are shown (none is left out unsaid).
 */
export function TrainTable({ rows, width, height, focused }: TrainTableProps) {
  const lines = Math.max(0, height - 1);
  const cols = rows.length > lines && width >= TABLE_TWO_COLUMNS ? 2 : 1;
  const colW = cols === 2 ? Math.floor((width - 1) / 2) : width;
  const stripped = cols === 2 ? rows.map((r) => ({ ...r, tag: r.tag.replace(/^train\//, '') })) : rows;
  const nameW = Math.min(cols === 2 ? 20 : 26, Math.max(...stripped.map((r) => r.tag.length), 5));
  const change = cols === 1;
  const sparkW = Math.max(0, Math.min(24, colW - nameW - (change ? 24 : 14)));
  const room = lines * cols;
  const at = Math.max(0, stripped.findIndex((r) => r.column === focused));
  const start = stripped.length <= room ? 0 : Math.min(Math.max(0, at - room + 1), stripped.length - room);
  const visible = stripped.slice(start, start + room);
  const what = visible.length < stripped.length ? `  rows ${start + 1}–${start + visible.length} of ${stripped.length} (tab)` : '';
  const columns = cols === 2 ? [visible.slice(0, lines), visible.slice(lines)] : [visible];
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Text bold wrap="truncate-end">
        {'  '}{'train/*'.padEnd(nameW)} {'last'.padStart(9)}{change ? ` ${'change'.padStart(9)}` : ''}{sparkW ? '  trend' : ''}
        <Text color="gray" bold={false}>{what}</Text>
      </Text>
      <Box flexDirection="row">
        {columns.map((col, c) => (
          <Box key={c} flexDirection="column" width={colW} marginLeft={c ? 1 : 0}>
            {col.map((r) => <Row key={r.column} r={r} nameW={nameW} sparkW={sparkW} change={change} focused={r.column === focused} />)}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
