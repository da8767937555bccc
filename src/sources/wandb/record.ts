// Enough of wandb's `Record` protobuf (wandb/proto/wandb_internal.proto) to count what a run
// sends and to match it to a training run: the record type, config items, the run record, and
// the artifacts it logs (ArtifactRecord: name, type, aliases, the manifest's entries).
import protobuf from 'protobufjs/minimal.js';

const { Reader } = protobuf;
type Reader = protobuf.Reader;

export const RECORD_TYPES: Record<number, string> = {
  2: 'history', 3: 'summary', 4: 'output', 5: 'config', 6: 'files', 7: 'stats', 8: 'artifact', 9: 'tbrecord',
  10: 'alert', 11: 'telemetry', 12: 'metric', 13: 'output_raw', 17: 'run', 18: 'exit', 20: 'final', 21: 'header',
  22: 'footer', 23: 'preempting', 24: 'link_artifact', 25: 'use_artifact', 100: 'request',
};

export interface WandbRecord {
  type: string;
  /** config records and the run record's config: key -> value_json. */
  config: Map<string, string> | null;
  runId: string | null;
  project: string | null;
  displayName: string | null;
  startTime: number | null;
  exitCode: number | null;
  /** files records: the paths registered for upload. */
  files: string[] | null;
  artifact: ArtifactRecordInfo | null;
}

/** One file of an artifact's manifest (ArtifactManifestEntry). */
export interface ArtifactEntry {
  /** Its name inside the artifact. */
  path: string;
  /** base64 MD5 of its content, as wandb writes it. */
  digest: string;
  size: number;
  /** A reference (s3://, file://…): nothing is uploaded for it. */
  ref: string | null;
  /** The file the uploader reads: a staging copy (deleted once uploaded) or the file itself. */
  localPath: string | null;
}

export interface ArtifactRecordInfo {
  name: string;
  type: string;
  aliases: string[];
  entries: ArtifactEntry[];
  /** A manifest too big for the record, in a gzipped file of its own (not read). */
  manifestFile: string | null;
  /** Entries past MAX_ARTIFACT_ENTRIES, not read. */
  leftOut: number;
}

/** Entries read from one manifest at most: a manifest of more is told as cut. */
export const MAX_ARTIFACT_ENTRIES = 10_000;

function manifestEntry(r: Reader, end: number): ArtifactEntry {
  const e: ArtifactEntry = { path: '', digest: '', size: 0, ref: null, localPath: null };
  while (r.pos < end) {
    const u = r.uint32();
    const f = u >>> 3;
    if (f === 1 && (u & 7) === 2) e.path = r.string();
    else if (f === 2 && (u & 7) === 2) e.digest = r.string();
    else if (f === 3 && (u & 7) === 2) e.ref = r.string() || null;
    else if (f === 4 && (u & 7) === 0) {
      const n = Number(r.int64());
      e.size = Number.isSafeInteger(n) && n >= 0 ? n : 0;
    } else if (f === 6 && (u & 7) === 2) e.localPath = r.string() || null;
    else r.skipType(u & 7);
  }
  return e;
}

function artifactRecord(r: Reader, end: number): ArtifactRecordInfo {
  const a: ArtifactRecordInfo = { name: '', type: '', aliases: [], entries: [], manifestFile: null, leftOut: 0 };
  while (r.pos < end) {
    const u = r.uint32();
    const f = u >>> 3;
    if (f === 4 && (u & 7) === 2) a.type = r.string();
    else if (f === 5 && (u & 7) === 2) a.name = r.string();
    else if (f === 11 && (u & 7) === 2) a.aliases.push(r.string());
    else if (f === 12 && (u & 7) === 2) {
      const mEnd = r.uint32() + r.pos;
      while (r.pos < mEnd) {
        const v = r.uint32();
        if (v >>> 3 === 4 && (v & 7) === 2) {
          const eEnd = r.uint32() + r.pos;
          if (a.entries.length < MAX_ARTIFACT_ENTRIES) a.entries.push(manifestEntry(r, eEnd));
          else a.leftOut += 1;
          r.pos = eEnd;
        } else if (v >>> 3 === 5 && (v & 7) === 2) a.manifestFile = r.string() || null;
        else r.skipType(v & 7);
      }
    } else r.skipType(u & 7);
  }
  return a;
}

function configItems(r: Reader, end: number, into: Map<string, string>): void {
  while (r.pos < end) {
    const t = r.uint32();
    if (t >>> 3 === 1 && (t & 7) === 2) {
      const itemEnd = r.uint32() + r.pos;
      let key = '';
      let value = '';
      while (r.pos < itemEnd) {
        const u = r.uint32();
        if (u >>> 3 === 1 && (u & 7) === 2) key = r.string();
        else if (u >>> 3 === 16 && (u & 7) === 2) value = r.string();
        else r.skipType(u & 7);
      }
      if (key) into.set(key, value);
    } else r.skipType(t & 7);
  }
}

/** Throws (protobufjs' RangeError) on bytes that are not a Record. */
export function decodeRecord(payload: Uint8Array): WandbRecord {
  const r = Reader.create(payload);
  const out: WandbRecord = { type: 'unknown', config: null, runId: null, project: null, displayName: null, startTime: null, exitCode: null, files: null, artifact: null };
  while (r.pos < r.len) {
    const t = r.uint32();
    const field = t >>> 3;
    const wire = t & 7;
    const type = RECORD_TYPES[field];
    if (!type || wire !== 2) {
      r.skipType(wire);
      continue;
    }
    out.type = type;
    const end = r.uint32() + r.pos;
    if (type === 'config') {
      out.config = new Map();
      configItems(r, end, out.config);
    } else if (type === 'run') {
      while (r.pos < end) {
        const u = r.uint32();
        const f = u >>> 3;
        if (f === 1 && (u & 7) === 2) out.runId = r.string();
        else if (f === 3 && (u & 7) === 2) out.project = r.string();
        else if (f === 8 && (u & 7) === 2) out.displayName = r.string();
        else if (f === 4 && (u & 7) === 2) {
          const cEnd = r.uint32() + r.pos;
          out.config = new Map();
          configItems(r, cEnd, out.config);
        } else if (f === 17 && (u & 7) === 2) {
          const tEnd = r.uint32() + r.pos;
          while (r.pos < tEnd) {
            const v = r.uint32();
            if (v >>> 3 === 1 && (v & 7) === 0) out.startTime = Number(r.int64());
            else r.skipType(v & 7);
          }
        } else r.skipType(u & 7);
      }
    } else if (type === 'exit') {
      out.exitCode = 0;
      while (r.pos < end) {
        const u = r.uint32();
        if (u >>> 3 === 1 && (u & 7) === 0) out.exitCode = r.int32();
        else r.skipType(u & 7);
      }
    } else if (type === 'artifact') {
      out.artifact = artifactRecord(r, end);
    } else if (type === 'files') {
      out.files = [];
      while (r.pos < end) {
        const u = r.uint32();
        if (u >>> 3 === 1 && (u & 7) === 2) {
          const iEnd = r.uint32() + r.pos;
          while (r.pos < iEnd) {
            const v = r.uint32();
            if (v >>> 3 === 1 && (v & 7) === 2) out.files.push(r.string());
            else r.skipType(v & 7);
          }
        } else r.skipType(u & 7);
      }
    }
    r.pos = end;
  }
  return out;
}
