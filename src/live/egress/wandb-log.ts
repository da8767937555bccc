// Follows a wandb run's `.wandb` log as it grows: counts its records (stats, history), and takes
// the exit record, the legacy backend's footer (written once its uploads are done), the sync marker
// beside it, and the ArtifactRecords (name, type, entries with sizes) — what the run logs as
// artifacts. Returns plain fields for one pass; the framing and the protobuf are sources/wandb/.
import { basename, join } from 'node:path/posix';
import type { ArtifactInfo, EgressPatch, WandbRunRef } from '../../model/egress.js';
import { RecordLogDecoder } from '../../sources/wandb/record-log.js';
import { decodeRecord, MAX_ARTIFACT_ENTRIES, type ArtifactRecordInfo } from '../../sources/wandb/record.js';
import { FileTail } from '../file-tail.js';
import type { RunFs } from '../fs/run-fs.js';

/** Artifacts kept at most (a run logging a checkpoint every epoch has one each). */
const MAX_ARTIFACTS = 1000;

export function artifactInfo(a: ArtifactRecordInfo, source: ArtifactInfo['source']): ArtifactInfo {
  const notes = [
    a.manifestFile ? 'its manifest is in a file of its own, not read: entries not listed' : null,
    a.leftOut ? `${a.leftOut} more entries than the ${MAX_ARTIFACT_ENTRIES} read` : null,
  ].filter(Boolean);
  return {
    name: a.name,
    type: a.type,
    aliases: a.aliases,
    entries: a.entries.map((e) => ({ path: e.path, size: e.size, digest: e.digest, ref: e.ref, localPath: e.localPath })),
    bytes: a.entries.reduce((n, e) => n + (e.ref ? 0 : e.size), 0),
    source,
    note: notes.length ? notes.join('; ') : null,
  };
}

export class WandbLogReader {
  private tail: FileTail;
  private log = new RecordLogDecoder();
  private footer = false;
  private artifacts: ArtifactInfo[] = [];
  private readonly path: string;

  constructor(private readonly fs: RunFs, run: WandbRunRef) {
    this.path = join(run.dir, `run-${run.id}.wandb`);
    this.tail = new FileTail(fs, this.path);
  }

  /** The records read since the last pass (counts, the log's state), every artifact so far, and the problems met. */
  async read(logChangedAt: number | null): Promise<{ records: NonNullable<EgressPatch['records']>; artifacts: readonly ArtifactInfo[]; warnings: { cause: string; message: string }[] }> {
    const name = basename(this.path);
    const warnings: { cause: string; message: string }[] = [];
    const counts = { records: 0, stats: 0, history: 0, exitCode: null as number | null };
    let changed = logChangedAt;
    for (;;) {
      let r;
      try {
        r = await this.tail.read();
      } catch {
        break;
      }
      if (r.kind === 'missing' || r.kind === 'gone') break;
      changed = r.mtimeMs;
      if (r.kind === 'unchanged') break;
      if (r.reset) {
        this.log = new RecordLogDecoder();
        this.artifacts = [];
        this.footer = false;
      }
      const problems = this.log.push(r.chunk, (payload) => {
        counts.records += 1;
        try {
          const rec = decodeRecord(payload);
          if (rec.type === 'stats') counts.stats += 1;
          else if (rec.type === 'history') counts.history += 1;
          else if (rec.type === 'exit') counts.exitCode = rec.exitCode;
          else if (rec.type === 'footer') this.footer = true;
          else if (rec.artifact && this.artifacts.length < MAX_ARTIFACTS) this.artifacts = [...this.artifacts, artifactInfo(rec.artifact, 'record')];
        } catch {
          warnings.push({ cause: 'wandb-record', message: `a record of ${name} could not be decoded` });
        }
      });
      for (const p of problems) {
        warnings.push({ cause: `wandb-${p.kind}`, message: p.kind === 'not-wandb' ? `${name} is not a wandb log (${p.detail})` : `${name}: ${p.kind} at byte ${p.offset}, skipped` });
      }
      if (!r.more) break;
    }
    const synced = (await this.fs.lstat(`${this.path}.synced`)) !== null;
    return {
      records: { ...counts, footer: this.footer, logChangedAt: changed, synced },
      artifacts: this.artifacts,
      warnings,
    };
  }

  /** The log's path, for the uploader's evidence (the process that holds it open). */
  get logPath(): string {
    return this.path;
  }
}
