// The egress ledger in the JSON and text faces.
import { formatBytes } from '../model/units.js';
import { egressState, projectedBytes, type EgressState } from '../model/egress.js';
import { cleanText } from '../model/text.js';
import { describeWarning } from '../model/warnings.js';

export const HOW_TO_STOP = 'AIGP_WANDB=0 (the callback off), WANDB_MODE=offline (nothing uploads until `wandb sync`), plots=False (no images)';

export function egressJson(s: EgressState | null, now: number) {
  if (!s) return { state: 'none' as const, wandb_run: null, match: null, staged_bytes: 0, files: 0, by_category: {}, projected_bytes: 0, stats_records: 0, history_rows: 0 };
  const newest = s.files.reduce<(typeof s.files)[number] | null>((a, f) => (!a || f.firstSeen > a.firstSeen ? f : a), null);
  return {
    state: egressState(s, now),
    wandb_run: s.run?.id ?? null,
    wandb_run_dir: s.run?.dir ?? null,
    match: s.run?.match ?? null,
    staged_bytes: s.stagedBytes,
    files: s.files.length,
    by_category: Object.fromEntries(Object.entries(s.byCategory).filter(([, v]) => v > 0)),
    newest_file: newest ? { path: newest.path, bytes: newest.bytes, category: newest.category } : null,
    projected_bytes: projectedBytes(s),
    projected: s.projected,
    stats_records: s.statsRecords,
    history_rows: s.historyRows,
    looked_in: s.lookedIn,
    warnings: s.warnings.map(describeWarning),
  };
}

export function egressLines(s: EgressState | null, now: number): string[] {
  if (!s?.run) {
    const where = s?.lookedIn.length ? ` (looked in ${s.lookedIn.map(cleanText).join(', ')})` : '';
    return [`W&B: no wandb run belongs to this training — nothing leaves this box${where}`];
  }
  const state = egressState(s, now);
  const cats = Object.entries(s.byCategory).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${formatBytes(v)}`).join(' · ');
  const more = projectedBytes(s);
  return [
    `W&B ${state}: run ${s.run.id} (${cleanText(s.run.match)}) — ${formatBytes(s.stagedBytes)} staged for upload in ${s.files.length} files; ${s.statsRecords} system-metrics records, ${s.historyRows} history rows`,
    ...(cats ? [`  by category: ${cats}`] : []),
    ...(more ? [`  about ${formatBytes(more)} more by train end (${s.projected.length} items: ${s.projected.slice(0, 4).map((p) => p.what).join(', ')}${s.projected.length > 4 ? ', …' : ''})`] : []),
    `  to stop it: ${HOW_TO_STOP}`,
  ];
}
