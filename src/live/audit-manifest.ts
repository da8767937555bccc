// The egress audit's manifest: each staged file of a wandb run with its content hashed on the
// run's own machine, and each file of the artifacts it logs, hashed where its local file is still
// there. Links and special files are listed, not read: their content is not hashed.
import { basename, join } from 'node:path/posix';
import type { RunFs } from './fs/run-fs.js';
import type { ArtifactInfo, EgressState } from '../model/egress.js';
import type { AuditArtifactEntry, AuditEntry } from '../model/audit-entry.js';

/** The staged files of the run on `fs`; a regular file's content is hashed, never through a link. */
export async function auditManifest(fs: RunFs, s: EgressState): Promise<AuditEntry[]> {
  const run = s.run;
  if (!run) return [];
  const uploaded = new Set(s.uploads.uploaded);
  const failed = new Set(s.uploads.failed.map((f) => f.path));
  const out: AuditEntry[] = [];
  for (const f of s.files) {
    const hash = f.kind === 'file' ? await fs.sha256(join(run.dir, 'files', f.path)) : null;
    const said = uploaded.has(f.path) ? true : failed.has(f.path) ? false : null;
    out.push({ path: f.path, kind: f.kind, target: f.target, category: f.category, bytes: f.bytes, sha256: hash, step: f.step, source: f.source, staged: new Date(f.firstSeen).toISOString(), uploaded: said });
  }
  return out;
}

/**
 * Where an artifact file's content is on this machine: its local path (a staging copy, deleted
 * once uploaded) while that is a regular file of the manifest's size; else, for an Ultralytics
 * training, the weights file of its name and size in the run folder (what the callback adds).
 */
async function localFile(fs: RunFs, e: ArtifactInfo['entries'][number], trainingDir: string | null): Promise<{ path: string; why: string } | null> {
  if (e.localPath) {
    const st = await fs.lstat(e.localPath);
    if (st?.kind === 'file' && st.size === e.size) return { path: e.localPath, why: 'its local path' };
  }
  if (trainingDir !== null) {
    const path = join(trainingDir, 'weights', basename(e.path));
    const st = await fs.lstat(path);
    if (st?.kind === 'file' && st.size === e.size) return { path, why: `weights/${basename(e.path)} of the training (same name and size)` };
  }
  return null;
}

/** The files of the run's artifacts, hashed where the local file is still there. */
export async function auditArtifacts(fs: RunFs, s: EgressState, trainingDir: string | null): Promise<AuditArtifactEntry[]> {
  const other = new Set(s.uploads.uploadedOther);
  const out: AuditArtifactEntry[] = [];
  for (const a of s.artifacts) {
    for (const e of a.entries) {
      const local = e.ref ? null : await localFile(fs, e, trainingDir);
      const sha256 = local ? await fs.sha256(local.path) : null;
      const said = s.uploads.tells === 'files' && e.localPath !== null ? other.has(e.localPath) || null : null;
      out.push({ artifact: a.name, type: a.type, source: a.source, path: e.path, bytes: e.ref ? 0 : e.size, digest: e.digest, ref: e.ref, local: local?.path ?? null, localWhy: local?.why ?? null, sha256, uploaded: said });
    }
  }
  return out;
}
