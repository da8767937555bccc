// What a wandb run's logs say about its uploads, line by line (logs/debug-internal.log, and
// logs/debug.log for the training's pid). Two formats:
// - the legacy Python backend (up to 0.20): `2024-05-03 10:44:49,793 INFO    wandb-upload_0:77790
//   [upload_job.py:push():131] Uploaded file <path>` per file (a temp copy
//   `…/tmpXXXXXXXXwandb/<8 chars>-<name under files/>`, an end-policy file by its real path, an
//   artifact's file by its staging copy), `Skipped uploading <path>` (the server had it),
//   `Failed to upload file: <path>`; its first line `W&B internal server running at pid: N`.
// - wandb-core: JSON lines (slog) `{"time":…,"level":"INFO","msg":"stream: starting","core version":"0.21.0"}`;
//   from 0.25.1 `"msg":"filestream: sending request"` with `uploaded_len` (files finished since the
//   last request, no names) then `"filestream: request sent"`; a failed upload is an ERROR whose
//   `task` is `DefaultUploadTask{FileKind: N, Path: P, Name: N, Url: U, Size: S}` (the URL is signed:
//   never kept); the stream's end is `"stream: closed"` (0.21) or `"stream: all finished"` (later).
// Pure: a line in, what it says out.

export type UploadLogEvent =
  | { kind: 'core-version'; version: string }
  | { kind: 'legacy'; serverPid: number | null }
  /** A file left (legacy), by its path as logged and, where it was a copy of a staged file, its name under files/. */
  | { kind: 'uploaded'; path: string; rel: string | null; deduped: boolean }
  /** Files finished since the last filestream request (wandb-core >= 0.25.1). */
  | { kind: 'uploaded-count'; count: number }
  | { kind: 'failed'; path: string; rel: string | null; bytes: number | null; why: string }
  /** The uploader's stream finished its work (wandb-core): everything it had was sent. */
  | { kind: 'stream-finished' };

/** `date time,ms LEVEL   thread:pid [file:function():line] text` (the thread name may end in spaces: `StreamThr :77790`). */
const LEGACY = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (\w+)\s+[^[]*?:(\d+) \[[^\]]*\] (.*)$/;
/** A temp copy of a staged file: `<tmp>wandb/<8 chars>-<name under files/>`. */
const TEMP_COPY = /\/tmp[^/]*wandb\/[A-Za-z0-9_]{8}-(.+)$/;
const MAX_WHY = 200;

/** The name under files/ of a path the uploader logged, where it says so; null for any other file. */
export function stagedRel(path: string, runFolderName: string): string | null {
  const copy = TEMP_COPY.exec(path);
  if (copy) return copy[1];
  const marker = `/${runFolderName}/files/`;
  const at = path.lastIndexOf(marker);
  return at >= 0 ? path.slice(at + marker.length) : null;
}

/** The current version is a dev build or any x.y.z: true from 0.25.1 on (per-request upload counts). */
export function coreLogsUploads(version: string): boolean {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) return false;
  const [a, b, c] = m.slice(1).map(Number);
  return a > 0 || b > 25 || (b === 25 && c >= 1);
}

/** An error's words without the URLs it quotes (signed upload URLs carry credentials), cut short. */
function withoutUrls(msg: string): string {
  return msg.replace(/\bhttps?:\/\/\S+/g, '<url>').slice(0, MAX_WHY);
}

function coreLine(line: string, runFolderName: string): UploadLogEvent | null {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof o !== 'object' || o === null) return null;
  const r = o as Record<string, unknown>;
  const msg = typeof r.msg === 'string' ? r.msg : '';
  if (msg === 'stream: starting' && typeof r['core version'] === 'string') return { kind: 'core-version', version: r['core version'] };
  if (msg === 'filestream: sending request') {
    const n = r.uploaded_len;
    return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? { kind: 'uploaded-count', count: n } : null;
  }
  if (msg === 'stream: closed' || msg === 'stream: all finished') return { kind: 'stream-finished' };
  if (r.level === 'ERROR' && typeof r.task === 'string') {
    const task = /^DefaultUploadTask\{.*?Path: (.*?), Name: (.*?), Url: .*, Size: (\d+)\}$/.exec(r.task);
    if (!task) return null;
    const size = Number(task[3]);
    const why = withoutUrls(msg);
    return { kind: 'failed', path: task[1], rel: task[2] || stagedRel(task[1], runFolderName), bytes: Number.isSafeInteger(size) ? size : null, why };
  }
  if (r.level === 'ERROR' && /^sender: failed to log artifact/.test(msg)) {
    return { kind: 'failed', path: 'artifact', rel: null, bytes: null, why: withoutUrls(msg) };
  }
  return null;
}

function legacyLine(line: string, runFolderName: string): UploadLogEvent | null {
  const m = LEGACY.exec(line);
  if (!m) return null;
  const text = m[3];
  let u = /^Uploaded file (.+)$/.exec(text);
  if (u) return { kind: 'uploaded', path: u[1], rel: stagedRel(u[1], runFolderName), deduped: false };
  u = /^Skipped uploading (.+)$/.exec(text);
  if (u) return { kind: 'uploaded', path: u[1], rel: stagedRel(u[1], runFolderName), deduped: true };
  u = /^Failed to upload file: (.+)$/.exec(text);
  if (u) return { kind: 'failed', path: u[1], rel: stagedRel(u[1], runFolderName), bytes: null, why: 'failed to upload' };
  const pid = /^W&B internal server running at pid: (\d+)/.exec(text);
  if (pid) return { kind: 'legacy', serverPid: Number(pid[1]) };
  return null;
}

/** One line of debug-internal.log; `runFolderName` is the run folder's own name (run-…-<id>). */
export function parseUploadLogLine(line: string, runFolderName: string): UploadLogEvent | null {
  return line.startsWith('{') ? coreLine(line, runFolderName) : legacyLine(line, runFolderName);
}

/** logs/debug.log: the training process's pid ("Configure stats pid to N"), or null. */
export function trainingPidOf(line: string): number | null {
  const m = /Configure stats pid to (\d+)\s*$/.exec(line);
  return m ? Number(m[1]) : null;
}

/** logs/debug.log: the SDK's version ("Current SDK version is 0.16.6"), or null. */
export function sdkVersionOf(line: string): string | null {
  return /Current SDK version is (\S+)\s*$/.exec(line)?.[1] ?? null;
}
