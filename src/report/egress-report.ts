// The egress ledger in the JSON and text faces.
import { egressAdvice } from '../model/egress-advice.js';
import { attributedState, candidateLabel } from '../model/egress-attribution.js';
import { egressState, projectedBytes, stagedFileCount, unlistedNote, type EgressState } from '../model/egress.js';
import { cleanText } from '../model/text.js';
import { formatBytes, formatSize } from '../model/units.js';
import { describeWarning } from '../model/warnings.js';

/** The runs that may be the training's but that nothing confirms; `started` is the folder name's local time, as written. */
export function candidatesJson(s: EgressState | null) {
  return (s?.candidates ?? []).map((c) => ({ id: c.id, dir: c.dir, mode: c.mode, started: c.startedAt ? new Date(c.startedAt).toISOString().slice(0, 19) : null, caveat: c.caveat ?? null }));
}

export function egressJson(s: EgressState | null, now: number) {
  if (!s) return { state: 'none' as const, wandb_run: null, match: null, confirmed: false, candidates: [], staged_bytes: 0, files: 0, unlisted: null, by_category: {}, projected_bytes: 0, stats_records: 0, history_rows: 0 };
  const newest = s.files.reduce<(typeof s.files)[number] | null>((a, f) => (!a || f.firstSeen > a.firstSeen ? f : a), null);
  const run = s.run;
  return {
    state: attributedState(s, now),
    wandb_run: s.run?.id ?? null,
    wandb_run_dir: s.run?.dir ?? null,
    match: s.run?.match ?? null,
    confirmed: run !== null,
    candidates: candidatesJson(s),
    staged_bytes: s.stagedBytes,
    files: stagedFileCount(s),
    /** Past the listing cap: counted in staged_bytes and files, not in newest_file or any list. */
    unlisted: s.unlisted ? { files: s.unlisted.files, bytes: s.unlisted.bytes, cap: s.unlisted.cap } : null,
    by_category: Object.fromEntries(Object.entries(s.byCategory).filter(([, v]) => v > 0)),
    newest_file: newest ? { path: newest.path, bytes: newest.bytes, kind: newest.kind, target: newest.target, category: newest.category } : null,
    projected_bytes: projectedBytes(s),
    projected: s.projected,
    stats_records: s.statsRecords,
    history_rows: s.historyRows,
    advice: run ? egressAdvice(egressState(s, now), run.trainer, s.stagedBytes) : null,
    looked_in: s.lookedIn,
    warnings: s.warnings.map(describeWarning),
  };
}

export function egressLines(s: EgressState | null, now: number): string[] {
  const run = s?.run;
  if (!s || !run) {
    const candidates = s?.candidates ?? [];
    if (candidates.length) {
      return [
        `W&B unconfirmed: ${candidates.length} run${candidates.length > 1 ? 's' : ''} of the same time, none naming this training (pick one with c in the TUI):`,
        ...candidates.map((c) => `  ${candidateLabel(c)}  ${cleanText(c.dir)}`),
      ];
    }
    const where = s?.lookedIn.length ? ` (looked in ${s.lookedIn.map(cleanText).join(', ')})` : '';
    return [`W&B: no wandb run belongs to this training — nothing leaves this box${where}`];
  }
  const state = egressState(s, now);
  const cats = Object.entries(s.byCategory).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${formatBytes(v)}`).join(' · ');
  const more = projectedBytes(s);
  const unlisted = unlistedNote(s);
  return [
    `W&B ${state}: run ${run.id} (${cleanText(run.match)}) — ${formatSize(s.stagedBytes)} staged for upload in ${stagedFileCount(s)} files; ${s.statsRecords} system-metrics records, ${s.historyRows} history rows`,
    ...(unlisted ? [`  ${unlisted}`] : []),
    ...(cats ? [`  by category: ${cats}`] : []),
    ...(more ? [`  about ${formatBytes(more)} more by train end (${s.projected.length} items: ${s.projected.slice(0, 4).map((p) => p.what).join(', ')}${s.projected.length > 4 ? ', …' : ''})`] : []),
    `  ${egressAdvice(state, run.trainer, s.stagedBytes)}`,
  ];
}
