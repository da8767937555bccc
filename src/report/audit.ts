// `aigp-watch audit PATH`: the manifest of everything a wandb run sends (path, category, bytes,
// sha256, step, source file; the files of the artifacts it logs) with totals, whether the
// uploader's log says each left, and what the schedule will still ship. The manifest itself is
// made by live/audit-manifest.ts (hashing is I/O); this file formats it.
import { formatBytes, thousands } from '../model/units.js';
import { attributedState } from '../model/egress-attribution.js';
import { projectedBytes, type EgressState } from '../model/egress.js';
import { egressQueue } from '../model/egress-queue.js';
import type { AuditArtifactEntry, AuditEntry } from '../model/audit-entry.js';
import { stagedName } from '../model/staged-name.js';
import { candidatesJson, uploadsNote } from './egress-report.js';
import { cleanText } from '../model/text.js';
import { formatWhen } from '../model/run-summary.js';

export const MODEL_ARTIFACT = 'model artifact';
/** The text shows this much of each sha256 (--json has all 64 hex digits). */
const HASH_SHOWN = 16;

const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`;

export function auditJson(label: string, s: EgressState, entries: AuditEntry[], now: number, artifacts: AuditArtifactEntry[] = []) {
  const totals: Record<string, { files: number; bytes: number }> = {};
  const add = (category: string, bytes: number) => {
    totals[category] ??= { files: 0, bytes: 0 };
    totals[category].files += 1;
    totals[category].bytes += bytes;
  };
  for (const e of entries) add(e.category, e.bytes);
  for (const a of artifacts) add(a.type === 'model' ? MODEL_ARTIFACT : 'artifact', a.bytes);
  const q = s.run ? egressQueue(s, now) : null;
  return {
    training: label,
    state: attributedState(s, now),
    wandb_run: s.run?.id ?? null,
    wandb_run_dir: s.run?.dir ?? null,
    match: s.run?.match ?? null,
    confirmed: s.run !== null,
    candidates: candidatesJson(s),
    /** Every staged file's bytes, those past the listing cap too. */
    staged_bytes: entries.reduce((n, e) => n + e.bytes, 0) + (s.unlisted?.bytes ?? 0),
    files: entries,
    artifacts,
    artifacts_bytes: artifacts.reduce((n, a) => n + a.bytes, 0),
    totals,
    uploads: s.run ? { backend: s.uploads.backend, version: s.uploads.version, tells: s.uploads.tells, uploaded_count: s.uploads.uploadedCount, failed: s.uploads.failed, note: uploadsNote(s) } : null,
    queue: q ? { state: q.state, pending_bytes: q.pendingBytes, line: q.line } : null,
    /** Files past the listing cap: counted in staged_bytes, not listed, not hashed. */
    unlisted: s.unlisted ? { files: s.unlisted.files, bytes: s.unlisted.bytes, cap: s.unlisted.cap } : null,
    projected: s.projected,
    projected_bytes: projectedBytes(s),
  };
}

const mark = (uploaded: boolean | null) => (uploaded === true ? '✓' : uploaded === false ? '✗' : ' ');
const hashCell = (sha: string | null, fallback: string) => (sha ? sha.slice(0, HASH_SHOWN) : fallback).padEnd(HASH_SHOWN);

export function auditText(a: ReturnType<typeof auditJson>): string {
  const out: string[] = [];
  out.push(`egress audit: ${cleanText(a.training)}`);
  if (!a.wandb_run) {
    if (a.candidates.length) {
      out.push(`no wandb run names this training; ${a.candidates.length} of the same time might be it (pick one with c in the TUI):`);
      for (const c of a.candidates) out.push(`  ${cleanText(c.id)} ${c.mode}${c.started ? `, started ${c.started.replace('T', ' ')}` : ''}${c.caveat ? ` (not confirmed: ${cleanText(c.caveat)})` : ''}  ${cleanText(c.dir)}`);
    } else out.push('no wandb run belongs to this training: nothing is staged for upload.');
    return out.join('\n') + '\n';
  }
  out.push(`wandb run ${a.wandb_run} (${a.state}) at ${cleanText(a.wandb_run_dir ?? '')}`, `matched by: ${cleanText(a.match ?? '')}`);
  if (a.queue) out.push(`queue: ${a.queue.line}`);
  if (a.uploads?.note) out.push(`uploads: ${a.uploads.note}`);
  const marks = a.files.some((f) => f.uploaded !== null) || a.artifacts.some((f) => f.uploaded !== null);
  if (marks) out.push('✓: the uploader\'s log names it as sent; ✗: as failed');
  out.push('');
  const pathW = Math.min(60, Math.max(4, ...a.files.map((f) => stagedName(f, Infinity).length)));
  const catW = Math.max(8, ...a.files.map((f) => f.category.length), a.artifacts.length ? MODEL_ARTIFACT.length : 0);
  const bytesW = Math.max(5, ...a.files.map((f) => thousands(f.bytes).length), thousands(a.staged_bytes + a.artifacts_bytes).length);
  const hashHead = `sha256 (first ${HASH_SHOWN} hex)`;
  out.push(`${marks ? '✓ ' : ''}${'path'.padEnd(pathW)}  ${'category'.padEnd(catW)}  ${'bytes'.padStart(bytesW)}  ${'step'.padStart(5)}  ${'staged'.padEnd(16)}  ${hashHead.padEnd(HASH_SHOWN)}  source`);
  for (const f of a.files) {
    const hash = f.kind === 'file' ? hashCell(f.sha256, '?') : f.kind === 'symlink' ? hashCell(null, 'link, not read') : hashCell(null, 'not opened');
    out.push(`${marks ? `${mark(f.uploaded)} ` : ''}${stagedName(f, pathW).padEnd(pathW)}  ${f.category.padEnd(catW)}  ${thousands(f.bytes).padStart(bytesW)}  ${String(f.step ?? '').padStart(5)}  ${formatWhen(Date.parse(f.staged))}  ${hash.padEnd(hashHead.length)}  ${cleanText(f.source ?? '')}`.trimEnd());
  }
  if (a.artifacts.length) {
    out.push('', 'artifacts the run logs:');
    for (const e of a.artifacts) {
      const kind = e.type === 'model' ? MODEL_ARTIFACT : 'artifact';
      const from = e.source === 'expected' ? ' (expected: logged by request, not in the .wandb log)' : '';
      const local = e.ref ? `reference ${cleanText(e.ref)}: nothing uploaded` : e.local ? `local: ${cleanText(e.local)} (${cleanText(e.localWhy ?? '')})` : 'local file gone: not hashed';
      out.push(`${marks ? `${mark(e.uploaded)} ` : ''}${cleanText(`${e.artifact}/${e.path}`).padEnd(pathW)}  ${kind.padEnd(catW)}  ${thousands(e.bytes).padStart(bytesW)}  ${''.padStart(5)}  ${''.padEnd(16)}  ${hashCell(e.sha256, '-').padEnd(hashHead.length)}  ${local}${from}`.trimEnd());
    }
  }
  out.push('', 'totals:');
  for (const [cat, t] of Object.entries(a.totals).sort((x, y) => y[1].bytes - x[1].bytes)) out.push(`  ${cat.padEnd(catW)}  ${files(t.files).padStart(10)}  ${thousands(t.bytes).padStart(bytesW)} B  ${formatBytes(t.bytes).padStart(8)}`);
  const u = a.unlisted;
  if (u) out.push(`  ${'past the cap'.padEnd(catW)}  ${files(u.files).padStart(10)}  ${thousands(u.bytes).padStart(bytesW)} B  ${formatBytes(u.bytes).padStart(8)}  (over the ${thousands(u.cap)}-file listing cap: counted, not listed or hashed)`);
  const all = a.staged_bytes + a.artifacts_bytes;
  out.push(`  ${'all'.padEnd(catW)}  ${files(a.files.length + (u?.files ?? 0) + a.artifacts.length).padStart(10)}  ${thousands(all).padStart(bytesW)} B  ${formatBytes(all).padStart(8)}`);
  out.push(`(the text shows the first ${HASH_SHOWN} of each sha256's 64 hex digits: audit --json has them whole)`);
  if (a.projected.length) {
    out.push('', `still to ship on the callback's schedule: about ${formatBytes(a.projected_bytes)}`);
    for (const p of a.projected) out.push(`  ${p.what.padEnd(40)} ${formatBytes(p.bytes).padStart(9)}${p.estimated ? '  (estimated)' : ''}`);
  }
  return out.join('\n') + '\n';
}
