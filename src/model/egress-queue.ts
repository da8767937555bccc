// The queue, in one line: what the uploader has sent, what is still waiting, and whether the box
// may be switched off. "safe to stop" only when the run's exit record is written and its uploader
// has ended normally (wandb-core's stream says it finished, or the legacy backend wrote its footer
// after its uploads); an uploader gone without that may have left files behind.
import { artifactBytes, egressState, type EgressState } from './egress.js';
import { formatBytes, formatDuration, formatSize } from './units.js';

export type QueueState = 'none' | 'offline' | 'synced' | 'uploading' | 'done' | 'gone' | 'unknown';

export interface Queue {
  state: QueueState;
  /** Staged files and the artifacts' files: what the run has queued for upload. */
  queuedBytes: number;
  /** What the logs confirm has left (per file, legacy backend). */
  confirmedBytes: number;
  /** What may still be waiting: an estimate while uploading, an upper bound when the uploader is gone; null: not known. */
  pendingBytes: number | null;
  etaSeconds: number | null;
  line: string;
}

/** An online run, not synced: it has an uploader, and the queue line says what it did. */
export const hasQueue = (s: EgressState): boolean => s.run?.mode === 'online' && !s.synced;

/** Staged files and artifact files the uploader's log names as sent (legacy), in bytes. */
export function confirmedBytes(s: EgressState): number {
  const up = new Set(s.uploads.uploaded);
  const other = new Set(s.uploads.uploadedOther);
  let n = 0;
  for (const f of s.files) if (up.has(f.path)) n += f.bytes;
  for (const a of s.artifacts) for (const e of a.entries) if (!e.ref && e.localPath !== null && other.has(e.localPath)) n += e.size;
  return n;
}

/** The run's uploader ended its work: wandb-core's stream finished, or the legacy backend wrote its footer. */
export function uploaderFinished(s: EgressState): boolean {
  return s.uploads.finished || s.footer;
}

function sentText(s: EgressState): string | null {
  const w = s.wire;
  if (w.sentBytes === null) return null;
  const since = w.since !== null ? ` since ${new Date(w.since).toTimeString().slice(0, 5)}` : '';
  return `sent ${formatSize(w.sentBytes)}${since}`;
}

export function egressQueue(s: EgressState, now: number): Queue {
  const queued = s.stagedBytes + artifactBytes(s);
  const confirmed = confirmedBytes(s);
  const base = { queuedBytes: queued, confirmedBytes: confirmed, etaSeconds: null };
  const state = egressState(s, now);
  if (state === 'none') return { ...base, state: 'none', pendingBytes: 0, line: 'nothing leaves this box' };
  if (state === 'synced') return { ...base, state: 'synced', pendingBytes: 0, line: `synced: ${formatBytes(queued)} left with \`wandb sync\`` };
  if (state === 'offline') return { ...base, state: 'offline', pendingBytes: queued, line: `offline: ${formatBytes(queued)} waits here for \`wandb sync\`` };
  const sent = sentText(s);
  const upTo = Math.max(0, queued - confirmed);
  if (s.uploaderStatus === 'alive') {
    const have = Math.max(confirmed, s.wire.sentBytes ?? 0);
    const pending = Math.max(0, queued - have);
    const rate = s.wire.rateBps;
    const eta = rate && rate > 0 && pending > 0 ? pending / rate : null;
    const busy = rate !== null && rate >= 1000;
    const parts = [
      s.exitCode !== null ? 'training ended, uploader still at work' : busy ? 'uploading' : 'uploader running',
      sent ? `${sent} of ~${formatBytes(queued)}` : `~${formatBytes(queued)} queued`,
      rate !== null ? `${formatBytes(Math.round(rate))}/s` : null,
      eta !== null ? `~${formatDuration(eta)} left` : null,
      s.wire.note,
    ];
    return { ...base, state: 'uploading', pendingBytes: pending, etaSeconds: eta, line: parts.filter(Boolean).join(' · ') };
  }
  if (s.exitCode !== null && uploaderFinished(s)) {
    return { ...base, state: 'done', pendingBytes: 0, line: ['all sent — safe to stop', sent].filter(Boolean).join(' · ') };
  }
  if (s.uploaderStatus === 'gone' || s.exitCode !== null || state === 'killed') {
    const why = s.uploaderStatus === 'gone' ? 'uploader gone before the end' : 'uploader not running, and its log does not say it finished';
    const killed = s.exitCode === null ? ' (a killed training kills its uploader)' : '';
    return { ...base, state: 'gone', pendingBytes: upTo, line: [`${why} — up to ${formatBytes(upTo)} may not have left${killed}`, sent].filter(Boolean).join(' · ') };
  }
  const head = s.uploaderStatus === 'another user' ? `uploader not readable: ${s.uploaderNote}` : `no uploader seen${s.uploaderNote ? ` (${s.uploaderNote})` : ''}`;
  return { ...base, state: 'unknown', pendingBytes: null, line: [`${head}: what has left is not known`, sent].filter(Boolean).join(' · ') };
}

const marksOf = new WeakMap<EgressState['uploads'], ReadonlyMap<string, string> | undefined>();

/** Per staged file, what the uploader's log says (✓ uploaded, ✗ failed); undefined when it names no file. */
export function uploadMarks(s: EgressState): ReadonlyMap<string, string> | undefined {
  const u = s.uploads;
  if (!marksOf.has(u)) {
    const marks = new Map<string, string>();
    if (u.tells === 'files') for (const p of u.uploaded) marks.set(p, '✓');
    for (const f of u.failed) if (!marks.has(f.path)) marks.set(f.path, '✗');
    marksOf.set(u, u.tells === 'files' || marks.size ? marks : undefined);
  }
  return marksOf.get(u);
}
