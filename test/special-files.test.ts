// What is not a regular file where a results.csv or an event file should be (a FIFO, a device, a
// symbolic link loop) is said, by name, not silently waited for; locally and over ssh. A record
// claiming 2^63 bytes is said exactly. And the command line: -e that is empty or unbalanced, and
// a user name with characters ssh refuses, are usage errors (exit 2) with the reason.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { maskedCrc32c } from '../src/sources/tensorboard/masked-crc.js';
import { fileVersionRecord } from '../fixtures/tensorboard/event-writer.js';
import { tempDir } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';
import { needsSshd, startSshd, type Sshd } from './helpers/sshd.js';

type Json = { warnings: string[]; run: { status: string } };

/** An Ultralytics run whose results.csv is `make(path)`, and a TB run whose event file is. */
function runs(dir: string, make: (path: string) => void): { csvRun: string; tbRun: string } {
  const csvRun = join(dir, 'runs', 'detect', 'x');
  mkdirSync(csvRun, { recursive: true });
  writeFileSync(join(csvRun, 'args.yaml'), 'task: detect\nepochs: 3\n');
  make(join(csvRun, 'results.csv'));
  const tbRun = join(dir, 'tb', 'PPO_1');
  mkdirSync(tbRun, { recursive: true });
  make(join(tbRun, 'events.out.tfevents.1700000000.box.1.0'));
  return { csvRun, tbRun };
}

const SPECIAL: [string, (path: string) => void, RegExp][] = [
  ['a FIFO', (p) => execFileSync('mkfifo', [p]), /not read: a FIFO \(named pipe\)/],
  ['a link to a character device', (p) => symlinkSync('/dev/zero', p), /not read: a character device/],
  ['a symbolic link loop', (p) => symlinkSync(p, p), /not read: a symbolic link loop \(too many levels of links\)/],
  ['a folder', (p) => mkdirSync(p), /not read: a folder/],
];

function check(args: (path: string) => string[], dir: string): void {
  for (const [what, make, said] of SPECIAL) {
    const { csvRun, tbRun } = runs(join(dir, what.replace(/ /g, '-')), make);
    for (const [run, name] of [[csvRun, 'results.csv'], [tbRun, 'events.out.tfevents.1700000000.box.1.0']]) {
      const r = runCli([...args(run), '--json', '--no-gpu']);
      assert.equal(r.status, 0, `${what} as ${name}: ${r.stderr}`);
      const warnings = (JSON.parse(r.stdout) as Json).warnings.join('\n');
      assert.match(warnings, new RegExp(`${name.replace(/\./g, '\\.')}: ${said.source}`), `${what} as ${name}: ${warnings}`);
    }
  }
}

describe('special files where data should be', () => {
  it('a FIFO, a device, a link loop or a folder as results.csv or an event file is a warning naming it', { timeout: 120_000 }, (t) => {
    check((run) => [run], tempDir(t));
  });

  describe('over ssh', { skip: needsSshd }, () => {
    let sshd: Sshd;
    before(async () => {
      sshd = await startSshd();
    });
    after(() => sshd?.stop());
    it('the same warnings over ssh', { timeout: 180_000 }, (t) => {
      check((run) => ['-e', `ssh -F ${sshd.configPath}`, `${sshd.host}:${run}`], tempDir(t));
    });
  });

  it('a record claiming 2^63 bytes is said exactly, not rounded', { timeout: 60_000 }, (t) => {
    const runDir = join(tempDir(t), 'PPO_1');
    mkdirSync(runDir);
    const head = Buffer.alloc(12);
    head.writeBigUInt64LE(2n ** 63n, 0);
    head.writeUInt32LE(maskedCrc32c(head.subarray(0, 8)), 8);
    writeFileSync(join(runDir, 'events.out.tfevents.1700000000.box.1.0'), Buffer.concat([fileVersionRecord(1_700_000_000), head, Buffer.alloc(64)]));
    const r = runCli(['--json', '--no-gpu', runDir]);
    assert.equal(r.status, 0, r.stderr);
    assert.match((JSON.parse(r.stdout) as Json).warnings.join('\n'), /claims 9223372036854775808 bytes, over the/);
  });
});

describe('the command line', () => {
  for (const [rsh, why] of [
    ["ssh 'open", /-e\/--rsh: unbalanced ' in the ssh command/],
    ['ssh "open', /-e\/--rsh: unbalanced " in the ssh command/],
    ['', /-e\/--rsh: the ssh command is empty \(got ''\): leave -e out for plain ssh/],
    ['   ', /-e\/--rsh: the ssh command is empty/],
    ["''", /-e\/--rsh: the ssh command is empty/],
  ] as const) {
    it(`-e ${JSON.stringify(rsh)} is a usage error (exit 2), before any connection`, () => {
      const r = runCli(['-e', rsh, '--once', 'box:/x']);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, why);
    });
  }

  for (const user of ["a;b", "a'b", 'a"b', 'a`id`', '$(id)', 'a$b', 'a|b', 'a&b', 'a<b', 'a>b', 'a(b', 'a)b', 'a{b}', 'a b', 'a\tb', '-oProxyCommand=x', 'a\\', '']) {
    it(`a user name ${JSON.stringify(user)} in user@host:PATH is refused (exit 2), never handed to ssh`, { timeout: 30_000 }, () => {
      const r = runCli(['-e', 'false', '--once', '--', `${user}@box:/x`]);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /the user name before '@' is empty or has characters ssh refuses/);
    });
  }
});
