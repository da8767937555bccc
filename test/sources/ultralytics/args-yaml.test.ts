import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_RUN_ARGS_BYTES, parseRunArgs } from '../../../src/sources/ultralytics/args-yaml.js';

describe('parseRunArgs', () => {
  it('a flat 2 MB mapping parses in bounded time (key uniqueness was quadratic: 50 s)', async () => {
    let source = 'task: pose\nepochs: 300\n';
    for (let i = 0; source.length < 2_000_000; i++) source += `key_${i}: value_${i}\n`;
    const started = performance.now();
    const args = await parseRunArgs(source);
    const ms = performance.now() - started;
    assert.equal(args.task, 'pose');
    assert.equal(args.epochs, 300);
    assert.ok(ms < 20_000, `${Math.round(ms)} ms`);
  });

  it('a repeated key: the last one wins, as in Python', async () => {
    assert.equal((await parseRunArgs('epochs: 10\nepochs: 20\n')).epochs, 20);
    assert.equal((await parseRunArgs('epochs: 10\nx: [1]\nepochs: 20\n')).epochs, 20);
  });

  it('over the cap: refused unparsed', async () => {
    await assert.rejects(parseRunArgs('#'.repeat(MAX_RUN_ARGS_BYTES + 1)), /over the 2097152 cap/);
  });
});
