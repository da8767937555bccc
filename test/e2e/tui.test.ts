// The built CLI in a real terminal (tmux), as a person sees it: a run that grows row by row,
// resizes, and every way out leaving the shell as it was. Sockets are forbidden throughout.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DETECT_COLUMNS, resultsCsv } from '../../fixtures/ultralytics/results-writer.js';
import { replayRun } from '../../fixtures/ultralytics/replay-run.js';
import { replayPpo } from '../../fixtures/tensorboard/replay-ppo.js';
import { CLI, REPO, tempDir } from '../helpers/paths.js';
import { needsTmux, Tmux } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';
import { pathToFileURL } from 'node:url';

const FORBID = pathToFileURL(join(REPO, 'test', 'helpers', 'forbid-network.mjs')).href;

function shell(runDir: string | null, netLog: string, extra = '', cwd = REPO): string {
  const cli = `cd '${cwd}' && env -u CI NODE_OPTIONS='--import ${FORBID}' AIGP_NETWORK_LOG='${netLog}' '${process.execPath}' '${CLI}' ${runDir ? `'${runDir}'` : ''} ${extra}`;
  return `sh -c "echo BEFORE-THE-APP; ${cli.replace(/"/g, '\\"')}; echo EXITED-\\$?; sleep 60"`;
}

