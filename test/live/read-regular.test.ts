import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readRegularFile, type RegularRead } from '../../src/live/fs/read-regular.js';
import { tempDir } from '../helpers/paths.js';
import { LocalFs } from '../../src/live/fs/local-fs.js';

const LOCAL = new LocalFs();


const reason = (r: RegularRead) => (r.ok ? 'read' : r.reason);

describe('readRegularFile', () => {
  it('reads a regular file whole', async (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'args.yaml'), 'task: detect\n');
    const r = await readRegularFile(LOCAL, join(dir, 'args.yaml'), { maxBytes: 100 });
    assert.ok(r.ok);
    assert.equal(r.data.toString(), 'task: detect\n');
  });

  it('a FIFO is refused at once, never blocks (no writer)', { timeout: 20_000 }, async (t) => {
    const dir = tempDir(t);
    const fifo = join(dir, 'args.yaml');
    execFileSync('mkfifo', [fifo]);
    assert.match(reason(await readRegularFile(LOCAL, fifo, { maxBytes: 100, followSymlinks: true })), /FIFO/);
  });

  it('a link to /dev/zero: refused as a link, or as a device when links are followed', async (t) => {
    const dir = tempDir(t);
    symlinkSync('/dev/zero', join(dir, 'config.yaml'));
    assert.match(reason(await readRegularFile(LOCAL, join(dir, 'config.yaml'), { maxBytes: 100 })), /symbolic link/);
    assert.match(reason(await readRegularFile(LOCAL, join(dir, 'config.yaml'), { maxBytes: 100, followSymlinks: true })), /character device/);
  });

  it('over the cap: refused with both sizes, or its head when asked', async (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'big'), 'x'.repeat(1000));
    assert.equal(reason(await readRegularFile(LOCAL, join(dir, 'big'), { maxBytes: 100 })), '1000 bytes, over the 100-byte cap');
    const head = await readRegularFile(LOCAL, join(dir, 'big'), { maxBytes: 100, larger: 'head' });
    assert.ok(head.ok);
    assert.equal(head.data.length, 100);
  });

  it('missing, or a folder', async (t) => {
    const dir = tempDir(t);
    mkdirSync(join(dir, 'sub'));
    const missing = await readRegularFile(LOCAL, join(dir, 'nope'), { maxBytes: 100 });
    assert.deepEqual(missing, { ok: false, missing: true, reason: 'not there' });
    assert.equal(reason(await readRegularFile(LOCAL, join(dir, 'sub'), { maxBytes: 100 })), 'a folder');
  });
});
