// `aigp-watch audit PATH`: the manifest of everything a wandb run staged for upload (path,
// category, bytes, sha256, step, source file) with totals, and what the schedule will still ship.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { formatBytes } from '../model/units.js';
import { egressState, projectedBytes, type EgressState } from '../model/egress.js';
import { cleanText } from '../model/text.js';

export interface AuditEntry {
  path: string;
  category: string;
  bytes: number;
  sha256: string | null;
  step: number | null;
  source: string | null;
}

async function sha256(path: string): Promise<string | null> {
  const h = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  } catch {
    return null;
  }
  return h.digest('hex');
}

export async function auditManifest(s: EgressState): Promise<AuditEntry[]> {
  const run = s.run;
  if (!run) return [];
  const out: AuditEntry[] = [];
  for (const f of s.files) {
    out.push({ path: f.path, category: f.category, bytes: f.bytes, sha256: await sha256(join(run.dir, 'files', f.path)), step: f.step, source: f.source });
  }
  return out;
}

export function auditJson(label: string, s: EgressState, entries: AuditEntry[], now: number) {
  const totals: Record<string, { files: number; bytes: number }> = {};
  for (const e of entries) {
    totals[e.category] ??= { files: 0, bytes: 0 };
    totals[e.category].files += 1;
    totals[e.category].bytes += e.bytes;
  }
  return {
    training: label,
    state: egressState(s, now),
    wandb_run: s.run?.id ?? null,
    wandb_run_dir: s.run?.dir ?? null,
    match: s.run?.match ?? null,
    staged_bytes: entries.reduce((n, e) => n + e.bytes, 0),
    files: entries,
    totals,
    projected: s.projected,
    projected_bytes: projectedBytes(s),
  };
}

export function auditText(a: ReturnType<typeof auditJson>): string {
  const out: string[] = [];
  out.push(`egress audit: ${cleanText(a.training)}`);
  if (!a.wandb_run) {
    out.push('no wandb run belongs to this training: nothing is staged for upload.');
    return out.join('\n') + '\n';
  }
  out.push(`wandb run ${a.wandb_run} (${a.state}) at ${cleanText(a.wandb_run_dir ?? '')}`, `matched by: ${cleanText(a.match ?? '')}`, '');
  const pathW = Math.min(60, Math.max(4, ...a.files.map((f) => cleanText(f.path).length)));
  const catW = Math.max(8, ...a.files.map((f) => f.category.length));
  out.push(`${'path'.padEnd(pathW)}  ${'category'.padEnd(catW)}  ${'bytes'.padStart(10)}  ${'step'.padStart(5)}  ${'sha256'.padEnd(16)}  source`);
  for (const f of a.files) {
    out.push(`${cleanText(f.path).slice(-pathW).padEnd(pathW)}  ${f.category.padEnd(catW)}  ${String(f.bytes).padStart(10)}  ${String(f.step ?? '').padStart(5)}  ${(f.sha256 ?? '?').slice(0, 16)}  ${cleanText(f.source ?? '')}`);
  }
  out.push('', 'totals:');
  for (const [cat, t] of Object.entries(a.totals).sort((x, y) => y[1].bytes - x[1].bytes)) out.push(`  ${cat.padEnd(catW)}  ${String(t.files).padStart(4)} files  ${formatBytes(t.bytes).padStart(9)}  (${t.bytes} bytes)`);
  out.push(`  ${'all'.padEnd(catW)}  ${String(a.files.length).padStart(4)} files  ${formatBytes(a.staged_bytes).padStart(9)}  (${a.staged_bytes} bytes)`);
  if (a.projected.length) {
    out.push('', `still to ship on the callback's schedule: about ${formatBytes(a.projected_bytes)}`);
    for (const p of a.projected) out.push(`  ${p.what.padEnd(40)} ${formatBytes(p.bytes).padStart(9)}${p.estimated ? '  (estimated)' : ''}`);
  }
  return out.join('\n') + '\n';
}
