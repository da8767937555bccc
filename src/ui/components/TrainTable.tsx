import { Box, Text } from 'ink';
import { formatNumber } from '../../chart/format.js';
import { fitName } from '../../model/fit-text.js';
import type { TrainRow } from '../../model/tb-panels.js';
import { TABLE_TWO_COLUMNS } from '../layout.js';

export interface TrainTableProps {
  rows: readonly TrainRow[];
  width: number;
  height: number;
  /** The row charted above (tab), marked and always on screen. */
  focused: string | null;
}

const lastText = (r: TrainRow) => formatNumber(r.last, 8);
const changeText = (r: TrainRow) => (r.delta === null ? '' : (r.delta > 0 ? '+' : '') + formatNumber(r.delta, 7));
/** The narrowest a tag's name gets before the change column gives way. */
const MIN_NAME = 12;

interface Columns { name: number; last: number; change: number; spark: number }

/**
 * What a column of `width` holds: the name, the last value and the change since the last dump
 * (never cut: as wide as their widest); the sparkline gets what is left, and is the first to go;
 * the change goes only when the name would get narrower than MIN_NAME.
 */
function columnsFor(rows: readonly TrainRow[], names: readonly string[], width: number, most: number): Columns {
  const last = Math.max(4, ...rows.map((r) => lastText(r).length));
  const change = Math.max(6, ...rows.map((r) => changeText(r).length));
  const want = Math.min(most, Math.max(5, ...names.map((n) => n.length)));
  // The mark, then each column with the space before it.
  const withChange = width - 2 - 1 - last - 1 - change;
  if (withChange >= Math.min(want, MIN_NAME)) {
    const name = Math.min(want, withChange);
    return { name, last, change, spark: Math.max(0, Math.min(24, withChange - name - 2)) };
  }
  return { name: Math.max(1, Math.min(want, width - 2 - 1 - last)), last, change: 0, spark: 0 };
}

function Row({ r, name, c, focused }: { r: TrainRow; name: string; c: Columns; focused: boolean }) {
  return (
    <Text wrap="truncate-end">
      <Text color={focused ? 'cyan' : undefined} bold={focused}>{focused ? '▸ ' : '  '}{fitName(name, c.name).padEnd(c.name)}</Text>{' '}
      {lastText(r).padStart(c.last)}
      {c.change ? (
        <Text color={r.delta === null || r.delta === 0 ? 'gray' : r.delta > 0 ? 'green' : 'red'}>
          {' '}{changeText(r).padStart(c.change)}
        </Text>
      ) : null}
      {c.spark > 0 ? <Text color="cyan">{'  '}{r.spark.slice(-c.spark)}</Text> : null}
    </Text>
  );
}

/**
 * SB3's train/* table: the change since the last dump beside each value; two columns (names
 * without train/) when one would not hold every row; else a window of rows that keeps the
 * focused one, and the header says which rows are shown (none is left out unsaid).
 */
export function TrainTable({ rows, width, height, focused }: TrainTableProps) {
  const lines = Math.max(0, height - 1);
  const cols = rows.length > lines && width >= TABLE_TWO_COLUMNS ? 2 : 1;
  const colW = cols === 2 ? Math.floor((width - 1) / 2) : width;
  const names = rows.map((r) => (cols === 2 ? r.tag.replace(/^train\//, '') : r.tag));
  const c = columnsFor(rows, names, colW, cols === 2 ? 20 : 26);
  const room = lines * cols;
  const at = Math.max(0, rows.findIndex((r) => r.column === focused));
  const start = rows.length <= room ? 0 : Math.min(Math.max(0, at - room + 1), rows.length - room);
  const visible = rows.slice(start, start + room).map((r, i) => ({ r, name: names[start + i] }));
  const what = visible.length < rows.length ? `  rows ${start + 1}–${start + visible.length} of ${rows.length} (tab)` : '';
  const columns = cols === 2 ? [visible.slice(0, lines), visible.slice(lines)] : [visible];
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Text bold wrap="truncate-end">
        {'  '}{'train/*'.padEnd(c.name)} {'last'.padStart(c.last)}{c.change ? ` ${'change'.padStart(c.change)}` : ''}{c.spark ? '  trend' : ''}
        <Text color="gray" bold={false}>{what}</Text>
      </Text>
      <Box flexDirection="row">
        {columns.map((col, k) => (
          <Box key={k} flexDirection="column" width={colW} marginLeft={k ? 1 : 0}>
            {col.map(({ r, name }) => <Row key={r.column} r={r} name={name} c={c} focused={r.column === focused} />)}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
