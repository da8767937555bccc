// Enough of wandb's `Record` protobuf (wandb/proto/wandb_internal.proto) to count what a run
// sends and to match it to a training run: the record type, config items, the run record.
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
  const out: WandbRecord = { type: 'unknown', config: null, runId: null, project: null, displayName: null, startTime: null, exitCode: null, files: null };
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
