// Keys while the app starts, in a real terminal: stdin is read from the first frame, before Ink
// is loaded. Ink is held back here (test/helpers/hold-ink.mjs: its chunk is not loaded until the
// test says so), so each key below is typed, for sure, while the first frame is up and Ink is not.
// Each must act once, in order; every way out then must give the terminal back.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { CLI, REPO, SAMPLES, tempDir } from '../helpers/paths.js';
import { needsScript, Pty } from '../helpers/pty.js';
import { needsTmux, Tmux } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';
import { sb3EventFile, ultralyticsRun } from '../../bench/inputs.js';

const HOLD = pathToFileURL(join(REPO, 'test', 'helpers', 'hold-ink.mjs')).href;
const RUN = join(SAMPLES, 'rundir_detect');
/** What only the text first frame draws (Ink's frame draws the key footer instead). */
const FIRST_FRAME = /epoch \d+\/\d+/;
/** Ink's key footer, as it is written (the key in bold, then its name). */
const FOOTER = ' quit ';
const ENTER_ALT = '\x1b[?1049h';
const LEAVE_ALT = '\x1b[?1049l';

function command(hold: string, args = `'${RUN}'`): string {
  return `env -u CI NODE_OPTIONS='--import ${HOLD}' AIGP_HOLD_INK='${hold}' '${process.execPath}' '${CLI}' --no-gpu ${args}`;
}

describe('keys before Ink is loaded (tmux)', { skip: needsTmux }, () => {
  const tmux = new Tmux();
  after(() => tmux.kill());

  const start = (t: { after(fn: () => void): void }, name: string) => {
    const hold = join(tempDir(t), 'release-ink');
    tmux.start(name, `sh -c "echo BEFORE-THE-APP; ${command(hold)}; echo EXITED-\\$?; sleep 60"`);
    return hold;
  };
  const firstFrame = (name: string) => waitFor(() => FIRST_FRAME.test(tmux.capture(name)), 'the first frame', 30_000);
  const restored = (name: string) => {
    const screen = tmux.capture(name);
    assert.match(screen, /BEFORE-THE-APP/, 'the shell screen is back');
    assert.doesNotMatch(screen, /epoch \d+\/\d+|Losses/, 'nothing of the app is left on it');
    assert.equal(tmux.pane(name).alternate, false, 'the alternate screen is off');
    assert.equal(tmux.pane(name).cursor, true, 'the cursor is visible');
  };

  for (const [how, keys] of [['q', 'q'], ['Ctrl-C', 'C-c']] as const) {
    it(`${how} on the first frame quits, with 0, and Ink never draws`, async (t) => {
      const name = `quit-${how}`;
      const hold = start(t, name);
      await firstFrame(name);
      tmux.keys(name, keys);
      await waitFor(() => !tmux.pane(name).alternate, 'the terminal given back', 15_000);
      // The load of Ink under way (held here) ends, and is not used: the process ends.
      writeFileSync(hold, '');
      await waitFor(() => tmux.capture(name).includes('EXITED-0'), 'exit 0', 15_000);
      restored(name);
    });
  }

  it('SIGTERM on the first frame: exit 143, the terminal given back', async (t) => {
    start(t, 'term');
    await firstFrame('term');
    process.kill(tmux.appPid('term'), 'SIGTERM');
    await waitFor(() => tmux.capture('term').includes('EXITED-143'), 'exit 143', 15_000);
    restored('term');
  });

  it('Ink failing to load: the error said, exit 1, the terminal given back', async (t) => {
    const hold = start(t, 'crash');
    await firstFrame('crash');
    writeFileSync(hold, 'fail');
    await waitFor(() => tmux.capture('crash').includes('EXITED-1'), 'exit 1', 15_000);
    restored('crash');
    assert.match(tmux.capture('crash'), /aigp-watch: .*the TUI could not be loaded/);
  });

  it('keys typed on the first frame act once each, in order, when Ink takes over; q then quits', async (t) => {
    const hold = start(t, 'order');
    await firstFrame('order');
    // smooth on, help on and off again, GPU detail: Ink's frame shows GPU detail, smooth on.
    tmux.keys('order', 's', '?', '?', 'g');
    writeFileSync(hold, '');
    await waitFor(() => tmux.capture('order').includes('GPU detail'), 'GPU detail, the last key', 30_000);
    tmux.keys('order', 'Escape');
    await waitFor(() => /Losses.*smooth/.test(tmux.capture('order')), 'the charts, smoothed (s acted once)');
    tmux.keys('order', 'q');
    await waitFor(() => tmux.capture('order').includes('EXITED-0'), 'exit 0');
    restored('order');
  });
});

