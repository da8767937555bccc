import { Box, Text } from 'ink';
import type { StagedFile } from '../../model/egress.js';
import { fitPath } from '../../model/fit-text.js';
import { stagedName } from '../../model/staged-name.js';
import { cleanText } from '../../model/text.js';
import { formatSize, thousands } from '../../model/units.js';
import { windowStart } from '../scroll.js';

export type EgressSort = 'bytes' | 'time';

const MIN_NAME = 24;
const MIN_SOURCE = 8;

export function sortFiles(files: readonly StagedFile[], by: EgressSort): StagedFile[] {
  return [...files].sort((a, b) => (by === 'bytes' ? b.bytes - a.bytes : b.firstSeen - a.firstSeen) || (a.path < b.path ? -1 : 1));
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** When a file appeared: the time today; with the date for another day (a run watched for days, a run read later). */
export function seenText(ms: number, now: number): string {
  const d = new Date(ms);
  const today = new Date(now);
  const time = `${p2(d.getHours())}:${p2(d.getMinutes())}`;
  if (d.toDateString() === today.toDateString()) return `${time}:${p2(d.getSeconds())}`;
  const day = `${p2(d.getMonth() + 1)}-${p2(d.getDate())}`;
  return d.getFullYear() === today.getFullYear() ? `${day} ${time}` : `${d.getFullYear()}-${day} ${time}`;
}

export interface ListColumns {
  /** 1: the ✓ column (the uploader's log names files); 0: none. */
  mark: number;
  name: number;
  bytes: number;
  category: number;
  /** 0: left out, the pane is too narrow. */
  step: number;
  seen: number;
  source: number;
}

/** Columns sized to what they hold; in a narrow pane the name keeps MIN_NAME and seen, step and source give way. */
export function listColumns(files: readonly StagedFile[], width: number, now: number, marks = false): ListColumns {
  const wantName = Math.max(4, ...files.map((f) => stagedName(f, Infinity).length));
  const wantSource = Math.max(0, ...files.map((f) => cleanText(f.source ?? '').length));
  const c = {
    mark: marks ? 1 : 0,
    bytes: Math.max(5, ...files.map((f) => thousands(f.bytes).length)),
    category: Math.max(8, ...files.map((f) => f.category.length)),
    step: Math.max(4, ...files.map((f) => String(f.step ?? '').length)),
    seen: Math.max(4, ...files.map((f) => seenText(f.firstSeen, now).length)),
  };
  // The marker, then each column with the space before it.
  const taken = () => 2 + (c.mark && c.mark + 1) + c.bytes + 1 + c.category + 1 + (c.step && c.step + 1) + (c.seen && c.seen + 1);
  if (width - taken() < MIN_NAME) c.seen = 0;
  if (width - taken() < MIN_NAME) c.step = 0;
  const name = Math.max(4, Math.min(wantName, width - taken()));
  const left = width - taken() - name - 2;
  return { ...c, name, source: wantSource && left >= MIN_SOURCE ? Math.min(wantSource, left) : 0 };
}

function line(c: ListColumns, cells: { mark: string; name: string; bytes: string; category: string; step: string; seen: string; source: string }): string {
  return [
    c.mark ? `${cells.mark.padEnd(c.mark)} ` : '',
    cells.name.padEnd(c.name),
    ` ${cells.bytes.padStart(c.bytes)}`,
    ` ${cells.category.padEnd(c.category)}`,
    c.step ? ` ${cells.step.padStart(c.step)}` : '',
    c.seen ? ` ${cells.seen.padStart(c.seen)}` : '',
    c.source ? `  ${fitPath(cells.source, c.source)}` : '',
  ].join('').trimEnd();
}

/**
 * Key e: every staged file, sortable; the selected one can be previewed (p). `marks`: what the
 * uploader's log says of each file (✓ uploaded, ✗ failed), when it names files.
 */
export function EgressList({ files, unlisted = null, sort, selected, width, height, now, marks }: {
  files: readonly StagedFile[];
  /** What is past the listing cap, said (null: every file is listed). */
  unlisted?: string | null;
  sort: EgressSort;
  selected: number;
  width: number;
  height: number;
  now: number;
  marks?: ReadonlyMap<string, string>;
}) {
  const rows = sortFiles(files, sort);
  const room = Math.max(1, height - 2);
  const start = windowStart(selected, rows.length, room);
  const c = listColumns(files, width, now, marks !== undefined);
  const total = files.reduce((n, f) => n + f.bytes, 0);
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Text bold wrap="truncate-end">
        staged for upload: {files.length} file{files.length === 1 ? '' : 's'}, {formatSize(total)}{unlisted ? ` listed; ${unlisted}` : ''}, sorted by {sort === 'bytes' ? 'size' : 'time'} (b size · t time · ↑/↓ select · p preview · e/Esc close)
      </Text>
      <Text color="gray" wrap="truncate-end">{'  '}{line(c, { mark: '✓', name: 'file', bytes: 'bytes', category: 'category', step: 'step', seen: 'seen', source: 'source' })}</Text>
      {rows.slice(start, start + room).map((f, i) => (
        <Text key={f.path} inverse={start + i === selected} wrap="truncate-end">
          {start + i === selected ? '▸ ' : '  '}
          {line(c, { mark: marks?.get(f.path) ?? '', name: stagedName(f, c.name), bytes: thousands(f.bytes), category: f.category, step: String(f.step ?? ''), seen: seenText(f.firstSeen, now), source: cleanText(f.source ?? '') })}
        </Text>
      ))}
    </Box>
  );
}
