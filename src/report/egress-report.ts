// The egress ledger in the JSON and text faces.
import { egressAdvice } from '../model/egress-advice.js';
import { attributedState, candidateLabel } from '../model/egress-attribution.js';
import { artifactBytes, egressState, projectedBytes, stagedFileCount, unlistedNote, type ArtifactInfo, type EgressState } from '../model/egress.js';
import { egressQueue } from '../model/egress-queue.js';
import { cleanText } from '../model/text.js';
import { formatBytes, formatSize } from '../model/units.js';
import { describeWarning } from '../model/warnings.js';

/** The runs that may be the training's but that nothing confirms; `started` is the folder name's local time, as written. */
export function candidatesJson(s: EgressState | null) {
  return (s?.candidates ?? []).map((c) => ({ id: c.id, dir: c.dir, mode: c.mode, started: c.startedAt ? new Date(c.startedAt).toISOString().slice(0, 19) : null, caveat: c.caveat ?? null }));
}

/** One artifact as JSON: what leaves with it (a reference uploads nothing). */
export function artifactJson(a: ArtifactInfo) {
  return {
    name: a.name, type: a.type, aliases: a.aliases, bytes: a.bytes, source: a.source, note: a.note,
    entries: a.entries.map((e) => ({ path: e.path, size: e.size, digest: e.digest || null, ref: e.ref })),
  };
}

/** What the uploader did: who it is, its bytes on the wire, what its logs say, the queue. */
function uploadJson(s: EgressState | null, now: number) {
  if (!s?.run) {
    return { uploader: null, uploader_status: 'not looked for', uploader_note: null, sent_bytes: null, send_rate_bps: null, wire: null, queue: { state: 'none', pending_bytes: 0 }, artifacts: [], uploads: null };
  }
  const q = egressQueue(s, now);
  const u = s.uploader;
  const up = new Set(s.uploads.uploaded);
  return {
    uploader: u ? { pid: u.pid, name: u.name, evidence: u.evidence, started: u.startedAt === null ? null : new Date(u.startedAt).toISOString() } : null,
    uploader_status: s.uploaderStatus,
    uploader_note: s.uploaderNote,
    sent_bytes: s.wire.sentBytes,
    send_rate_bps: s.wire.rateBps === null ? null : Math.round(s.wire.rateBps),
    wire: { since: s.wire.since === null ? null : new Date(s.wire.since).toISOString(), note: s.wire.note, open_connections: s.wire.openSockets, short_connections: s.wire.shortConnections },
    queue: { state: q.state, pending_bytes: q.pendingBytes, queued_bytes: q.queuedBytes, confirmed_bytes: q.confirmedBytes, eta_seconds: q.etaSeconds === null ? null : Math.round(q.etaSeconds), line: q.line },
    artifacts: s.artifacts.map(artifactJson),
    artifacts_bytes: artifactBytes(s),
    uploads: {
      backend: s.uploads.backend,
      version: s.uploads.version,
      tells: s.uploads.tells,
      uploaded_files: s.uploads.tells === 'files' ? s.files.filter((f) => up.has(f.path)).length : null,
      uploaded_count: s.uploads.tells === 'counts' ? s.uploads.uploadedCount : null,
      failed: s.uploads.failed,
      note: uploadsNote(s),
    },
  };
}

/** One line on what the uploader's log tells of uploads; null when there is no log to read. */
export function uploadsNote(s: EgressState): string | null {
  const u = s.uploads;
  const failed = u.failed.length ? ` · ${u.failed.length} failed` : '';
  if (u.backend === 'legacy') return `the legacy backend${u.version ? ` ${u.version}` : ''} logs each upload: ${s.files.filter((f) => new Set(u.uploaded).has(f.path)).length} of ${s.files.length} staged files uploaded${failed}`;
  if (u.backend === 'core' && u.tells === 'counts') return `wandb-core ${u.version} logs upload counts, not names: ${u.uploadedCount} upload${u.uploadedCount === 1 ? '' : 's'} finished${failed}`;
  if (u.backend === 'core') return `wandb-core ${u.version ?? ''} does not log uploads (from 0.25.1 it counts them)${failed}`.replace('  ', ' ');
  return null;
}

export function egressJson(s: EgressState | null, now: number) {
  if (!s) return { state: 'none' as const, wandb_run: null, match: null, confirmed: false, candidates: [], staged_bytes: 0, files: 0, unlisted: null, by_category: {}, projected_bytes: 0, stats_records: 0, history_rows: 0, ...uploadJson(null, now) };
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
    ...uploadJson(s, now),
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
  const note = uploadsNote(s);
  const unlisted = unlistedNote(s);
  const count = stagedFileCount(s);
  return [
    `W&B ${state}: run ${run.id} (${cleanText(run.match)}) — ${formatSize(s.stagedBytes)} staged for upload in ${count} file${count === 1 ? '' : 's'}; ${s.statsRecords} system-metrics records, ${s.historyRows} history rows`,
    ...(unlisted ? [`  ${unlisted}`] : []),
    ...(cats ? [`  by category: ${cats}`] : []),
    ...s.artifacts.map((a) => `  ${artifactLine(a)}`),
    ...(more ? [`  about ${formatBytes(more)} more by train end (${s.projected.length} items: ${s.projected.slice(0, 4).map((p) => p.what).join(', ')}${s.projected.length > 4 ? ', …' : ''})`] : []),
    ...(run.mode === 'online' && !s.synced ? [`  ${uploaderLine(s)}`, `  ${egressQueue(s, now).line}`] : []),
    ...(note ? [`  ${note}`] : []),
    `  ${egressAdvice(state, run.trainer, s.stagedBytes)}`,
  ];
}

/** "model artifact run_x_model (model, best): best.pt 5,234,567 B" — entries past three summed. */
export function artifactLine(a: ArtifactInfo): string {
  const shown = a.entries.slice(0, 3).map((e) => `${cleanText(e.path)} ${e.ref ? 'reference' : formatSize(e.size)}`);
  const rest = a.entries.length > 3 ? ` and ${a.entries.length - 3} more` : '';
  const what = a.type === 'model' ? 'model artifact' : `artifact`;
  const tags = [cleanText(a.type), ...a.aliases.map(cleanText)].join(', ');
  const expected = a.source === 'expected' ? ' (expected: logged by request, not in the .wandb log)' : '';
  return `${what} ${cleanText(a.name)} (${tags}): ${shown.join(', ') || 'no entries listed'}${rest}${a.note && a.source !== 'expected' ? ` — ${cleanText(a.note)}` : ''}${expected}`;
}

/** Who uploads, and whether it runs: "uploader wandb-core pid 4242 (holds run-x.wandb open)". */
export function uploaderLine(s: EgressState): string {
  const u = s.uploader;
  if (u) return `uploader ${cleanText(u.name)} pid ${u.pid} (${cleanText(u.evidence)})`;
  const note = s.uploaderNote ? `: ${cleanText(s.uploaderNote)}` : '';
  switch (s.uploaderStatus) {
    case 'not looked for': return 'uploader: not looked for yet';
    case 'gone': return `uploader gone${note}`;
    case 'not found': return s.exitCode !== null ? 'uploader not running' : `uploader not found${note}`;
    case 'another user': return `uploader is another user's${note}`;
    default: return `uploader not found${note}`;
  }
}
