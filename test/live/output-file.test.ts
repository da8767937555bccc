import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { canonicalPath, outputRefusal, writeWhole } from '../../src/live/fs/output-file.js';
import { tempDir } from '../helpers/paths.js';

describe('output files', () => {
  it('writeWhole replaces a file whole and leaves no temporary file', async (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'a.csv'), 'old');
    await writeWhole(join(dir, 'a.csv'), 'new');
    assert.equal(readFileSync(join(dir, 'a.csv'), 'utf8'), 'new');
    assert.deepEqual(readdirSync(dir), ['a.csv']);
  });

  it('a failed write leaves what was there, and no temporary file', async (t) => {
    const dir = tempDir(t);
    mkdirSync(join(dir, 'taken'));
    await assert.rejects(writeWhole(join(dir, 'taken'), 'x'));
    assert.deepEqual(readdirSync(dir), ['taken']);
  });

  it('a streamed write appears only when whole; a failure midway leaves nothing', async (t) => {
    const dir = tempDir(t);
    const big = 'x'.repeat(300_000);
    await writeWhole(join(dir, 'big.csv'), async (write) => {
      for (let i = 0; i < 10; i++) write(big);
      assert.deepEqual(readdirSync(dir).filter((n) => n === 'big.csv'), [], 'not there while it is written');
    });
    assert.equal(readFileSync(join(dir, 'big.csv'), 'utf8').length, 3_000_000);
    await assert.rejects(writeWhole(join(dir, 'half.csv'), async (write) => {
      write(big.repeat(5));
      throw new Error('the source went away');
    }));
    assert.deepEqual(readdirSync(dir), ['big.csv']);
  });

  it('refusals: a link, a folder, an existing file without force, a missing folder', (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'f'), '');
    symlinkSync(join(dir, 'f'), join(dir, 'l'));
    assert.match(outputRefusal(join(dir, 'l'), true) ?? '', /symbolic link/);
    assert.match(outputRefusal(dir, true) ?? '', /not a regular file/);
    assert.match(outputRefusal(join(dir, 'f'), false) ?? '', /--force/);
    assert.equal(outputRefusal(join(dir, 'f'), true), null);
    assert.equal(outputRefusal(join(dir, 'new'), false), null);
    assert.match(outputRefusal(join(dir, 'nope', 'x'), false) ?? '', /does not exist/);
    assert.match(outputRefusal(join(dir, 'f', 'x'), false) ?? '', /not a folder/);
  });

  it('canonicalPath sees through a linked folder', (t) => {
    const dir = tempDir(t);
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'alias'));
    assert.equal(canonicalPath(join(dir, 'alias', 'x.csv')), canonicalPath(join(dir, 'real', 'x.csv')));
  });
});
