import { Box, Text } from 'ink';
import { formatBytes } from '../../model/units.js';
import type { StagedFile } from '../../model/egress.js';
import { cleanText } from '../../model/text.js';
import { windowStart } from '../scroll.js';

export type EgressSort = 'bytes' | 'time';

/** The end of a long path, which is where its file name is. */
function tail(text: string, width: number): string {
  return text.length <= width ? text : `…${text.slice(-(width - 1))}`;
}

export function sortFiles(files: readonly StagedFile[], by: EgressSort): StagedFile[] {
  return [...files].sort((a, b) => (by === 'bytes' ? b.bytes - a.bytes : b.firstSeen - a.firstSeen) || (a.path < b.path ? -1 : 1));
}

function clock(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')}`;
}

/** Key e: every staged file, sortable; the selected one can be previewed (p). */
export function EgressList({ files, sort, selected, width, height }: { files: readonly StagedFile[]; sort: EgressSort; selected: number; width: number; height: number }) {
  const rows = sortFiles(files, sort);
  const room = Math.max(1, height - 2);
  const start = windowStart(selected, rows.length, room);
  const pathW = Math.max(10, width - 62);
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Text bold wrap="truncate-end">
        staged for upload: {files.length} files, sorted by {sort === 'bytes' ? 'size' : 'time'} (b size · t time · ↑/↓ select · p preview · e/Esc close)
      </Text>
      <Text color="gray" wrap="truncate-end">{'  '}{'file'.padEnd(pathW)} {'bytes'.padStart(9)} {'category'.padEnd(28)} {'step'.padStart(5)} {'seen'.padStart(8)}  source</Text>
      {rows.slice(start, start + room).map((f, i) => (
        <Text key={f.path} inverse={start + i === selected} wrap="truncate-end">
          {start + i === selected ? '▸ ' : '  '}
          {tail(cleanText(f.path), pathW).padEnd(pathW)} {formatBytes(f.bytes).padStart(9)} {f.category.padEnd(28)} {String(f.step ?? '').padStart(5)} {clock(f.firstSeen)}  {cleanText(f.source ?? '')}
        </Text>
      ))}
    </Box>
  );
}
