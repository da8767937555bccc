// Status from what the tool sees, in a real terminal: a PPO run whose writer's clock is a year
// behind stays live while it grows; a lone results.csv copied a minute ago is never live (until a
// row arrives); a host whose clock is hours off keeps its growing run live; a big or very wide
// results.csv read at start leaves the first frame drawn and q answered.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DETECT_COLUMNS, ERAS, resultsCsv, syntheticRow } from '../../fixtures/ultralytics/results-writer.js';
import { replayPpo } from '../../fixtures/tensorboard/replay-ppo.js';
import { replayTraining } from '../../fixtures/wandb/replay-training.js';
import { CLI, REPO, tempDir } from '../helpers/paths.js';
import { needsSshd, startSshd } from '../helpers/sshd.js';
import { needsTmux, Tmux } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';

const FORBID = pathToFileURL(join(REPO, 'test', 'helpers', 'forbid-network.mjs')).href;
const YEAR_S = 365 * 86_400;

function shell(args: string[], netLog: string): string {
  const cli = `env -u CI NODE_OPTIONS='--import ${FORBID}' AIGP_NETWORK_LOG='${netLog}' '${process.execPath}' '${CLI}' ${args.map((a) => `'${a}'`).join(' ')}`;
  return `sh -c "${cli.replace(/"/g, '\\"')}; echo EXITED-\\$?; sleep 60"`;
}

/** The header line of the pane (the first line), as long as `until` is pending, every 100 ms. */
async function headersWhile(tmux: Tmux, name: string, until: Promise<unknown>): Promise<string[]> {
  let done = false;
  void until.finally(() => (done = true));
  const seen: string[] = [];
  while (!done) {
    seen.push(tmux.capture(name).split('\n')[0]);
    await sleep(100);
  }
  return seen;
}

describe('status from what the tool sees, in tmux', { skip: needsTmux }, () => {
  const tmux = new Tmux();
  after(() => tmux.kill());

  it('a PPO run whose wall times are a year old stays live at 80x24 while it grows', async (t) => {
    const logDir = join(tempDir(t), 'output', 'apex_policy', 'tb_apex');
    mkdirSync(logDir, { recursive: true });
    tmux.start('ppo', shell([logDir, '--no-gpu'], join(logDir, '..', 'net.log')), 80, 24);
    await waitFor(() => tmux.capture('ppo').includes('waiting for'), 'the waiting screen');
    const replay = replayPpo({ logDir, dumps: 16, intervalMs: 400, clockOffsetS: -YEAR_S });
    await waitFor(() => tmux.capture('ppo').includes('PPO_1'), 'the run on screen', 20_000);
    const headers = (await headersWhile(tmux, 'ppo', replay)).filter((h) => h.includes('PPO_1'));
    assert.ok(headers.length > 10, `${headers.length} captures`);
    for (const h of headers) assert.match(h, /● live/, `every capture while it grows: ${h}`);
    await waitFor(() => /timesteps 32,768/.test(tmux.capture('ppo')), 'the last dump');
    assert.match(tmux.capture('ppo').split('\n')[0], /● live/, 'and after its last record, not finished by its clock');
    tmux.keys('ppo', 'q');
    await waitFor(() => tmux.capture('ppo').includes('EXITED-0'), 'q quits');
  });

  it('a lone results.csv copied a minute ago (13 h in its time column) is copied, not live, until a row arrives', async (t) => {
    const dir = tempDir(t);
    const csv = join(dir, 'results.csv');
    writeFileSync(csv, resultsCsv('v8.3', DETECT_COLUMNS, 100, 497));
    tmux.start('lone', shell([csv, '--no-gpu'], join(dir, 'net.log')), 80, 24);
    await waitFor(() => /● finished/.test(tmux.capture('lone')), 'the first frame');
    const headers = await headersWhile(tmux, 'lone', sleep(3000));
    for (const h of headers) assert.match(h, /● finished/, h);
    assert.match(tmux.capture('lone'), /copied/);
    appendFileSync(csv, ERAS['v8.3'].row(101, syntheticRow(DETECT_COLUMNS, 100, 101), 101 * 497));
    await waitFor(() => /● live/.test(tmux.capture('lone').split('\n')[0]), 'live once seen growing');
    tmux.keys('lone', 'q');
    await waitFor(() => tmux.capture('lone').includes('EXITED-0'), 'q quits');
  });

  it('a big results.csv (300,000 rows) and a 100,000-column one: the first frame is drawn and q answered while they are read', async (t) => {
    const dir = tempDir(t);
    const big = join(dir, 'big', 'results.csv');
    mkdirSync(join(dir, 'big'));
    const fd = openSync(big, 'w');
    writeSync(fd, ERAS['v8.3'].header(DETECT_COLUMNS));
    for (let start = 1; start <= 300_000; start += 10_000) {
      writeSync(fd, Array.from({ length: 10_000 }, (_, i) => ERAS['v8.3'].row(start + i, syntheticRow(DETECT_COLUMNS, (start + i) % 500, 500), (start + i) * 30)).join(''));
    }
    closeSync(fd);
    const wide = join(dir, 'wide', 'results.csv');
    mkdirSync(join(dir, 'wide'));
    const names = ['epoch', ...Array.from({ length: 99_999 }, (_, i) => `train/c${i}_loss`)];
    writeFileSync(wide, [names.join(','), ...Array.from({ length: 40 }, (_, e) => [e + 1, ...names.slice(1).map((_, i) => (i % 10) / 10 + e)].join(','))].join('\n') + '\n');
    for (const [name, path] of [['big', big], ['wide', wide]] as const) {
      tmux.start(name, shell([path, '--no-gpu'], join(dir, 'net.log')), 100, 30);
      await waitFor(() => tmux.capture(name).split('\n')[0].startsWith('aigp-watch'), `the first frame of the ${name} file`, 30_000);
      tmux.keys(name, 'q');
      await waitFor(() => tmux.capture(name).includes('EXITED-0'), `q answered on the ${name} file`, 30_000);
    }
  });
});

