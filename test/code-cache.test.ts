// The built CLI's code cache (src/launch.ts): written once, read back, and never trusted blindly —
// a cache that does not match its script's bytes, or a folder others could write, is not used;
// the output is the same with it, without it, and with a broken one.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CLI, REPO, SAMPLES, tempDir } from './helpers/paths.js';

const built = existsSync(join(REPO, 'dist', 'launch.cjs')) ? false : 'dist/ is not built (npm run build)';
const RUN = join(SAMPLES, 'rundir_detect');
const NODE_DIR = `${process.version}-${process.arch}`;

function cli(cache: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cache, ...env } });
}

/** Without what moves with the clock between two starts. */
const strip = (s: string) => s.replace(/"(last_data_at|now|generated_at)":"[^"]*"/g, '').replace(/nothing for [^(]*\(/g, '');

const cachesIn = (cache: string) => {
  const dir = join(cache, 'aigp-watch', NODE_DIR);
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.cache')).sort() : [];
};

describe('the code cache of the built CLI', { skip: built }, () => {
  it('is written by the first start, in a folder of its own, and gives the same output after', (t) => {
    const cache = tempDir(t);
    const args = ['--json', '--no-gpu', RUN];
    const cold = cli(cache, args);
    const files = cachesIn(cache);
    assert.ok(files.includes('aigp-watch.cjs.cache'), `the entry's cache is there (${files.join(', ')})`);
    const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);
    assert.equal(mode(join(cache, 'aigp-watch', NODE_DIR)), '700');
    assert.equal(mode(join(cache, 'aigp-watch', NODE_DIR, 'aigp-watch.cjs.cache')), '600');
    const warm = cli(cache, args);
    assert.equal(strip(warm), strip(cold));
    assert.deepEqual(cachesIn(cache), files, 'nothing rewritten');
  });

  it('a cache that does not match (a flipped byte, a cut file, garbage) is not used, and is made again', (t) => {
    const cache = tempDir(t);
    const args = ['--once', '--no-gpu', RUN];
    const expected = strip(cli(cache, args));
    const file = join(cache, 'aigp-watch', NODE_DIR, 'aigp-watch.cjs.cache');
    const good = readFileSync(file);
    assert.ok(good.toString('latin1').startsWith('aigp-watch code cache'));
    for (const bad of [Buffer.concat([good.subarray(0, 200), Buffer.from([good[200] ^ 0xff]), good.subarray(201)]), good.subarray(0, good.length >> 1), Buffer.from('not a cache at all')]) {
      writeFileSync(file, bad);
      assert.equal(strip(cli(cache, args)), expected);
      const made = readFileSync(file);
      assert.ok(made.toString('latin1').startsWith('aigp-watch code cache') && made.length > bad.length / 2 && !made.equals(bad), 'the cache is made again');
      cli(cache, args);
      assert.ok(readFileSync(file).equals(made), 'and used by the next start (not made again)');
    }
  });

  it('is not used or written where others can write, nor when turned off', (t) => {
    const open = tempDir(t);
    mkdirSync(join(open, 'aigp-watch', NODE_DIR), { recursive: true });
    chmodSync(join(open, 'aigp-watch', NODE_DIR), 0o777);
    cli(open, ['--version']);
    assert.deepEqual(cachesIn(open), []);
    const off = tempDir(t);
    cli(off, ['--version'], { AIGP_WATCH_CODE_CACHE: 'off' });
    assert.equal(existsSync(join(off, 'aigp-watch')), false);
  });

  it('keeps one Node version\'s caches, and only of scripts the build has', (t) => {
    const cache = tempDir(t);
    const old = join(cache, 'aigp-watch', 'v0.0.1-x64');
    mkdirSync(old, { recursive: true });
    const here = join(cache, 'aigp-watch', NODE_DIR);
    mkdirSync(here, { recursive: true, mode: 0o700 });
    writeFileSync(join(here, 'chunk-GONE1234.cjs.cache'), 'from an older build');
    cli(cache, ['--version']);
    assert.equal(existsSync(old), false, 'another Node version\'s caches are gone');
    const scripts = new Set(readdirSync(join(REPO, 'dist'), { recursive: true }).map((f) => `${String(f).split('/').pop()}.cache`));
    assert.ok(cachesIn(cache).includes('aigp-watch.cjs.cache'));
    assert.deepEqual(cachesIn(cache).filter((f) => !scripts.has(f)), [], 'only caches of the build\'s scripts');
  });

  it('a cache folder that cannot be written: the CLI runs as without one', (t) => {
    const cache = tempDir(t);
    writeFileSync(join(cache, 'aigp-watch'), 'a file where the folder would be');
    assert.match(cli(cache, ['--once', '--no-gpu', RUN]), /epoch 4\/10/);
  });
});
