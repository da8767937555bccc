import { Box, Text } from 'ink';
import { formatDuration } from '../../model/units.js';
import { gpuStale, type GpuAlert, type GpuSample, type GpuState } from '../../model/gpu-store.js';
import { sparkline } from '../../model/tb-panels.js';
import { cleanText } from '../../model/text.js';
import { gpuGrid } from '../layout.js';

const GIB = 1024;

const na = (v: number | null, unit = ''): string => (v === null ? 'n/a' : `${Math.round(v)}${unit}`);
const gib = (mib: number | null): string => (mib === null ? 'n/a' : (mib / GIB).toFixed(1));

export function shortName(name: string): string {
  return cleanText(name).replace(/^NVIDIA\s+/, '').replace(/^GeForce\s+/, '');
}

function hostText(s: GpuState): string {
  const h = s.host;
  if (!h) return '';
  const mem = h.mem_used_bytes !== null && h.mem_total_bytes ? `RAM ${(h.mem_used_bytes / 2 ** 30).toFixed(1)}/${(h.mem_total_bytes / 2 ** 30).toFixed(1)} GiB` : '';
  return [h.cpu_pct !== null ? `CPU ${Math.round(h.cpu_pct)}%` : '', mem].filter(Boolean).join(' · ');
}

/** One GPU's line: the wide form (name, sparklines, processes) or the compact one. */
export function gpuLine(g: GpuSample, s: GpuState, form: 'wide' | 'compact'): string {
  const h = s.history.get(g.index);
  const spark = (xs: (number | null)[] | undefined, w: number) => sparkline((xs ?? []).map((v) => v ?? NaN), w);
  if (form === 'compact') {
    const mem = `${g.memory_used_mib === null ? 'n/a' : Math.round(g.memory_used_mib / GIB)}/${g.memory_total_mib === null ? 'n/a' : Math.round(g.memory_total_mib / GIB)}G`;
    return `${String(g.index).padStart(2)} ${na(g.utilization_pct, '%').padStart(4)} ${na(g.temperature_c, '°C').padStart(5)} ${mem.padStart(7)} ${`${na(g.power_w)}/${na(g.power_limit_w)}W`.padStart(9)} ${spark(h?.util, 4)}`;
  }
  const procs = s.processes.filter((p) => p.gpu_uuid === g.uuid).map((p) => `${cleanText(p.name).split('/').pop()} ${gib(p.used_memory_mib)}G`);
  const memPct = g.memory_used_mib !== null && g.memory_total_mib ? ` ${Math.round((g.memory_used_mib / g.memory_total_mib) * 100)}%` : '';
  return [
    `${g.index} ${shortName(g.name)}`.padEnd(20).slice(0, 20),
    `util ${na(g.utilization_pct, '%').padStart(4)} ${spark(h?.util, 12).padEnd(12)}`,
    `${na(g.temperature_c, '°C').padStart(5)} ${spark(h?.temp, 8).padEnd(8)}`,
    `mem ${gib(g.memory_used_mib)}/${gib(g.memory_total_mib)} GiB${memPct}`,
    `${na(g.power_w)}/${na(g.power_limit_w)} W`,
    g.fan_pct !== null ? `fan ${g.fan_pct}%` : '',
    procs.join(', '),
  ].filter(Boolean).join('  ');
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
  const { form, perRow } = gpuGrid(state.gpus.length, width, height, compact);
  const rows: GpuSample[][] = [];
  for (let i = 0; i < state.gpus.length; i += perRow) rows.push(state.gpus.slice(i, i + perRow));
  const colW = form === 'wide' ? width : Math.floor((width + 3) / perRow) - 3;
  const room = Math.max(0, height - 1 - Math.min(2, alerts.length));
  const hidden = rows.slice(room).flat().length;
  // Readings of a stopped or silent nvidia-smi are shown as such, greyed, never as current.
  const { stale, ageSeconds } = gpuStale(state, now);
  const staleNote = stale ? ` · stale: last reading ${formatDuration(ageSeconds)} ago` : '';
  const host = hostText(state);
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Text wrap="truncate-end">
        <Text bold>GPU{label ? ` ${cleanText(label)}` : ''}</Text>
        <Text color={state.status === 'ok' && !stale ? 'green' : 'yellow'}> {cleanText(state.status)}{staleNote}</Text>
        {hidden ? <Text color="gray"> · {hidden} more (g: detail)</Text> : null}
        {host ? <Text color="gray"> · {host}</Text> : null}
      </Text>
      {rows.slice(0, room).map((row) => (
        <Text key={row[0].index} wrap="truncate-end" color={stale ? 'gray' : undefined}>{row.map((g) => gpuLine(g, state, form).padEnd(colW).slice(0, colW)).join(' │ ')}</Text>
      ))}
      {alerts.slice(0, 2).map((a) => <Text key={a.message} color="red" wrap="truncate-end">⚠ {a.message}</Text>)}
    </Box>
  );
}
