// `aigp-watch audit PATH`: the manifest of everything a wandb run staged for upload (path,
// category, bytes, sha256, step, source file) with totals, and what the schedule will still ship.
// The manifest itself is made by live/audit-manifest.ts (hashing is I/O); this file formats it.
import { formatBytes, thousands } from '../model/units.js';
import { attributedState } from '../model/egress-attribution.js';
import { projectedBytes, type EgressState } from '../model/egress.js';
import type { AuditEntry } from '../model/audit-entry.js';
import { stagedName } from '../model/staged-name.js';
import { candidatesJson } from './egress-report.js';
import { cleanText } from '../model/text.js';
import { formatWhen } from '../model/run-summary.js';

export function auditJson(label: string, s: EgressState, entries: AuditEntry[], now: number) {
  const totals: Record<string, { files: number; bytes: number }> = {};
  for (const e of entries) {
    totals[e.category] ??= { files: 0, bytes: 0 };
    totals[e.category].files += 1;
    totals[e.category].bytes += e.bytes;
  }
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
    totals,
    /** Files past the listing cap: counted in staged_bytes, not listed, not hashed. */
    unlisted: s.unlisted ? { files: s.unlisted.files, bytes: s.unlisted.bytes, cap: s.unlisted.cap } : null,
    projected: s.projected,
    projected_bytes: projectedBytes(s),
  };
}

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
  out.push(`wandb run ${a.wandb_run} (${a.state}) at ${cleanText(a.wandb_run_dir ?? '')}`, `matched by: ${cleanText(a.match ?? '')}`, '');
  const pathW = Math.min(60, Math.max(4, ...a.files.map((f) => stagedName(f, Infinity).length)));
  const catW = Math.max(8, ...a.files.map((f) => f.category.length));
  const bytesW = Math.max(5, ...a.files.map((f) => thousands(f.bytes).length), thousands(a.staged_bytes).length);
  out.push(`${'path'.padEnd(pathW)}  ${'category'.padEnd(catW)}  ${'bytes'.padStart(bytesW)}  ${'step'.padStart(5)}  ${'staged'.padEnd(16)}  ${'sha256'.padEnd(16)}  source`);
  for (const f of a.files) {
    const hash = f.kind === 'file' ? (f.sha256 ?? '?').slice(0, 16) : f.kind === 'symlink' ? 'link, not read' : 'not opened';
    out.push(`${stagedName(f, pathW).padEnd(pathW)}  ${f.category.padEnd(catW)}  ${thousands(f.bytes).padStart(bytesW)}  ${String(f.step ?? '').padStart(5)}  ${formatWhen(Date.parse(f.staged))}  ${hash.padEnd(16)}  ${cleanText(f.source ?? '')}`.trimEnd());
  }
  out.push('', 'totals:');
  for (const [cat, t] of Object.entries(a.totals).sort((x, y) => y[1].bytes - x[1].bytes)) out.push(`  ${cat.padEnd(catW)}  ${String(t.files).padStart(4)} files  ${thousands(t.bytes).padStart(bytesW)} B  ${formatBytes(t.bytes).padStart(8)}`);
  const u = a.unlisted;
  if (u) out.push(`  ${'past the cap'.padEnd(catW)}  ${String(u.files).padStart(4)} files  ${thousands(u.bytes).padStart(bytesW)} B  ${formatBytes(u.bytes).padStart(8)}  (over the ${thousands(u.cap)}-file listing cap: counted, not listed or hashed)`);
  out.push(`  ${'all'.padEnd(catW)}  ${String(a.files.length + (u?.files ?? 0)).padStart(4)} files  ${thousands(a.staged_bytes).padStart(bytesW)} B  ${formatBytes(a.staged_bytes).padStart(8)}`);
  if (a.projected.length) {
    out.push('', `still to ship on the callback's schedule: about ${formatBytes(a.projected_bytes)}`);
    for (const p of a.projected) out.push(`  ${p.what.padEnd(40)} ${formatBytes(p.bytes).padStart(9)}${p.estimated ? '  (estimated)' : ''}`);
  }
  return out.join('\n') + '\n';
}
