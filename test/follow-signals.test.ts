// --json --follow ends at once on SIGTERM or SIGINT, even while its stdout is a pipe nobody reads
// (it stops writing and exits), where it used to wait for the reader for ever.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DETECT_COLUMNS, resultsCsv } from '../fixtures/ultralytics/results-writer.js';
import { CLI, tempDir } from './helpers/paths.js';
import { bytesWritten } from './helpers/procs.js';
import { waitFor } from './helpers/wait.js';

describe('--json --follow and signals', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} with a full stdout pipe: it exits (0), not waiting for the reader`, { timeout: 60_000 }, async (t) => {
      const runDir = join(tempDir(t), 'runs', 'detect', 'x');
      mkdirSync(runDir, { recursive: true });
      // ~600 KB of epoch events: far more than a pipe holds.
      writeFileSync(join(runDir, 'results.csv'), resultsCsv('v8.3', DETECT_COLUMNS, 5000, 5000));
      const env: NodeJS.ProcessEnv = { ...process.env };
      delete env.CI;
      const child = spawn(process.execPath, [CLI, '--json', '--follow', '--no-gpu', runDir], { env, stdio: ['ignore', 'pipe', 'ignore'], timeout: 50_000 });
      t.after(() => child.kill('SIGKILL'));
      // Never read: once the pipe and Node's buffer are full, its writes wait. Full: it has written
      // a good deal and writes no more.
      const pid = child.pid as number;
      let last = -1;
      let since = Date.now();
      await waitFor(() => {
        const now = bytesWritten(pid) ?? -1;
        if (now !== last) since = Date.now();
        last = now;
        return now > 100_000 && Date.now() - since > 500;
      }, 'its stdout to fill', 30_000);
      const exited = new Promise<[number | null, string | null]>((done) => child.once('exit', (code, sig) => done([code, sig])));
      child.kill(signal);
      const [code, sig] = await exited;
      assert.deepEqual([code, sig], [0, null]);
    });
  }
});
