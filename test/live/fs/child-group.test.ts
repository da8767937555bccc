// Every child in a process group of its own, killed whole: a wrapper script that runs the real
// command without `exec` (as clusters wrap nvidia-smi) leaves nothing behind, however this process
// stops it or ends (stop, a timeout, SIGTERM, SIGINT, a crash).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runLocalCommand, streamLocalLines } from '../../../src/live/fs/local-commands.js';
import { REPO, tempDir } from '../../helpers/paths.js';
import { processesWith } from '../../helpers/procs.js';
import { waitFor } from '../../helpers/wait.js';

/** `dir/wrapper` runs `dir/real` without exec; real prints a line every 100 ms, with sleep as its own child. */
function wrapped(dir: string): string {
  writeFileSync(join(dir, 'real'), `#!/bin/sh\nwhile :; do echo "tick $*"; sleep 0.1; done\n`);
  writeFileSync(join(dir, 'wrapper'), `#!/bin/sh\n# a cluster's wrapper: no exec\n${join(dir, 'real')} "$@"\necho "real ended" >&2\n`);
  chmodSync(join(dir, 'real'), 0o755);
  chmodSync(join(dir, 'wrapper'), 0o755);
  return join(dir, 'wrapper');
}

/** Runs a script in a child node that uses the seam, and says what it printed and how it ended. */
function script(t: { after(fn: () => void): void }, source: string): ReturnType<typeof spawn> {
  const file = join(tempDir(t), 'script.ts');
  writeFileSync(file, source.replace(/SRC/g, join(REPO, 'src')));
  const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  t.after(() => child.kill('SIGKILL'));
  return child;
}

describe('child process groups', () => {
  it('stop() ends a wrapper and the command it started, and the exit is told', { timeout: 30_000 }, async (t) => {
    const dir = tempDir(t);
    const lines: string[] = [];
    let exited = false;
    const stream = streamLocalLines(wrapped(dir), ['-lms', '100'], { line: (l) => lines.push(l), exit: () => (exited = true) });
    await waitFor(() => lines.length >= 2, 'lines from the wrapped command');
    assert.equal(lines[0], 'tick -lms 100');
    assert.ok(processesWith(dir).length >= 2, 'the wrapper and the real one run');
    stream.stop();
    await waitFor(() => exited, 'the exit');
    await waitFor(() => processesWith(dir).length === 0, 'nothing of the group left');
  });

  it('a short command that hangs past its timeout is ended with all it started: null', { timeout: 30_000 }, async (t) => {
    const dir = tempDir(t);
    assert.equal(await runLocalCommand(wrapped(dir), [], 300), null);
    await waitFor(() => processesWith(dir).length === 0, 'nothing of the group left');
    assert.equal(await runLocalCommand('sh', ['-c', 'echo ok'], 5000), 'ok\n');
    // More than a MiB of output is not a short answer.
    assert.equal(await runLocalCommand('sh', ['-c', `yes ${dir} | head -c 2000000`], 5000), null);
    await waitFor(() => processesWith(dir).length === 0, 'nothing of the big one left');
  });

  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    it(`${signal} with no handler of the tool's own: the process dies of it, its groups with it`, { timeout: 60_000 }, async (t) => {
      const dir = tempDir(t);
      const child = script(t, `import { streamLocalLines } from 'SRC/live/fs/local-commands.ts';\nstreamLocalLines(${JSON.stringify(wrapped(dir))}, [], { line: () => process.stdout.write('line\\n'), exit: () => {} });\n`);
      let out = '';
      child.stdout?.on('data', (d) => (out += d));
      await waitFor(() => out.includes('line'), 'the wrapped command running', 30_000);
      child.kill(signal);
      const [, how] = await new Promise<[number | null, string | null]>((done) => child.once('exit', (c, s) => done([c, s])));
      assert.equal(how, signal);
      await waitFor(() => processesWith(dir).length === 0, 'nothing of the group left');
    });
  }

  it('a crash (an uncaught error) takes the groups along', { timeout: 60_000 }, async (t) => {
    const dir = tempDir(t);
    const child = script(t, `import { streamLocalLines } from 'SRC/live/fs/local-commands.ts';\nlet n = 0;\nstreamLocalLines(${JSON.stringify(wrapped(dir))}, [], { line: () => { if (++n === 2) throw new Error('boom'); }, exit: () => {} });\n`);
    let err = '';
    child.stderr?.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((done) => child.once('exit', (c) => done(c)));
    assert.notEqual(code, 0);
    assert.match(err, /boom/);
    await waitFor(() => processesWith(dir).length === 0, 'nothing of the group left');
  });

  it('the CLI with a wrapped nvidia-smi first on PATH: --once and --json end, and leave nothing', { timeout: 90_000 }, (t) => {
    const dir = tempDir(t);
    // The real one copied into the folder, so that its command line names it too.
    copyFileSync(join(REPO, 'fixtures', 'nvidia-smi', 'nvidia-smi'), join(dir, 'real-nvidia-smi'));
    writeFileSync(join(dir, 'nvidia-smi'), `#!/bin/sh\n${join(dir, 'real-nvidia-smi')} "$@"\n`);
    chmodSync(join(dir, 'nvidia-smi'), 0o755);
    chmodSync(join(dir, 'real-nvidia-smi'), 0o755);
    const run = join(REPO, 'fixtures', 'ultralytics', 'samples', 'rundir_detect');
    for (const mode of ['--once', '--json']) {
      const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dir}:${process.env.PATH}` };
      delete env.CI;
      const r = spawnSync(process.execPath, [join(REPO, 'bin', 'aigp-watch.js'), mode, run], { env, encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.signal, null, `${mode} did not end by itself`);
      assert.match(r.stdout, /A100/, `${mode}: the wrapped nvidia-smi was read`);
    }
    // The wrapper's cmdline holds the folder: anything left of it would show here.
    assert.deepEqual(processesWith(dir), []);
  });
});
