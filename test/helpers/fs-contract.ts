// What every file system behind the seam must do, as node:test suites: run against LocalFs here,
// and against the ssh one by its own test with a tree the far side can see.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join as localJoin } from 'node:path';
import { join } from 'node:path/posix';
import { describe, it, type TestContext } from 'node:test';
import type { LineStreamHandlers, RunFs, WatchEvent } from '../../src/live/fs/run-fs.js';
import { waitFor } from './wait.js';

/** A fresh folder: `here` is where this process makes files, `there` the same folder as the fs under test names it. */
export interface FsTree {
  here: string;
  there: string;
}

type Exit = Parameters<LineStreamHandlers['exit']>[0];

/** Runs a command to its end through streamLines: its lines and how it ended. */
function streamAll(fs: RunFs, command: string, args: string[]): Promise<{ lines: string[]; exit: Exit }> {
  const lines: string[] = [];
  return new Promise((done) => {
    fs.streamLines(command, args, { line: (l) => lines.push(l), exit: (exit) => done({ lines, exit }) });
  });
}

export function fsContract(name: string, makeFs: (t: TestContext) => RunFs | Promise<RunFs>, makeTree: (t: TestContext) => FsTree | Promise<FsTree>): void {
  const setup = async (t: TestContext) => {
    const fs = await makeFs(t);
    t.after(() => fs.close());
    return { fs, tree: await makeTree(t) };
  };

  describe(`${name}: looking at entries`, () => {
    it('stat and lstat tell a file, a folder, a link, a FIFO and a socket apart; nothing there is null', async (t) => {
      const { fs, tree } = await setup(t);
      writeFileSync(localJoin(tree.here, 'f'), 'hello');
      mkdirSync(localJoin(tree.here, 'd'));
      symlinkSync('f', localJoin(tree.here, 'l'));
      execFileSync('mkfifo', [localJoin(tree.here, 'p')]);
      const server = createServer();
      await new Promise<void>((done) => server.listen(localJoin(tree.here, 's'), done));
      t.after(() => server.close());
      const kinds = async (how: 'stat' | 'lstat') => Promise.all(['f', 'd', 'l', 'p', 's', 'nope'].map(async (n) => (await fs[how](join(tree.there, n)))?.kind ?? null));
      assert.deepEqual(await kinds('lstat'), ['file', 'dir', 'symlink', 'fifo', 'socket', null]);
      assert.deepEqual(await kinds('stat'), ['file', 'dir', 'file', 'fifo', 'socket', null]);
      const f = await fs.stat(join(tree.there, 'f'));
      assert.equal(f?.size, 5);
      assert.ok((f?.mtimeMs ?? 0) > 0);
    });

    it('readdir gives names as bytes (not UTF-8 ones the same bytes) with their kinds; readlink gives the target', async (t) => {
      const { fs, tree } = await setup(t);
      const odd = Buffer.from([0x6e, 0xff, 0xfe, 0x2e, 0x74]);
      writeFileSync(Buffer.concat([Buffer.from(tree.here + '/'), odd]), 'x');
      mkdirSync(localJoin(tree.here, 'sub'));
      symlinkSync('/nowhere', localJoin(tree.here, 'dangling'));
      const entries = await fs.readdir(tree.there);
      assert.ok(entries);
      const byName = new Map(entries.map((e) => [e.name.toString('hex'), e.kind]));
      assert.deepEqual(byName, new Map([[odd.toString('hex'), 'file'], [Buffer.from('sub').toString('hex'), 'dir'], [Buffer.from('dangling').toString('hex'), 'symlink']]));
      const oddThere = Buffer.concat([Buffer.from(tree.there + '/'), odd]);
      assert.equal((await fs.lstat(oddThere))?.size, 1);
      assert.deepEqual(await fs.readlink(join(tree.there, 'dangling')), Buffer.from('/nowhere'));
      assert.equal(await fs.readlink(join(tree.there, 'sub')), null);
      assert.equal(await fs.readdir(join(tree.there, 'nope')), null);
    });
  });

  describe(`${name}: reading`, () => {
    it('readRange reads from an offset, clipped to the size, with what fstat said', async (t) => {
      const { fs, tree } = await setup(t);
      writeFileSync(localJoin(tree.here, 'f'), 'hello world');
      const at = async (offset: number, length: number) => {
        const r = await fs.readRange(join(tree.there, 'f'), offset, length);
        assert.ok(r.ok);
        assert.equal(r.info.size, 11);
        assert.equal(r.info.kind, 'file');
        return r.data.toString();
      };
      assert.equal(await at(0, 5), 'hello');
      assert.equal(await at(6, 100), 'world');
      assert.equal(await at(20, 5), '');
      assert.deepEqual(await fs.readRange(join(tree.there, 'nope'), 0, 10), { ok: false, missing: true, reason: 'not there' });
    });

    it('a FIFO is refused at once and never blocks, nor does its hash', { timeout: 20_000 }, async (t) => {
      const { fs, tree } = await setup(t);
      execFileSync('mkfifo', [localJoin(tree.here, 'p')]);
      const r = await fs.readRange(join(tree.there, 'p'), 0, 10, { followSymlinks: true });
      assert.ok(!r.ok && !r.missing);
      assert.match(r.reason, /FIFO/);
      assert.equal(await fs.sha256(join(tree.there, 'p')), null);
    });

    it('a symbolic link is refused unless followed; a hash is never taken through one', async (t) => {
      const { fs, tree } = await setup(t);
      writeFileSync(localJoin(tree.here, 'f'), 'abc');
      symlinkSync('f', localJoin(tree.here, 'l'));
      const refused = await fs.readRange(join(tree.there, 'l'), 0, 10);
      assert.ok(!refused.ok && !refused.missing);
      assert.match(refused.reason, /symbolic link/);
      const followed = await fs.readRange(join(tree.there, 'l'), 0, 10, { followSymlinks: true });
      assert.ok(followed.ok);
      assert.equal(followed.data.toString(), 'abc');
      assert.equal(await fs.sha256(join(tree.there, 'f')), createHash('sha256').update('abc').digest('hex'));
      assert.equal(await fs.sha256(join(tree.there, 'l')), null);
      assert.equal(await fs.sha256(join(tree.there, 'nope')), null);
    });

    it('a folder is no regular file', async (t) => {
      const { fs, tree } = await setup(t);
      const r = await fs.readRange(tree.there, 0, 10);
      assert.deepEqual(r, { ok: false, missing: false, reason: 'a folder' });
    });
  });

  describe(`${name}: watching`, () => {
    it('sees a root made after the watch began, and a file added, changed and removed in it', { timeout: 30_000 }, async (t) => {
      const { fs, tree } = await setup(t);
      const events: WatchEvent[] = [];
      const w = fs.watch({ root: join(tree.there, 'a', 'b'), depth: 1, files: /\.csv$/, poll: false, pollIntervalMs: 100 }, (e) => events.push(e));
      t.after(() => w.close());
      await w.ready;
      const seen = (event: WatchEvent['event'], path: string) => () => events.some((e) => e.event === event && e.path === path);
      mkdirSync(localJoin(tree.here, 'a', 'b'), { recursive: true });
      await waitFor(seen('addDir', join(tree.there, 'a', 'b')), 'the root made');
      const csv = join(tree.there, 'a', 'b', 'results.csv');
      writeFileSync(localJoin(tree.here, 'a', 'b', 'results.csv'), 'epoch\n');
      writeFileSync(localJoin(tree.here, 'a', 'b', 'notes.txt'), 'not wanted');
      await waitFor(seen('add', csv), 'the file added');
      writeFileSync(localJoin(tree.here, 'a', 'b', 'results.csv'), 'epoch\n1\n');
      await waitFor(seen('change', csv), 'the file changed');
      rmSync(localJoin(tree.here, 'a', 'b', 'results.csv'));
      await waitFor(seen('unlink', csv), 'the file removed');
      assert.ok(!events.some((e) => e.path.endsWith('notes.txt')), 'a file the spec does not want is not reported');
    });
  });

  describe(`${name}: commands`, () => {
    it('streamLines hands over each line, then how the command ended and its last words on stderr', async (t) => {
      const { fs } = await setup(t);
      const { lines, exit } = await streamAll(fs, 'sh', ['-c', 'echo one; echo two; echo oops >&2; exit 3']);
      assert.deepEqual(lines, ['one', 'two']);
      assert.deepEqual(exit, { code: 3, signal: null, notFound: false, why: 'oops' });
    });

    it('a command that is not there is notFound; runCommand gives null', async (t) => {
      const { fs } = await setup(t);
      const { exit } = await streamAll(fs, 'aigp-watch-no-such-command', []);
      assert.equal(exit.notFound, true);
      assert.equal(await fs.runCommand('aigp-watch-no-such-command', [], 5000), null);
    });

    it('runCommand gives stdout, or null when the command fails or outlasts its time', async (t) => {
      const { fs } = await setup(t);
      assert.equal(await fs.runCommand('sh', ['-c', 'echo hi'], 10_000), 'hi\n');
      assert.equal(await fs.runCommand('sh', ['-c', 'exit 1'], 10_000), null);
      assert.equal(await fs.runCommand('sh', ['-c', 'sleep 30'], 200), null);
    });

    it('a stopped stream ends', async (t) => {
      const { fs } = await setup(t);
      let stream: { stop(): void } | null = null;
      const ended = new Promise<Exit>((done) => {
        stream = fs.streamLines('sh', ['-c', 'echo ready; sleep 30'], { line: () => stream?.stop(), exit: done });
      });
      assert.equal((await ended).notFound, false);
    });
  });
}
