// `aigp-watch export`: the charts as a PNG and/or the series as CSV, written safely. Nothing is
// written into the run folder it reads (its own input), over an existing file without --force,
// through a symlink, or twice to one file; everything is drawn before anything is written, and
// each file is said to be written or not.
import { dirname } from 'node:path';
import type { ExportOptions } from './args.js';
import type { RunTarget } from './discover/targets.js';
import { canonicalPath, outputRefusal, realPath, writeWhole, type Fill } from './live/fs/output-file.js';
import { openRun } from './live/open-run.js';
import { egressPanel } from './model/egress-chart.js';
import type { EgressState } from './model/egress.js';
import { buildPanels, type PanelSeries } from './model/panels.js';
import { viewRun } from './model/run-view.js';
import { buildTbPanels } from './model/tb-panels.js';
import type { RunState } from './model/run-store.js';
import type { TbState } from './model/tb-store.js';
import { EpochRows, selected, StepRows } from './report/csv-export.js';

/** Exit codes of export, as documented in --help and the README. */
export const EXPORT_OK = 0;
export const EXPORT_REFUSED = 2;
export const EXPORT_FAILED = 3;

export interface Output {
  path: string;
  data: string | Uint8Array | Fill;
}

const outputPaths = (ex: ExportOptions) => [ex.png, ex.csv].filter((p): p is string => p !== null);

/**
 * Why the outputs may not be written (empty: they may), checked before the run is read. The
 * outputs are written on this machine: only a run on this machine has a folder they could land in.
 */
export function refusals(t: RunTarget, ex: ExportOptions): string[] {
  const paths = outputPaths(ex);
  if (paths.length === 2 && canonicalPath(paths[0]) === canonicalPath(paths[1])) return [`--png and --csv name the same file (${paths[0]})`];
  const runDir = t.fs.host === null ? realPath(t.runDir) : null;
  return paths.flatMap((p) => {
    if (dirname(canonicalPath(p)) === runDir) return [`${p} is in the run folder this export reads (${t.runDir}): write it elsewhere`];
    return outputRefusal(p, ex.force) ?? [];
  });
}

/** The event files' scalars as CSV rows, read again as they are written (never all in memory). */
function tensorboardRows(t: RunTarget, tags: readonly string[]): Fill {
  return async (write) => {
    const rows = new StepRows(tags, write);
    const { reader } = openRun(t, { records: { scalar: (_, tag, step, value) => rows.add(tag, step, value), rows: () => {}, ready: () => {} } });
    await reader.sync(false);
    rows.end();
  };
}

/** results.csv's rows as CSV rows, every one in file order, read again as they are written. */
function ultralyticsRows(t: RunTarget, metrics: readonly string[] | null): Fill {
  return async (write) => {
    const rows = new EpochRows(metrics, write);
    const { reader } = openRun(t, { records: { scalar: () => {}, rows: (_, events) => rows.add(events), ready: () => {} } });
    await reader.sync(false);
    reader.finish();
  };
}

function csvOutput(t: RunTarget, run: RunState | TbState, metrics: readonly string[] | null): string | Fill | null {
  if (run.format === 'ultralytics') {
    if (metrics && !run.columns.some((c, i) => run.roles[i].kind !== 'epoch' && selected(c, metrics))) return null;
    return ultralyticsRows(t, metrics);
  }
  const tags = [...run.tags.keys()].filter((tag) => selected(tag, metrics)).sort();
  return metrics && tags.length === 0 ? null : tensorboardRows(t, tags);
}

/** The files' contents (a CSV of TensorBoard scalars is streamed as it is written), or why there are none (a --metrics that matches nothing). */
export async function renderOutputs(t: RunTarget, run: RunState | TbState, egress: EgressState | null, ex: ExportOptions, now: number): Promise<Output[] | string> {
  const out: Output[] = [];
  if (ex.png) {
    let panels = run.format === 'ultralytics' ? buildPanels(run, false) : buildTbPanels(run, false, false);
    if (ex.metrics) {
      const want = ex.metrics;
      const wanted = (x: PanelSeries) => want.some((m) => x.column === m || x.column.includes(m));
      panels = panels.map((p) => ({
        ...p,
        series: p.series.filter(wanted),
        facets: p.facets?.map((f) => ({ ...f, series: f.series.filter(wanted) })).filter((f) => f.series.length > 0),
      })).filter((p) => p.series.length > 0);
      if (panels.length === 0) return `no series matches --metrics ${want.join(',')}`;
    }
    // How the bytes for wandb grew, as one more chart; --metrics asks for those series alone.
    const staged = !ex.metrics && egress?.run ? egressPanel(egress) : null;
    if (staged) panels = [...panels, staged];
    const view = run.format === 'ultralytics' ? viewRun(run, now) : null;
    const { renderPng } = await import('./report/png-export.js');
    out.push({
      path: ex.png,
      data: await renderPng(panels, {
        width: ex.width, height: ex.height, title: `${run.label}${view?.task ? ` · ${view.task}` : ''}`,
        marker: view?.bestEpoch ?? null, xLabel: run.format === 'ultralytics' ? 'epoch' : 'step',
      }),
    });
  }
  if (ex.csv) {
    const data = csvOutput(t, run, ex.metrics);
    if (data === null) return `no series matches --metrics ${ex.metrics!.join(',')}`;
    out.push({ path: ex.csv, data });
  }
  return out;
}

/** Writes each output whole; returns the paths written and, for the others, why not. */
export async function writeOutputs(outputs: readonly Output[], force: boolean): Promise<{ written: string[]; failed: string[] }> {
  const written: string[] = [];
  const failed: string[] = [];
  for (const o of outputs) {
    // Checked again: the run took time to read, and a file may have appeared meanwhile.
    const refused = outputRefusal(o.path, force);
    if (refused) {
      failed.push(`${o.path} not written: ${refused}`);
      continue;
    }
    try {
      await writeWhole(o.path, o.data);
      written.push(o.path);
    } catch (err) {
      failed.push(`${o.path} not written: ${(err as Error).message}`);
    }
  }
  return { written, failed };
}
