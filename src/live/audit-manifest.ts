// The egress audit's manifest: each staged file of a wandb run with its content hashed on the
// run's own machine. Links and special files are listed, not read: their content is not hashed.
import { join } from 'node:path/posix';
import type { RunFs } from './fs/run-fs.js';
import type { EgressState } from '../model/egress.js';
import type { AuditEntry } from '../model/audit-entry.js';

/** The staged files of the run on `fs`; a regular file's content is hashed, never through a link. */
export async function auditManifest(fs: RunFs, s: EgressState): Promise<AuditEntry[]> {
  const run = s.run;
  if (!run) return [];
  const out: AuditEntry[] = [];
  for (const f of s.files) {
    const hash = f.kind === 'file' ? await fs.sha256(join(run.dir, 'files', f.path)) : null;
    out.push({ path: f.path, kind: f.kind, target: f.target, category: f.category, bytes: f.bytes, sha256: hash, step: f.step, source: f.source, staged: new Date(f.firstSeen).toISOString() });
  }
  return out;
}
