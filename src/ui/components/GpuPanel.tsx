import { Box, Text } from 'ink';
import { formatDuration } from '../../model/units.js';
import { gpuStale, type GpuAlert, type GpuState } from '../../model/gpu-store.js';
import type { GpuSample } from '../../sources/nvidia-smi/query.js';
import { cleanText } from '../../model/text.js';
import { COMPACT_COLUMNS, COMPACT_NARROWING, drawColumns, fitColumns, processText, WIDE_COLUMNS, WIDE_NARROWING } from './GpuLines.js';
import { gpuGrid } from '../layout.js';

export { shortName } from './GpuLines.js';

function hostText(s: GpuState): string {
  const h = s.host;
  if (!h) return '';
  const mem = h.mem_used_bytes !== null && h.mem_total_bytes ? `RAM ${(h.mem_used_bytes / 2 ** 30).toFixed(1)}/${(h.mem_total_bytes / 2 ** 30).toFixed(1)} GiB` : '';
  return [h.cpu_pct !== null ? `CPU ${Math.round(h.cpu_pct)}%` : '', mem].filter(Boolean).join(' · ');
}

/** What the panel's title says besides the status: the tool when not nvidia-smi, readings the driver does not give, MIG. */
export function gpuNotes(s: GpuState): string[] {
  const notes: string[] = [];
  if (s.tool && s.tool !== 'nvidia-smi') notes.push(`from ${s.tool}`);
  if (s.missing.length) notes.push(`this driver gives no ${s.missing.join(', ')}`);
  const mig = s.gpus.filter((g) => g.mig).map((g) => g.index);
  if (mig.length) notes.push(`MIG on (GPU ${mig.join(', ')}): utilisation is per instance, g lists them`);
  return notes;
}

/** The GPU lines of the panel: whole numbers in aligned columns, never cut. */
export function gpuRows(s: GpuState, width: number, maxLines: number, compact = false): string[] {
  const { form, perRow } = gpuGrid(s.gpus.length, width, maxLines, compact);
  const rows: GpuSample[][] = [];
  for (let i = 0; i < s.gpus.length; i += perRow) rows.push(s.gpus.slice(i, i + perRow));
  if (form === 'wide') {
    const fitted = fitColumns(WIDE_COLUMNS, WIDE_NARROWING, s.gpus, s, width, 2);
    return rows.map(([g]) => {
      const line = drawColumns(WIDE_COLUMNS, fitted, g, s, 2);
      const room = width - [...line].length - 2;
      const procs = g.fault === null && room >= 8 ? processText(g, s, room) : '';
      return procs ? `${line}  ${procs}` : line;
    });
  }
  const colW = Math.floor((width + 3) / perRow) - 3;
  const fitted = fitColumns(COMPACT_COLUMNS, COMPACT_NARROWING, s.gpus, s, colW);
  return rows.map((row) => row.map((g) => {
    const cell = drawColumns(COMPACT_COLUMNS, fitted, g, s);
    return [...cell].length > colW ? [...cell].slice(0, colW - 1).join('') + '…' : cell.padEnd(colW);
  }).join(' │ ').trimEnd());
}

interface GpuPanelProps {
  state: GpuState;
  alerts: readonly GpuAlert[];
  width: number;
  height: number;
  now: number;
  /** The host the GPUs are on, when not this machine. */
  label?: string;
  compact?: boolean;
}

export function GpuPanel({ state, alerts, width, height, now, label, compact = false }: GpuPanelProps) {
  const lines = gpuRows(state, width, height, compact);
  const room = Math.max(0, height - 1 - Math.min(2, alerts.length));
  const perLine = lines.length ? Math.ceil(state.gpus.length / lines.length) : 1;
  const hidden = Math.max(0, state.gpus.length - room * perLine);
  // Readings of a stopped or silent tool are shown as such, greyed, never as current.
  const { stale, ageSeconds } = gpuStale(state, now);
  const staleNote = stale ? ` · stale: last reading ${formatDuration(ageSeconds)} ago` : '';
  const host = hostText(state);
  const notes = gpuNotes(state);
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Text wrap="truncate-end">
        <Text bold>GPU{label ? ` ${cleanText(label)}` : ''}</Text>
        <Text color={state.status === 'ok' && !stale ? 'green' : 'yellow'}> {cleanText(state.status)}{staleNote}</Text>
        {hidden ? <Text color="gray"> · {hidden} more (g: detail)</Text> : null}
        {notes.map((n) => <Text key={n} color="yellow"> · {n}</Text>)}
        {host ? <Text color="gray"> · {host}</Text> : null}
      </Text>
      {lines.slice(0, room).map((line, i) => (
        <Text key={i} wrap="truncate-end" color={stale ? 'gray' : undefined}>{line}</Text>
      ))}
      {alerts.slice(0, 2).map((a) => <Text key={a.key} color="red" wrap="truncate-end">⚠ {a.message}</Text>)}
    </Box>
  );
}