describe('keys before Ink is loaded (pty, every byte)', { skip: needsScript }, () => {
  const ptys: Pty[] = [];
  after(() => ptys.forEach((p) => p.kill()));

  it('? on the first frame: Ink\'s first frame is the help, and the key is not echoed', async (t) => {
    const hold = join(tempDir(t), 'release-ink');
    const pty = new Pty(command(hold), { ...process.env, CI: '' }, 100, 30);
    ptys.push(pty);
    await waitFor(async () => (await pty.screen()).some((l) => FIRST_FRAME.test(l)), 'the first frame', 30_000);
    const before = pty.raw.length;
    pty.keys('?');
    writeFileSync(hold, '');
    await waitFor(() => pty.raw.includes(FOOTER, before), 'Ink\'s first frame', 30_000);
    const ink = pty.raw.slice(before);
    const footer = ink.indexOf(FOOTER);
    assert.match(ink.slice(0, footer), /Keys/, 'the help is in the frame the footer first comes with');
    assert.doesNotMatch(ink.slice(0, ink.indexOf('\x1b')), /\?/, 'no echo of the key');
    pty.keys('q');
    assert.equal(await pty.exited, 0);
    assert.ok(pty.raw.lastIndexOf(LEAVE_ALT) > pty.raw.lastIndexOf(ENTER_ALT), 'the alternate screen is left last');
  });

  it('q typed ahead, before the first read: no Ink frame ever, exit 0', async (t) => {
    const hold = join(tempDir(t), 'release-ink');
    const pty = new Pty(command(hold), { ...process.env, CI: '' }, 100, 30);
    ptys.push(pty);
    pty.keys('q');
    assert.equal(await pty.exited, 0);
    assert.ok(!pty.raw.includes(FOOTER), 'Ink never drew');
    assert.ok(!pty.raw.includes(ENTER_ALT) || pty.raw.lastIndexOf(LEAVE_ALT) > pty.raw.lastIndexOf(ENTER_ALT), 'any alternate screen is left');
  });

  it('the first frame of a project root shows both phases, each in its share of the pane', async (t) => {
    const project = tempDir(t);
    ultralyticsRun(join(project, 'runs', 'detect', 'apex'), 500, 1000);
    sb3EventFile(join(project, 'output', 'apex_policy', 'tb_apex', 'PPO_1'), 300_000);
    const hold = join(tempDir(t), 'release-ink');
    const pty = new Pty(`sh -c "cd '${project}' && exec ${command(hold, '--total-timesteps 100000000').replace(/"/g, '\\"')}"`, { ...process.env, CI: '' }, 100, 30);
    ptys.push(pty);
    // Ink is held: what is on screen is the text frame (each run's header, then what fits under it;
    // a run read after the frame's short wait joins it once read).
    const screen = await waitFor(async () => {
      const s = await pty.screen();
      return s.some((l) => /epoch 500\/1000/.test(l)) && s.some((l) => /PPO \(SB3\).*timesteps [\d,]+\/100,000,000/.test(l)) ? s : null;
    }, 'both phases on the first frame', 30_000) as string[];
    const yolo = screen.findIndex((l) => /epoch 500\/1000/.test(l));
    const ppo = screen.findIndex((l) => /PPO \(SB3\)/.test(l));
    assert.ok(yolo >= 0 && ppo > yolo && ppo <= 15, `the PPO run starts in the second half of the pane (rows ${yolo}, ${ppo})`);
    assert.ok(!pty.raw.includes(FOOTER), 'drawn before Ink');
    pty.kill();
  });
});
