// The single executable (npm run sea): built here (a few seconds; it copies the 100 MB node) unless
// AIGP_BUILD_SEA=0, then run with no node on PATH.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO, SAMPLES, SHARED_FIXTURES, needsShared } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';

const EXE = join(REPO, 'dist', 'aigp-watch-linux-x64');
const buildable = process.platform === 'linux' && process.arch === 'x64' && readFileSync(process.execPath).includes('NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:0');
const build: string | false = process.env.AIGP_BUILD_SEA === '0'
  ? 'AIGP_BUILD_SEA=0: the single executable is not built in the tests'
  : buildable ? false : `no single executable from ${process.platform}-${process.arch} node ${process.version} (linux-x64 with the SEA fuse only)`;

describe('single executable', () => {
  it('npm run sea builds it', { skip: build }, () => {
    execFileSync(process.execPath, ['scripts/sea.js'], { cwd: REPO, stdio: 'pipe' });
    assert.ok(existsSync(EXE));
  });

  // Looked for when it runs, not when the file loads: the test above may have just built it.
  it('runs --version, and --once and --json on a shared run as the node build does, with no node on PATH', (t) => {
    if (!existsSync(EXE)) return t.skip('dist/aigp-watch-linux-x64 is not built (npm run sea)');
    const env = { PATH: mkdtempSync(join(tmpdir(), 'aigp-no-node-')), COLUMNS: '100' };
    const version = spawnSync(EXE, ['--version'], { env, encoding: 'utf8' });
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout.trim(), JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version);
    const run = needsShared ? join(SAMPLES, 'rundir_detect') : join(SHARED_FIXTURES, 'ultralytics', 'rundirs', 'babymelvin_pose_train_yolo11n_v8.3');
    const once = spawnSync(EXE, ['--once', '--no-gpu', run], { env, encoding: 'utf8' });
    assert.equal(once.status, 0, once.stderr);
    assert.match(once.stdout, /epoch \d+\/\d+/);
    assert.match(once.stdout, /Losses/);
    const json = spawnSync(EXE, ['--json', '--no-gpu', run], { env, encoding: 'utf8' });
    assert.equal(json.status, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), JSON.parse(runCli(['--json', '--no-gpu', run]).stdout));
  });
});