describe('the TUI under tmux', { skip: needsTmux }, () => {
  const tmux = new Tmux();
  after(() => tmux.kill());

  it('waits for the run, shows each new epoch, resizes, and q gives the shell back', async (t) => {
    const dir = tempDir(t);
    const source = join(dir, 'source.csv');
    writeFileSync(source, resultsCsv('v8.3', DETECT_COLUMNS, 8, 40));
    const runDir = join(dir, 'runs', 'detect', 'apex_yolo11n');
    const netLog = join(dir, 'net.log');
    tmux.start('grow', shell(runDir, netLog));

    await waitFor(() => tmux.capture('grow').includes('waiting for'), 'the waiting screen');
    assert.ok(tmux.pane('grow').alternate, 'the app runs on the alternate screen');

    const replay = replayRun({ source, dest: runDir, intervalMs: 400, split: true, epochs: 8 });
    await waitFor(() => /epoch 3\/8/.test(tmux.capture('grow')), 'epoch 3 on screen');
    const mid = tmux.capture('grow');
    assert.match(mid, /apex_yolo11n/);
    assert.match(mid, /● live/);
    assert.match(mid, /Losses/);
    await replay;
    await waitFor(() => /epoch 8\/8/.test(tmux.capture('grow')), 'the last epoch on screen');
    assert.match(tmux.capture('grow'), /● finished/);

    tmux.resize('grow', 80, 24);
    await waitFor(() => {
      const lines = tmux.capture('grow').split('\n');
      return lines[0].startsWith('aigp-watch') && lines.some((l) => l.includes('Metrics')) && lines.every((l) => [...l].length <= 80);
    }, 'a clean 80x24 frame');
    tmux.resize('grow', 200, 60);
    await waitFor(() => tmux.capture('grow').split('\n').some((l) => /Losses.*Metrics/.test(l)), 'losses and metrics side by side at 200x60');

    tmux.keys('grow', 'q');
    await waitFor(() => tmux.capture('grow').includes('EXITED-0'), 'the app to exit with 0');
    const after = tmux.capture('grow');
    assert.match(after, /BEFORE-THE-APP/, 'the shell screen is back');
    assert.doesNotMatch(after, /Losses|[\u2801-\u28ff]/, 'nothing of the app is left on it');
    const pane = tmux.pane('grow');
    assert.equal(pane.alternate, false);
    assert.equal(pane.cursor, true);
  });

  it('without PATH in a project root, both live phases share the screen', async (t) => {
    const project = tempDir(t);
    const source = join(project, 'source.csv');
    writeFileSync(source, resultsCsv('v8.3', DETECT_COLUMNS, 6, 40));
    tmux.start('both', shell(null, join(project, 'net.log'), '--total-timesteps 40960', project), 100, 40);
    await waitFor(() => tmux.capture('both').includes('waiting for'), 'the waiting screen');
    const done = Promise.all([
      replayRun({ source, dest: join(project, 'runs', 'detect', 'gates'), intervalMs: 300, epochs: 50 }),
      replayPpo({ logDir: join(project, 'output', 'apex_policy', 'tb_apex'), dumps: 6, intervalMs: 300 }),
    ]);
    await waitFor(() => {
      const screen = tmux.capture('both');
      return /gates/.test(screen) && /epoch [3-6]\/50/.test(screen) && /tb_apex\/PPO_1/.test(screen) && /timesteps [\d,]+\/40,960/.test(screen);
    }, 'both runs on screen');
    assert.match(tmux.capture('both'), /local only — nothing leaves this box/);
    await done;
    tmux.keys('both', 'q');
    await waitFor(() => tmux.capture('both').includes('EXITED-0'), 'exit');
  });

  it('80x24, both phases live, no nvidia-smi: both headers and a chart each; g says why there are no GPU readings, Esc closes it', async (t) => {
    const project = tempDir(t);
    const source = join(project, 'source.csv');
    writeFileSync(source, resultsCsv('v8.3', DETECT_COLUMNS, 12, 40));
    const noGpu = join(project, 'bin-without-nvidia-smi');
    mkdirSync(noGpu);
    tmux.start('small', shell(null, join(project, 'net.log'), '--total-timesteps 409600', project).replace('env -u CI', `env -u CI PATH='${noGpu}'`), 80, 24);
    await waitFor(() => tmux.capture('small').includes('waiting for'), 'the waiting screen');
    const stop = new AbortController();
    t.after(() => stop.abort());
    const replays = Promise.all([
      replayRun({ source, dest: join(project, 'runs', 'detect', 'gates'), intervalMs: 300, epochs: 50, signal: stop.signal }),
      replayPpo({ logDir: join(project, 'output', 'apex_policy', 'tb_apex'), dumps: 200, intervalMs: 300, signal: stop.signal }),
    ]);
    const braille = (lines: string[]) => lines.some((l) => /[\u2801-\u28ff]{3}/.test(l));
    await waitFor(() => {
      const lines = tmux.capture('small').split('\n');
      const ppo = lines.findIndex((l) => /^aigp-watch │ .*PPO_1 │ PPO \(SB3\) │ ● live/.test(l));
      return /^aigp-watch │ runs\/detect\/gates │ detect │ ● live/.test(lines[0]) && /epoch \d+\/50/.test(lines[1]) && ppo > 0
        && braille(lines.slice(2, ppo)) && braille(lines.slice(ppo + 2)) && lines.every((l) => [...l].length <= 80);
    }, 'both headers, a chart under each, every line within 80 columns').catch((err: Error) => {
      throw new Error(`${err.message}; the pane:\n${tmux.capture('small')}`);
    });
    tmux.keys('small', 'g');
    await waitFor(() => /no GPU readings: no nvidia-smi/.test(tmux.capture('small')), 'g says why there are no readings');
    tmux.keys('small', 'Escape');
    await waitFor(() => /^aigp-watch │ runs\/detect\/gates/.test(tmux.capture('small')), 'Esc closes GPU detail');
    stop.abort();
    await replays;
    tmux.keys('small', 'q');
    await waitFor(() => tmux.capture('small').includes('EXITED-0'), 'exit');
  });

  it('i inside tmux, even from kitty: braille stays, the status line says why, nothing else moves', async (t) => {
    const dir = tempDir(t);
    tmux.start('pic', shell(join(REPO, 'fixtures', 'ultralytics', 'samples', 'rundir_detect'), join(dir, 'net.log'), '--no-gpu').replace('env -u CI', 'env -u CI KITTY_WINDOW_ID=1'));
    await waitFor(() => tmux.capture('pic').includes('q quit'), 'the first interactive frame');
    const before = tmux.capture('pic').split('\n');
    tmux.keys('pic', 'i');
    await waitFor(() => tmux.capture('pic').includes('inside tmux'), 'the reason on the status line');
    const after = tmux.capture('pic').split('\n');
    assert.equal(after.filter((l) => /[\u2801-\u28ff]/.test(l)).length, before.filter((l) => /[\u2801-\u28ff]/.test(l)).length, 'the same braille charts');
    assert.equal(after.findIndex((l) => l.includes('q quit')), before.findIndex((l) => l.includes('q quit')));
    tmux.keys('pic', 'q');
    await waitFor(() => tmux.capture('pic').includes('EXITED-0'), 'exit');
  });

  it('resized to 20x5 and back: still drawing, still answering, and q restores the shell', async (t) => {
    const dir = tempDir(t);
    tmux.start('tiny', shell(join(REPO, 'fixtures', 'ultralytics', 'samples', 'rundir_detect'), join(dir, 'net.log'), '--no-gpu'));
    await waitFor(() => tmux.capture('tiny').includes('q quit'), 'the first interactive frame');
    tmux.resize('tiny', 20, 5);
    await waitFor(() => tmux.capture('tiny').split('\n')[0].startsWith('aigp-watch'), 'a frame at 20x5');
    assert.ok(tmux.capture('tiny').split('\n').every((l) => [...l].length <= 20));
    tmux.resize('tiny', 100, 30);
    await waitFor(() => /epoch 4\/10/.test(tmux.capture('tiny')) && tmux.capture('tiny').includes('Metrics'), 'a full frame again');
    tmux.keys('tiny', '?');
    await waitFor(() => tmux.capture('tiny').includes('Keys'), 'the help screen');
    tmux.keys('tiny', 'q');
    await waitFor(() => tmux.capture('tiny').includes('EXITED-0'), 'exit');
    assert.equal(tmux.pane('tiny').alternate, false);
  });

  for (const [how, send, code] of [['Ctrl-C', 'C-c', 0], ['SIGTERM', 'TERM', 143], ['SIGHUP', 'HUP', 129]] as const) {
    it(`${how} restores the terminal`, async (t) => {
      const dir = tempDir(t);
      const netLog = join(dir, 'net.log');
      const name = `exit-${send}`;
      tmux.start(name, shell(join(REPO, 'fixtures', 'ultralytics', 'samples', 'rundir_detect'), netLog));
      await waitFor(() => tmux.capture(name).includes('q quit'), 'the first interactive frame');
      if (send === 'C-c') tmux.keys(name, 'C-c');
      else process.kill(tmux.appPid(name), `SIG${send}`);
      await waitFor(() => tmux.capture(name).includes(`EXITED-${code}`), `exit code ${code}`);
      assert.doesNotMatch(tmux.capture(name), /Losses/);
      assert.equal(tmux.pane(name).alternate, false);
      assert.equal(tmux.pane(name).cursor, true);
    });
  }
});
