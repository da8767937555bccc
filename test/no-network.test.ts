// The tool never opens a socket: with every socket call made to fail, it still works, and nothing tried.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { REPO, SAMPLES, tempDir } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';

export const FORBID_NETWORK = pathToFileURL(join(REPO, 'test', 'helpers', 'forbid-network.mjs')).href;

describe('no network', () => {
  it('the preload really blocks sockets', (t) => {
    const log = join(tempDir(t), 'net.log');
    const r = runCli(['--version'], { env: { NODE_OPTIONS: `--import ${FORBID_NETWORK}`, AIGP_NETWORK_LOG: log } });
    assert.equal(r.status, 0);
    const probe = runCli(['--version'], {
      env: { NODE_OPTIONS: `--import ${FORBID_NETWORK} --import data:text/javascript,import('node:net').then(n=>{try{n.connect(1,'127.0.0.1')}catch{}})`, AIGP_NETWORK_LOG: log },
    });
    assert.equal(probe.status, 0);
    assert.match(readFileSync(log, 'utf8'), /net\.Socket\.connect/);
  });

  it('snapshot and JSON work with sockets forbidden, and no socket was tried', (t) => {
    const log = join(tempDir(t), 'net.log');
    const env = { NODE_OPTIONS: `--import ${FORBID_NETWORK}`, AIGP_NETWORK_LOG: log };
    for (const args of [['--json', join(SAMPLES, 'rundir_detect')], ['--once', join(SAMPLES, 'yolov5_detect.csv')]]) {
      const r = runCli(args, { env });
      assert.equal(r.status, 0, r.stderr);
      assert.ok(r.stdout.length > 100);
    }
    assert.equal(existsSync(log), false, existsSync(log) ? readFileSync(log, 'utf8') : '');
  });
});
