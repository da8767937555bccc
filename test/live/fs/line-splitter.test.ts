// One capped line splitter for every child's output: a line over the cap is dropped whole and
// counted (never cut into pieces that read as lines), locally and over ssh, and memory stays
// bounded whatever a command prints: an nvidia-smi that never prints a newline included.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LineSplitter, MAX_LINE } from '../../../src/live/fs/line-splitter.js';
import { streamLocalLines } from '../../../src/live/fs/local-commands.js';
import { CLI, SAMPLES, tempDir } from '../../helpers/paths.js';
import { peakMiB, processesWith, REPORT_RSS } from '../../helpers/procs.js';
import { waitFor } from '../../helpers/wait.js';

function split(chunks: Buffer[], max = 8): { lines: string[]; heads: string[]; dropped: number } {
  const lines: string[] = [];
  const heads: string[] = [];
  const s = new LineSplitter((l) => lines.push(l.toString()), (h) => heads.push(h.toString()), max);
  for (const c of chunks) s.push(c);
  s.end();
  return { lines, heads, dropped: s.dropped };
}

describe('LineSplitter', () => {
  it('cuts lines wherever the chunks split them; empty lines and a last line without newline count', () => {
    const text = 'a\n\nbc\ndefgh\ni';
    const whole = split([Buffer.from(text)]);
    assert.deepEqual(whole.lines, ['a', '', 'bc', 'defgh', 'i']);
    for (let cut = 0; cut <= text.length; cut++) {
      assert.deepEqual(split([Buffer.from(text.slice(0, cut)), Buffer.from(text.slice(cut))]).lines, whole.lines, `cut at ${cut}`);
    }
  });

  it('a line over the cap is dropped whole, told at once with its head, counted; the next line is whole', () => {
    const r = split([Buffer.from('ok\n0123456'), Buffer.from('789abc'), Buffer.from('def\nnext\n')]);
    assert.deepEqual(r.lines, ['ok', 'next']);
    assert.equal(r.dropped, 1);
    assert.deepEqual(r.heads, ['0123456789abc']);
    assert.deepEqual(split([Buffer.from('12345678\n123456789\n')]).lines, ['12345678'], 'the cap itself is a line');
  });
});

describe('line caps on a command\'s output', () => {
  it('locally: a command that never prints a newline is dropped, said, and held to the cap', { timeout: 60_000 }, async (t) => {
    const dir = tempDir(t);
    const lines: string[] = [];
    const overlong: number[] = [];
    const stream = streamLocalLines('sh', ['-c', `echo first; yes ${dir} | tr -d '\\n'`], {
      line: (l) => lines.push(l),
      overlong: ({ cap, count }) => overlong.push(cap, count),
      exit: () => {},
    });
    t.after(() => stream.stop());
    await waitFor(() => overlong.length > 0, 'the overlong line to be told');
    const heap = process.memoryUsage().arrayBuffers;
    stream.stop();
    await waitFor(() => processesWith(dir).length === 0, 'the command gone');
    assert.deepEqual(lines, ['first']);
    assert.deepEqual(overlong, [MAX_LINE, 1]);
    assert.ok(heap < 256 << 20, `${heap} bytes of buffers held`);
  });

  it('the CLI with an nvidia-smi that never prints a newline: --json says why and ends, in bounded memory', { timeout: 90_000 }, (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'nvidia-smi'), `#!/bin/sh\ncase "$*" in *--query-compute-apps*) exit 0 ;; esac\nexec yes 0123456789abcdef | tr -d '\\n'\n`);
    chmodSync(join(dir, 'nvidia-smi'), 0o755);
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dir}:${process.env.PATH}` };
    delete env.CI;
    const r = spawnSync(process.execPath, ['--import', REPORT_RSS, CLI, '--json', join(SAMPLES, 'rundir_detect')], { env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match((JSON.parse(r.stdout) as { gpu_status: string }).gpu_status, /printed a line of more than 64 KiB \(dropped/);
    assert.ok(peakMiB(r.stderr) < 200, `peak ${peakMiB(r.stderr)} MiB`);
  });
});