describe('a host whose clock is hours off, in tmux', { skip: needsTmux || needsSshd }, () => {
  const tmux = new Tmux();
  after(() => tmux.kill());

  it('keeps the run it grows live at 80x24', async (t) => {
    const bin = tempDir(t);
    const realDate = execFileSync('sh', ['-c', 'command -v date'], { encoding: 'utf8' }).trim();
    // The host says it is five hours later than it is: its file times are not.
    writeFileSync(join(bin, 'date'), `#!/bin/sh\nif [ "$1" = "+%s" ]; then echo $(( $(${realDate} +%s) + 18000 )); else exec ${realDate} "$@"; fi\n`);
    chmodSync(join(bin, 'date'), 0o755);
    const sshd = await startSshd({ pathFirst: bin });
    t.after(() => sshd.stop());
    const project = tempDir(t);
    const runDir = join(project, 'runs', 'detect', 'apex');
    const cli = `env -u CI NODE_OPTIONS='--import ${FORBID}' AIGP_NETWORK_LOG='${join(project, 'net.log')}' '${process.execPath}' '${CLI}' -e 'ssh -F ${sshd.configPath}' '${sshd.host}:${runDir}'`;
    tmux.start('skew', `sh -c "${cli.replace(/"/g, '\\"')}; echo EXITED-\\$?; sleep 60"`, 80, 24);
    await waitFor(() => tmux.capture('skew').includes('waiting for'), 'the waiting screen', 30_000);
    const replay = replayTraining({ project, name: 'apex', epochs: 10, stepMs: 700, wandb: 'none' });
    await waitFor(() => /epoch [1-9]\/10/.test(tmux.capture('skew')), 'the first epochs over ssh', 60_000);
    const screens: string[] = [];
    let done = false;
    void replay.finally(() => (done = true));
    while (!done) {
      screens.push(tmux.capture('skew'));
      await sleep(150);
    }
    const growing = screens.filter((s) => /epoch [1-9]\/10/.test(s));
    assert.ok(growing.length > 5, `${growing.length} captures`);
    for (const s of growing) assert.match(s.split('\n')[0], /● live/, s.split('\n').slice(0, 2).join('\n'));
    tmux.keys('skew', 'q');
    await waitFor(() => tmux.capture('skew').includes('EXITED-0'), 'q quits');
  });
});
