// The ledger lists at most `max` files and counts the rest exactly: a walk sums what is past the
// cap, and a change it cannot take alone (a path past the cap) asks for another walk.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LocalFs } from '../../src/live/fs/local-fs.js';
import { StagedLedger } from '../../src/live/staged-ledger.js';
import { tempDir } from '../helpers/paths.js';

/** files/ with `n` files of i+1 bytes each: media/images/k<i>_1_<hash>.png and output.log. */
function stage(root: string, n: number): number {
  mkdirSync(join(root, 'media', 'images'), { recursive: true });
  let total = 0;
  for (let i = 0; i < n; i++) {
    const name = i === 0 ? 'output.log' : join('media', 'images', `k${i}_1_${'0123456789abcdef0123'}.png`);
    writeFileSync(join(root, name), Buffer.alloc(i + 1));
    total += i + 1;
  }
  return total;
}

const listedBytes = (l: StagedLedger) => [...l.values()].reduce((n, e) => n + e.bytes, 0);

describe('StagedLedger past its cap', () => {
  it('lists `max` files, counts the others file by file and byte by byte, by category', async (t) => {
    const root = tempDir(t);
    const total = stage(root, 12);
    const l = new StagedLedger(new LocalFs(), root, 5);
    await l.scanAll();
    assert.equal([...l.values()].length, 5);
    assert.equal(l.unlisted.files, 7);
    assert.equal(listedBytes(l) + l.unlisted.bytes, total);
    const byCat = Object.values(l.unlisted.byCategory).reduce((a, b) => a + b, 0);
    assert.equal(byCat, l.unlisted.bytes);
    assert.equal(l.stale, false);
  });

  it('under the cap nothing is unlisted, and a new file is taken alone', async (t) => {
    const root = tempDir(t);
    stage(root, 3);
    const l = new StagedLedger(new LocalFs(), root, 5);
    await l.scanAll();
    writeFileSync(join(root, 'new.txt'), 'x');
    await l.update(join(root, 'new.txt'));
    assert.equal(l.stale, false);
    assert.equal(l.unlisted.files, 0);
    assert.equal([...l.values()].length, 4);
  });

  it('a listed file changed or gone is taken alone; an unlisted one changed or gone, or a new file with no room, asks for a walk, which makes the totals exact again', async (t) => {
    const root = tempDir(t);
    stage(root, 8);
    const onDisk = () => listFiles(root).reduce((n, p) => n + statSync(p).size, 0);
    const l = new StagedLedger(new LocalFs(), root, 5);
    await l.scanAll();
    const exact = () => assert.equal(listedBytes(l) + l.unlisted.bytes, onDisk());
    const listed = () => new Set([...l.values()].map((e) => join(root, e.rel)));
    const [a, b] = [...listed()];
    const unlisted = () => listFiles(root).find((p) => !listed().has(p))!;
    const step = async (what: string, path: string, change: () => void, stale: boolean) => {
      change();
      await l.update(path);
      assert.equal(l.stale, stale, what);
      if (stale) await l.scanAll();
      assert.equal(l.stale, false, what);
      exact();
    };
    await step('a listed file grows', a, () => writeFileSync(a, Buffer.alloc(1000)), false);
    await step('a listed file goes', b, () => rmSync(b), false);
    const c = unlisted();
    await step('an unlisted file grows', c, () => writeFileSync(c, Buffer.alloc(5000)), true);
    const d = unlisted();
    await step('an unlisted file goes', d, () => rmSync(d), true);
    const e = join(root, 'late.txt');
    await step('a new file past the cap', e, () => writeFileSync(e, 'late'), true);
    assert.equal([...l.values()].length + l.unlisted.files, listFiles(root).length);
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((x) => x.isFile()).map((x) => join(x.parentPath, x.name));
}
