// The single executable (npm run sea): built here only when AIGP_BUILD_SEA=1 (it copies a 100 MB
// node); run, when it is there, with no node on PATH.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO, SAMPLES } from './helpers/paths.js';

const EXE = join(REPO, 'dist', 'aigp-watch-linux-x64');
const buildable = process.platform === 'linux' && process.arch === 'x64' && readFileSync(process.execPath).includes('NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:0');
const build: string | false = process.env.AIGP_BUILD_SEA !== '1'
  ? 'set AIGP_BUILD_SEA=1 to build the single executable in the tests'
  : buildable ? false : `no single executable from ${process.platform}-${process.arch} node ${process.version} (linux-x64 with the SEA fuse only)`;

describe('single executable', () => {
  it('npm run sea builds it', { skip: build }, () => {
    execFileSync(process.execPath, ['scripts/sea.js'], { cwd: REPO, stdio: 'pipe' });
    assert.ok(existsSync(EXE));
  });

  it('runs --version and --once with no node on PATH', { skip: existsSync(EXE) ? false : 'dist/aigp-watch-linux-x64 is not built (npm run sea)' }, () => {
    const env = { PATH: mkdtempSync(join(tmpdir(), 'aigp-no-node-')), COLUMNS: '100' };
    const version = spawnSync(EXE, ['--version'], { env, encoding: 'utf8' });
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout.trim(), JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version);
    const once = spawnSync(EXE, ['--once', '--no-gpu', join(SAMPLES, 'rundir_detect')], { env, encoding: 'utf8' });
    assert.equal(once.status, 0, once.stderr);
    assert.match(once.stdout, /epoch \d+\/\d+/);
    assert.match(once.stdout, /Losses/);
  });
});
