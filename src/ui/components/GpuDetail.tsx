import { useMemo } from 'react';
import { Box, Text } from 'ink';
import { facetGrid, renderFacets, type Facet } from '../../chart/facets.js';
import { formatAgo } from '../../chart/format.js';
import { gpuStale, type GpuHistory, type GpuState } from '../../model/gpu-store.js';
import { PALETTE } from '../../model/panels.js';
import { cleanText } from '../../model/text.js';
import { formatDuration } from '../../model/units.js';
import type { ChartLine } from '../../chart/braille.js';
import { ChartLines } from './ChartLines.js';
import { drawColumns, fitColumns, shortName, TABLE_COLUMNS, TABLE_NARROWING } from './GpuLines.js';
import { gpuNotes } from './GpuPanel.js';
import { AXIS_COLOR } from '../theme.js';
import { wrapLine } from '../../report/wrap.js';
import type { MigInstance } from '../../sources/nvidia-smi/list.js';

const n = (v: number | null, digits = 0) => (v === null ? 'n/a' : v.toFixed(digits));

/** The readings charted: each on its own axis, x in seconds before the newest sample. */
const READINGS = [
  { id: 'util', label: 'util %', of: (h: GpuHistory) => h.util, scale: 1 },
  { id: 'temp', label: 'temp °C', of: (h: GpuHistory) => h.temp, scale: 1 },
  { id: 'mem', label: 'mem GiB', of: (h: GpuHistory) => h.memMib, scale: 1024 },
  { id: 'power', label: 'power W', of: (h: GpuHistory) => h.powerW, scale: 1 },
] as const;

function series(state: GpuState, index: number, reading: (typeof READINGS)[number]) {
  const h = state.history.get(index);
  if (!h) return null;
  const t0 = h.at[h.at.length - 1] ?? 0;
  const color = PALETTE[index % PALETTE.length];
  return { label: `GPU${index}`, xs: h.at.map((t) => Math.round((t - t0) / 1000)), ys: reading.of(h).map((v) => (v === null ? NaN : v / reading.scale)), color };
}

/** Few GPUs: a chart per GPU and reading, its value in its title. */
function perGpuFacets(state: GpuState): Facet[] {
  return state.gpus.flatMap((g) => {
    const color = PALETTE[g.index % PALETTE.length];
    const titles = [
      `GPU${g.index} util ${n(g.utilization_pct)}%`,
      `GPU${g.index} temp ${n(g.temperature_c)}°C`,
      `GPU${g.index} mem ${n(g.memory_used_mib === null ? null : g.memory_used_mib / 1024, 1)}/${n(g.memory_total_mib === null ? null : g.memory_total_mib / 1024)} GiB`,
      `GPU${g.index} power ${n(g.power_w)}/${n(g.power_limit_w)} W`,
    ];
    return READINGS.flatMap((r, i) => {
      const s = series(state, g.index, r);
      return s ? [{ title: titles[i], color, series: [s] }] : [];
    });
  });
}

/** Many GPUs: the numbers in a table, and a chart per reading with every GPU in it. */
function perReadingFacets(state: GpuState): Facet[] {
  return READINGS.map((r) => ({ title: r.label, color: AXIS_COLOR, series: state.gpus.flatMap((g) => series(state, g.index, r) ?? []) }));
}

/** A chart per GPU and reading where each can be a chart; else the table and a chart per reading. */
export function detailLayout(state: GpuState, width: number, height: number): { table: string[]; facets: Facet[] } {
  const per = perGpuFacets(state);
  if (facetGrid(per.length, width, height) !== null) return { table: [], facets: per };
  const fitted = fitColumns(TABLE_COLUMNS, TABLE_NARROWING, state.gpus, state, width, 2);
  return { table: state.gpus.map((g) => drawColumns(TABLE_COLUMNS, fitted, g, state, 2)), facets: perReadingFacets(state) };
}

/** MIG instances by profile: "3g.40gb (40 GB), 1g.10gb (10 GB) ×2". */
function instances(list: readonly MigInstance[]): string {
  const counts = new Map<string, { memory: number | null; n: number }>();
  for (const m of list) counts.set(m.profile, { memory: m.memory_gb, n: (counts.get(m.profile)?.n ?? 0) + 1 });
  return [...counts].map(([profile, { memory, n }]) => `${cleanText(profile)}${memory === null ? '' : ` (${memory} GB)`}${n > 1 ? ` ×${n}` : ''}`).join(', ');
}

/** What `g` says besides the charts: MIG instances, readings the driver lacks, lines that were not readings. */
export function detailNotes(state: GpuState): string[] {
  const out: string[] = [];
  for (const g of state.gpus.filter((x) => x.mig)) {
    const inst = state.migInstances.get(g.index) ?? [];
    out.push(`GPU ${g.index} MIG on: utilisation is per instance, not in nvidia-smi's GPU query · ${inst.length ? `${inst.length} instance${inst.length > 1 ? 's' : ''}: ${instances(inst)}` : 'no instances listed (nvidia-smi -L)'}`);
  }
  for (const note of gpuNotes(state).filter((x) => !x.startsWith('MIG'))) out.push(note);
  const n = state.skipped.count;
  if (n) out.push(`${n} line${n > 1 ? 's' : ''} of ${state.tool ?? 'nvidia-smi'} that ${n > 1 ? 'were not readings' : 'was not a reading'} skipped; the last: ${cleanText(state.skipped.last ?? '').slice(0, 200)}`);
  return out;
}

/** Key g: the GPUs' readings over time; without readings, why there are none. */
export function GpuDetail({ state, width, height, now, label }: { state: GpuState | null; width: number; height: number; now: number; label?: string }) {
  const notes = state ? detailNotes(state).flatMap((n) => wrapLine(n, width)) : [];
  const room = Math.max(1, height - 1 - notes.length);
  const { table, lines } = useMemo((): { table: string[]; lines: ChartLine[] } => {
    if (!state || state.gpus.length === 0) return { table: [], lines: [] };
    const layout = detailLayout(state, width, room);
    const chartH = Math.max(1, room - layout.table.length);
    return { table: layout.table, lines: renderFacets(layout.facets, { width, height: chartH, axisColor: AXIS_COLOR, xLabel: formatAgo }) };
  }, [state, width, room]);
  const { stale, ageSeconds } = state ? gpuStale(state, now) : { stale: false, ageSeconds: null };
  const names = state ? [...new Set(state.gpus.map((g) => shortName(g.name)).filter(Boolean))].join(', ') : '';
  const why = !state
    ? 'no GPU readings: the GPU panel is off (--no-gpu), nvidia-smi is not started'
    : state.gpus.length === 0 ? `no GPU readings: ${cleanText(state.status)}` : null;
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      <Text wrap="truncate-end">
        <Text bold>GPU detail{label ? ` · ${cleanText(label)}` : ''}</Text>
        {names ? <Text color="gray"> · {names}</Text> : null}
        {stale ? <Text color="yellow"> · {state && state.status !== 'ok' ? `${cleanText(state.status)}, ` : 'stale: '}last reading {formatDuration(ageSeconds)} ago</Text> : null}
        <Text color="gray"> · Esc closes</Text>
      </Text>
      {notes.map((note, i) => <Text key={i} color="yellow" wrap="truncate-end">{note}</Text>)}
      {why ? <Text color="yellow" wrap="wrap">{why}</Text> : null}
      {table.map((line, i) => <Text key={i} wrap="truncate-end">{line}</Text>)}
      {why ? null : <ChartLines lines={lines} />}
    </Box>
  );
}
