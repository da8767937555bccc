// Names that are not UTF-8 (a \xff byte), read by their bytes end to end: a run folder, its parent,
// a TensorBoard folder and an event file so named are read like any other, locally and over ssh,
// shown escaped, and a staged file so named is hashed like any other.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { nameString, nameText, pathBytes } from '../src/live/fs/names.js';
import { cleanText } from '../src/model/text.js';
import { LocalFs } from '../src/live/fs/local-fs.js';
import type { WatchEvent } from '../src/live/fs/run-fs.js';
import { waitFor } from './helpers/wait.js';
import { replayTraining } from '../fixtures/wandb/replay-training.js';
import { DETECT_COLUMNS, resultsCsv } from '../fixtures/ultralytics/results-writer.js';
import { fileVersionRecord, sb3Dump } from '../fixtures/tensorboard/event-writer.js';
import { CLI, tempDir } from './helpers/paths.js';
import { random } from '../fuzz/harness.js';
import { needsSshd, startSshd, type Sshd } from './helpers/sshd.js';

const FF = Buffer.from([0xff]);
/** `dir/` + bytes: a path node:fs opens by its bytes. */
const at = (dir: string | Buffer, ...parts: (string | Buffer)[]) => Buffer.concat([Buffer.from(dir), ...parts.flatMap((p) => [Buffer.from('/'), Buffer.from(p)])]);

type Run = { run: { path: string; name: string; status: string }; progress?: { done?: number }; files?: { name: string; bytes: number; records: number }[] };

