// Follows what a wandb run's own logs say about its uploads: logs/debug-internal.log (read as it
// grows, a few MiB a pass at most) and the head of logs/debug.log (the training's pid). Returns the
// UploadLog as plain fields; the decoding of each line is sources/wandb/upload-log.ts.
import { basename, join } from 'node:path/posix';
import { NO_UPLOAD_LOG, type FailedUpload, type UploadLog } from '../../model/egress.js';
import { coreLogsUploads, parseUploadLogLine, sdkVersionOf, trainingPidOf } from '../../sources/wandb/upload-log.js';
import { FileTail } from '../file-tail.js';
import { readRegularFile } from '../fs/read-regular.js';
import type { RunFs } from '../fs/run-fs.js';

/** Read of debug-internal.log per pass, at most: a long legacy log (DEBUG level) is read over several passes. */
const BYTES_PER_PASS = 4 << 20;
/** A line longer than this is no line of wandb's: passed over. */
const MAX_LINE = 64 << 10;
const DEBUG_LOG_HEAD = 64 << 10;
/** Kept at most (the oldest failures give way to newer ones; uploads past the cap are not listed). */
const MAX_UPLOADED = 100_000;
const MAX_OTHER = 10_000;
const MAX_FAILED = 200;

export class UploadLogTail {
  private tail: FileTail;
  private partial = '';
  private longLine = false;
  private log: UploadLog = NO_UPLOAD_LOG;
  private uploaded = new Set<string>();
  private other = new Set<string>();
  private readonly folder: string;
  private sdkVersion: string | null = null;

  constructor(private readonly fs: RunFs, private readonly runDir: string) {
    this.tail = new FileTail(fs, join(runDir, 'logs', 'debug-internal.log'));
    this.folder = basename(runDir);
  }

  /** When debug-internal.log last changed (ms), as last read; null before it is there. */
  private changedAt: number | null = null;

  /** What the logs say now; `more` when debug-internal.log has more to read than a pass takes; when it last changed. */
  async read(): Promise<{ log: UploadLog; more: boolean; changedAt: number | null; warnings: { cause: string; message: string }[] }> {
    const warnings: { cause: string; message: string }[] = [];
    if (this.log.trainingPid === null) await this.readDebugLog();
    let read = 0;
    let more = false;
    while (read < BYTES_PER_PASS) {
      let r;
      try {
        r = await this.tail.read();
      } catch {
        break;
      }
      if (r.kind === 'unchanged') this.changedAt = r.mtimeMs;
      if (r.kind !== 'data') break;
      this.changedAt = r.mtimeMs;
      if (r.reset) this.restart();
      read += r.chunk.length;
      this.take(r.chunk.toString('utf8'), warnings);
      more = r.more;
      if (!r.more) break;
    }
    return { log: this.log, more, changedAt: this.changedAt, warnings };
  }

  private async readDebugLog(): Promise<void> {
    const r = await readRegularFile(this.fs, join(this.runDir, 'logs', 'debug.log'), { maxBytes: DEBUG_LOG_HEAD, larger: 'head' });
    if (!r.ok) return;
    for (const line of r.data.toString('utf8').split('\n')) {
      this.sdkVersion ??= sdkVersionOf(line);
      const pid = trainingPidOf(line);
      if (pid !== null) {
        this.log = { ...this.log, trainingPid: pid };
        break;
      }
    }
    if (this.log.backend === 'legacy' && this.log.version === null && this.sdkVersion) this.log = { ...this.log, version: this.sdkVersion };
  }

  /** The log was replaced or truncated: what it says is read again from its start. */
  private restart(): void {
    this.partial = '';
    this.uploaded.clear();
    this.other.clear();
    this.log = { ...NO_UPLOAD_LOG, trainingPid: this.log.trainingPid };
  }

  private take(text: string, warnings: { cause: string; message: string }[]): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    if (this.partial.length > MAX_LINE) {
      this.partial = '';
      this.longLine = true;
    }
    let log = this.log;
    let failed: FailedUpload[] | null = null;
    for (const line of lines) {
      if (this.longLine) {
        // The rest of a line already passed over.
        this.longLine = false;
        warnings.push({ cause: 'upload-log-line', message: `${this.folder}/logs/debug-internal.log: a line over ${MAX_LINE} bytes, passed over` });
        continue;
      }
      const e = parseUploadLogLine(line, this.folder);
      if (!e) continue;
      switch (e.kind) {
        case 'core-version':
          log = { ...log, backend: 'core', version: e.version, tells: coreLogsUploads(e.version) ? 'counts' : 'nothing' };
          break;
        case 'legacy':
          log = { ...log, backend: 'legacy', version: log.version ?? this.sdkVersion, tells: 'files', serverPid: e.serverPid ?? log.serverPid };
          break;
        case 'uploaded':
          if (e.rel !== null) {
            if (this.uploaded.size < MAX_UPLOADED) this.uploaded.add(e.rel);
          } else if (this.other.size < MAX_OTHER) this.other.add(e.path);
          if (log.backend === null) log = { ...log, backend: 'legacy', version: this.sdkVersion, tells: 'files' };
          break;
        case 'uploaded-count':
          log = { ...log, uploadedCount: log.uploadedCount + e.count };
          break;
        case 'failed':
          failed ??= [...log.failed];
          failed.push({ path: e.rel ?? e.path, bytes: e.bytes, why: e.why });
          if (failed.length > MAX_FAILED) failed.shift();
          break;
        case 'stream-finished':
          log = { ...log, finished: true };
          break;
      }
    }
    if (failed) log = { ...log, failed };
    if (this.uploaded.size !== log.uploaded.length) log = { ...log, uploaded: [...this.uploaded] };
    if (this.other.size !== log.uploadedOther.length) log = { ...log, uploadedOther: [...this.other] };
    this.log = log;
  }
}
