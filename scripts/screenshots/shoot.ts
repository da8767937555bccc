// One picture: a scene's project made in a temporary folder, the built CLI started there in a
// private tmux server's pane of the given size, its keys pressed, and the pane captured with its
// colours once the (normalised) frame has held still.
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI, REPO } from '../../test/helpers/paths.js';
import { Tmux } from '../../test/helpers/tmux.js';
import { waitFor } from '../../test/helpers/wait.js';
import { gridText, parseCapture, type Grid } from './cells.js';
import { normalise } from './normalise.js';
import type { Scene } from './scenes.js';
import { gridSvg } from './svg.js';

/** How long a frame must stay the same to be the picture. */
const STILL_MS = 3000;

/** The shell command of the pane: the tool with a fixed zone, colour depth, and the fake GPUs. */
function command(root: string, scene: Scene): string {
  const env = [
    'env -u CI -u WANDB_DIR -u COLUMNS -u LINES -u NO_COLOR -u FORCE_COLOR',
    'TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color COLORTERM=truecolor',
    `PATH='${join(REPO, 'fixtures', 'nvidia-smi')}':"$PATH" FAKE_NVIDIA_SMI=eight FAKE_NVIDIA_SMI_STEADY=1`,
  ].join(' ');
  // Readings ten times a second: the GPU sparklines are whole by the panel's first beat.
  const args = ['--gpu-interval', '100', '--no-bell', ...scene.args].map((a) => `'${a}'`).join(' ');
  return `cd '${root}' && ${env} '${process.execPath}' '${CLI}' ${args}; echo EXITED-$?; sleep 60`;
}

export interface Picture {
  grid: Grid;
  svg: string;
}

export async function shoot(scene: Scene, cols: number, rows: number): Promise<Picture> {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'aigp-pictures-')));
  const tmux = new Tmux();
  const pane = `${scene.name}-${cols}x${rows}`;
  const grid = () => normalise(parseCapture(tmux.captureStyled(pane), cols, rows));
  const shown = () => gridText(grid());
  const fail = (what: string) => (err: Error) => {
    throw new Error(`${pane}: ${err.message} (${what}); the pane:\n${tmux.capture(pane)}`);
  };
  try {
    await scene.build(root);
    tmux.start(pane, command(root, scene), cols, rows);
    await waitFor(() => scene.ready(shown()), 'its first whole frame', 60_000).catch(fail('ready'));
    for (const k of scene.keys) {
      tmux.keys(pane, k.key);
      await waitFor(() => k.shows(shown()), `what ${k.key} shows`, 30_000).catch(fail(`key ${k.key}`));
    }
    // The frame that holds still for STILL_MS (GPU sparklines fill up first).
    let last = { grid: grid(), svg: '' };
    last.svg = gridSvg(last.grid, scene.title);
    let since = Date.now();
    await waitFor(async () => {
      await sleep(200);
      const g = grid();
      const svg = gridSvg(g, scene.title);
      if (svg !== last.svg) [last, since] = [{ grid: g, svg }, Date.now()];
      return Date.now() - since >= STILL_MS;
    }, `a frame that holds still for ${STILL_MS} ms`, 60_000).catch(fail('still'));
    if (gridText(last.grid).includes(root)) throw new Error(`${pane}: the picture shows the scene's temporary folder ${root}:\n${gridText(last.grid)}`);
    return last;
  } finally {
    tmux.kill();
    rmSync(root, { recursive: true, force: true });
  }
}

/** `work` over `items`, at most `jobs` at a time; the first failure is thrown once all are done. */
export async function inTurn<T>(items: readonly T[], jobs: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const failures: unknown[] = [];
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item).catch((err: unknown) => failures.push(err));
  }));
  if (failures.length) throw failures[0];
}