/** The CLI with arguments given as bytes (through sh: node cannot pass a byte that is not UTF-8). */
function cliBytes(args: (string | Buffer)[], cwd?: string): { status: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.CI;
  const words = args.map((a) => `"$(printf '${[...Buffer.from(a)].map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('')}')"`);
  const r = spawnSync('sh', ['-c', `exec "${process.execPath}" "${CLI}" ${words.join(' ')}`], { env, cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A project whose every name on the way has a \xff: parent\xff/run\xff (Ultralytics), tb/PPO\xff (a TB folder), tb2/PPO_1/events…\xff… */
function project(dir: string): void {
  mkdirSync(at(dir, Buffer.concat([Buffer.from('parent'), FF]), Buffer.concat([Buffer.from('run'), FF])), { recursive: true });
  writeFileSync(at(dir, Buffer.concat([Buffer.from('parent'), FF]), Buffer.concat([Buffer.from('run'), FF]), 'results.csv'), resultsCsv('v8.3', DETECT_COLUMNS, 5, 5));
  const events = Buffer.concat([fileVersionRecord(1_700_000_000), ...Array.from({ length: 3 }, (_, d) => Buffer.concat(sb3Dump(d, 2048, 1_700_000_000)))]);
  mkdirSync(at(dir, 'tb', Buffer.concat([Buffer.from('PPO'), FF])), { recursive: true });
  writeFileSync(at(dir, 'tb', Buffer.concat([Buffer.from('PPO'), FF]), 'events.out.tfevents.1700000000.box.1.0'), events);
  mkdirSync(join(dir, 'tb2', 'PPO_1'), { recursive: true });
  writeFileSync(at(dir, 'tb2', 'PPO_1', Buffer.concat([Buffer.from('events.out.tfevents.1700000000.b'), FF, Buffer.from('x.1.0')])), events);
}

describe('names that are not UTF-8', () => {
  it('a name\'s bytes make a path string and back, whatever they are; UTF-8 text is itself', () => {
    const rnd = random(8);
    for (let i = 0; i < 2000; i++) {
      const bytes = Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => Math.floor(rnd() * 256)).filter((b) => b !== 0x2f && b !== 0));
      const s = nameString(bytes);
      assert.deepEqual(Buffer.from(pathBytes(s)), bytes, bytes.toString('hex'));
      assert.equal(cleanText(s), cleanText(nameText(bytes).text), 'shown as nameText shows it');
    }
    assert.equal(nameString(Buffer.from('ü-日本')), 'ü-日本');
    assert.equal(pathBytes('ü-日本'), 'ü-日本');
    assert.equal(cleanText(nameString(Buffer.from([0x61, 0xff, 0xc3, 0x28]))), 'a\\xff\\xc3(');
  });

  it('--json of a run, its parent, a TB folder and an event file so named: read, not "no run"', { timeout: 120_000 }, (t) => {
    const dir = tempDir(t);
    project(dir);
    const parent = at(dir, Buffer.concat([Buffer.from('parent'), FF]));
    for (const [what, path, check] of [
      ['the run folder', at(parent, Buffer.concat([Buffer.from('run'), FF])), (o: Run) => assert.equal(o.progress?.done, 5)],
      ['its parent', parent, (o: Run) => assert.equal(o.progress?.done, 5)],
      ['the results.csv', at(parent, Buffer.concat([Buffer.from('run'), FF]), 'results.csv'), (o: Run) => assert.equal(o.progress?.done, 5)],
      ['a TB folder', at(dir, 'tb', Buffer.concat([Buffer.from('PPO'), FF])), (o: Run) => assert.ok((o.files?.[0]?.records ?? 0) > 0)],
      ['a folder above it', at(dir, 'tb'), (o: Run) => assert.ok((o.files?.[0]?.records ?? 0) > 0)],
      ['an event file so named', at(dir, 'tb2', 'PPO_1'), (o: Run) => assert.ok((o.files?.[0]?.records ?? 0) > 0 && (o.files?.[0]?.bytes ?? 0) > 0, JSON.stringify(o.files))],
    ] as const) {
      const r = cliBytes(['--json', '--no-gpu', path]);
      assert.equal(r.status, 0, `${what}: ${r.stderr}`);
      const o = JSON.parse(r.stdout) as Run;
      check(o);
      assert.notEqual(o.run.status, 'waiting', what);
    }
    const text = cliBytes(['--once', '--no-gpu', parent]);
    assert.match(text.stdout, /parent\\xff\/run\\xff/, 'shown escaped');
  });

  it('a watch under such a folder sees what changes there, by the same path strings', { timeout: 60_000 }, async (t) => {
    const dir = tempDir(t);
    const root = nameString(at(dir, Buffer.concat([Buffer.from('run'), FF])));
    mkdirSync(pathBytes(root));
    const events: WatchEvent[] = [];
    const w = new LocalFs(dir).watch({ root, depth: 1, poll: false, pollIntervalMs: 1000 }, (e) => events.push(e));
    t.after(() => w.close());
    await w.ready;
    writeFileSync(pathBytes(`${root}/results.csv`), 'epoch\n');
    await waitFor(() => events.some((e) => e.event === 'add' && e.path === `${root}/results.csv`), 'the add, by its path string');
    writeFileSync(Buffer.concat([Buffer.from(pathBytes(root)), Buffer.from('/a'), FF]), 'x');
    await waitFor(() => events.some((e) => e.event === 'add' && e.path === `${root}/a\udcff`), 'a name not UTF-8 inside too');
  });

  it('export reads such a run and writes to such a name; never into the run folder, however spelled', { timeout: 120_000 }, (t) => {
    const dir = tempDir(t);
    project(dir);
    const run = at(dir, Buffer.concat([Buffer.from('parent'), FF]), Buffer.concat([Buffer.from('run'), FF]));
    const out = at(dir, Buffer.concat([Buffer.from('out'), FF, Buffer.from('.csv')]));
    const r = cliBytes(['export', run, '--csv', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /wrote .*out\\xff\.csv/);
    assert.equal(readFileSync(out).toString().split('\n').filter(Boolean).length, 6);
    const into = cliBytes(['export', run, '--csv', at(run, 'x.csv')]);
    assert.equal(into.status, 2, into.stderr);
    assert.match(into.stderr, /is in the run folder this export reads/);
  });

  it('audit hashes a staged file so named like any other', { timeout: 120_000 }, async (t) => {
    const project = tempDir(t);
    const folders = await replayTraining({ project, name: 'apex', epochs: 2, stepMs: 0, wandb: 'online', id: 'odd00001', oddNames: true });
    const r = cliBytes(['audit', '--json', join(project, 'runs', 'detect', 'apex')]);
    assert.equal(r.status, 0, r.stderr);
    const audit = JSON.parse(r.stdout) as { files: { path: string; sha256: string | null }[] };
    const odd = audit.files.find((f) => f.path === 'media/notes-\udcff\udcfe.txt');
    assert.ok(odd, audit.files.map((f) => f.path).join(' '));
    const bytes = readFileSync(Buffer.concat([Buffer.from(join(folders.wandbRun ?? '', 'files', 'media', 'notes-')), Buffer.from([0xff, 0xfe]), Buffer.from('.txt')]));
    assert.equal(odd.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.match(cliBytes(['audit', join(project, 'runs', 'detect', 'apex')]).stdout, /media\/notes-\\xff\\xfe\.txt/);
  });

  describe('over ssh', { skip: needsSshd }, () => {
    let sshd: Sshd;
    before(async () => {
      sshd = await startSshd();
    });
    after(() => sshd?.stop());

    it('the same runs over ssh read as they do here', { timeout: 180_000 }, (t) => {
      const dir = tempDir(t);
      project(dir);
      const parent = at(dir, Buffer.concat([Buffer.from('parent'), FF]));
      for (const path of [parent, at(dir, 'tb', Buffer.concat([Buffer.from('PPO'), FF])), at(dir, 'tb2', 'PPO_1')]) {
        // From the login folder here too: the wandb folders looked in are the same.
        const here = JSON.parse(cliBytes(['--json', '--no-gpu', path], homedir()).stdout) as { run: object; alerts: string[] };
        const r = cliBytes(['-e', `ssh -F ${sshd.configPath}`, '--json', '--no-gpu', Buffer.concat([Buffer.from(`${sshd.host}:`), path])], homedir());
        assert.equal(r.status, 0, r.stderr);
        const there = JSON.parse(r.stdout) as { run: object; alerts: string[] };
        // The same but for the host named (in the run and in its alerts).
        assert.deepEqual({ ...there, run: { ...there.run, host: null }, alerts: there.alerts.map((a) => a.replace(`${sshd.host}:`, '')) }, here);
      }
    });
  });
});
