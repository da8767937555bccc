// Who could have put a wandb run where it is, on the real file system (modes by chmod; another
// owner by chown when the tests run as root, and by a file system that says so otherwise).
import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { custodyOf, evidencePaths } from '../../src/discover/custody.js';
import { LocalFs } from '../../src/live/fs/local-fs.js';
import type { FileInfo, FsPath } from '../../src/live/fs/run-fs.js';
import { tempDir } from '../helpers/paths.js';

/** base/<parent>/runs/detect/train and base/<wandbAt>/wandb/run-…-abcd1234 with its config. */
function layout(base: string, wandbAt = 'proj', parent = 'proj') {
  const training = join(base, parent, 'runs', 'detect', 'train');
  const run = join(base, wandbAt, 'wandb', 'run-20260101_000000-abcd1234');
  mkdirSync(training, { recursive: true });
  mkdirSync(join(run, 'files'), { recursive: true });
  writeFileSync(join(run, 'files', 'config.yaml'), 'save_dir:\n  value: runs/detect/train\n');
  return { training, run, wandb: join(base, wandbAt, 'wandb') };
}

const check = (fs: LocalFs, l: { training: string; run: string }) => custodyOf(fs, l.training, l.run, evidencePaths('abcd1234'));

/** This machine's file system, but `uid` owns what is under `under`. */
class OwnedBy extends LocalFs {
  constructor(private readonly under: string, private readonly uid: number) {
    super();
  }
  private as(p: FsPath, st: FileInfo | null): FileInfo | null {
    return st && String(p).startsWith(this.under) ? { ...st, uid: this.uid } : st;
  }
  override async lstat(p: FsPath) {
    return this.as(p, await super.lstat(p));
  }
  override async stat(p: FsPath) {
    return this.as(p, await super.stat(p));
  }
}

describe('custodyOf: evidence only the training\'s owner could have written', () => {
  it('a run in the project\'s own wandb folder, made by the training\'s owner: trusted', async (t) => {
    assert.deepEqual(await check(new LocalFs(), layout(tempDir(t))), { trusted: true });
  });

  it('a wandb folder anyone may write to (0777): not trusted; with the sticky bit (1777, like /tmp): trusted', async (t) => {
    const l = layout(tempDir(t));
    chmodSync(l.wandb, 0o777);
    const k = await check(new LocalFs(), l);
    assert.equal(k.trusted, false);
    assert.match(k.trusted ? '' : k.why, /wandb is writable by anyone$/);
    chmodSync(l.wandb, 0o1777);
    assert.deepEqual(await check(new LocalFs(), l), { trusted: true });
  });

  it('the answer is kept 30 s per file system (the matcher asks on every look), then looked at again', async (t) => {
    const l = layout(tempDir(t));
    const fs = new LocalFs();
    chmodSync(l.wandb, 0o777);
    const at = Date.now();
    assert.equal((await custodyOf(fs, l.training, l.run, [], at)).trusted, false);
    chmodSync(l.wandb, 0o755);
    assert.equal((await custodyOf(fs, l.training, l.run, [], at + 29_000)).trusted, false);
    assert.equal((await custodyOf(fs, l.training, l.run, [], at + 30_000)).trusted, true);
  });

  it('a folder above the wandb folder, up to the one it shares with the training, writable by anyone without the sticky bit: not trusted', async (t) => {
    const base = tempDir(t);
    const l = layout(base, 'data', join('data', 'me'));
    chmodSync(join(base, 'data'), 0o777);
    const k = await check(new LocalFs(), l);
    assert.match(k.trusted ? '' : k.why, /data is writable by anyone \(no sticky bit\)$/);
    // Above the shared folder nothing is asked: there, the training folder itself could be moved as well.
    chmodSync(join(base, 'data'), 0o755);
    chmodSync(base, 0o777);
    assert.deepEqual(await check(new LocalFs(), l), { trusted: true });
  });

  it('a config.yaml (or its folder) anyone may write to: not trusted', async (t) => {
    const l = layout(tempDir(t));
    chmodSync(join(l.run, 'files', 'config.yaml'), 0o666);
    assert.match(((await check(new LocalFs(), l)) as { why: string }).why, /config\.yaml is writable by anyone$/);
  });

  it('a wandb folder or run owned by another user: not trusted, saying whose; one owned by root: trusted', async (t) => {
    const l = layout(tempDir(t));
    const me = process.getuid?.() ?? 1000;
    assert.match(((await check(new OwnedBy(l.wandb, 65534), l)) as { why: string }).why, new RegExp(`wandb is owned by uid 65534, the training by uid ${me}$`));
    assert.match(((await check(new OwnedBy(l.run, 4242), l)) as { why: string }).why, /abcd1234 is owned by uid 4242/);
    if (me !== 0) return;
    const root = new OwnedBy(l.training, 1000);
    assert.deepEqual(await check(root, l), { trusted: true }, 'the training is uid 1000\'s, its wandb folder root\'s');
  });

  it('really owned by another user (chown, as root)', { skip: process.getuid?.() === 0 ? false : 'not root: chown is not allowed (the case above covers it)' }, async (t) => {
    const l = layout(tempDir(t));
    chownSync(l.run, 65534, 65534);
    assert.match(((await check(new LocalFs(), l)) as { why: string }).why, /abcd1234 is owned by uid 65534, the training by uid 0$/);
  });
});
