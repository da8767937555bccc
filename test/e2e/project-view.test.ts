// The built CLI with no PATH in a project root, in a real terminal (tmux), while a YOLO training
// and an SB3 PPO training grow there together: every frame shows both runs, both stay after
// both end, and tab reaches each.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DETECT_COLUMNS, resultsCsv } from '../../fixtures/ultralytics/results-writer.js';
import { replayRun } from '../../fixtures/ultralytics/replay-run.js';
import { replayPpo } from '../../fixtures/tensorboard/replay-ppo.js';
import { CLI, REPO, tempDir } from '../helpers/paths.js';
import { needsTmux, Tmux } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';

// The YOLO run ends first: the PPO run goes on growing beside a finished one.
const EPOCHS = 10;
const DUMPS = 24;
const YOLO_HEADER = /^aigp-watch │ runs\/detect\/gates │ detect │ ● (live|finished)/;
const PPO_HEADER = /^aigp-watch │ output\/apex_policy\/tb_apex\/PPO_1 │ PPO \(SB3\) │ ● (live|finished)/;

function shell(project: string): string {
  const env = `env -u CI PATH='${join(REPO, 'fixtures', 'nvidia-smi')}:${process.env.PATH}' FAKE_NVIDIA_SMI=eight`;
  return `sh -c "cd '${project}' && ${env} '${process.execPath}' '${CLI}' --total-timesteps ${DUMPS * 2048}; echo EXITED-\\$?; sleep 60"`;
}

/** Which runs a capture shows, by their header lines; and whether every line fits. */
function seen(capture: string, cols: number): { yolo: number; ppo: number; fits: boolean } {
  const lines = capture.split('\n');
  return { yolo: lines.findIndex((l) => YOLO_HEADER.test(l)), ppo: lines.findIndex((l) => PPO_HEADER.test(l)), fits: lines.every((l) => [...l].length <= cols) };
}

describe('the project view under tmux', { skip: needsTmux }, () => {
  const tmux = new Tmux();
  after(() => tmux.kill());

  for (const [cols, rows] of [[80, 24], [200, 60]] as const) {
    it(`${cols}x${rows}: a YOLO and a PPO training growing together: both in every frame, both after both end, tab reaches each`, async (t) => {
      const project = tempDir(t);
      const source = join(project, 'source.csv');
      writeFileSync(source, resultsCsv('v8.3', DETECT_COLUMNS, EPOCHS, 40));
      const name = `project-${cols}`;
      tmux.start(name, shell(project), cols, rows);
      await waitFor(() => tmux.capture(name).includes('waiting for'), 'the waiting screen');
      const stop = new AbortController();
      t.after(() => stop.abort());
      let growing = true;
      const replays = Promise.all([
        replayRun({ source, dest: join(project, 'runs', 'detect', 'gates'), intervalMs: 300, epochs: EPOCHS, signal: stop.signal }),
        replayPpo({ logDir: join(project, 'output', 'apex_policy', 'tb_apex'), dumps: DUMPS, intervalMs: 250, signal: stop.signal }),
      ]).finally(() => { growing = false; });

      const both = (c: ReturnType<typeof seen>) => c.yolo >= 0 && c.ppo > c.yolo;
      await waitFor(() => both(seen(tmux.capture(name), cols)), 'both runs on screen', 15_000).catch((err: Error) => {
        throw new Error(`${err.message}; the pane:\n${tmux.capture(name)}`);
      });
      // From then on, every frame: both runs, the YOLO run above, nothing wider than the pane.
      let captures = 0;
      while (growing) {
        const capture = tmux.capture(name);
        const c = seen(capture, cols);
        assert.ok(both(c) && c.fits, `capture ${captures}: both runs, within ${cols} columns:\n${capture}`);
        captures += 1;
        await sleep(100);
      }
      await replays;
      assert.ok(captures >= 10, `${captures} captures while both grew`);

      await waitFor(() => {
        const lines = tmux.capture(name).split('\n');
        return lines.some((l) => /runs\/detect\/gates │ detect │ ● finished/.test(l)) && lines.some((l) => /PPO_1 │ PPO \(SB3\) │ ● finished/.test(l));
      }, 'both finished, both still on screen').catch((err: Error) => {
        throw new Error(`${err.message}; the pane:\n${tmux.capture(name)}`);
      });

      // tab: the focus mark (▸) goes through the YOLO run's charts and then the PPO run's.
      const mark = () => tmux.capture(name).split('\n').find((l) => l.startsWith('▸')) ?? '';
      const reached = new Set<string>();
      for (let i = 0; i < 20 && reached.size < 2; i++) {
        const before = mark();
        tmux.keys(name, 'Tab');
        await waitFor(() => mark() !== before, `tab ${i + 1} to move the focus`);
        const lines = tmux.capture(name).split('\n');
        const c = seen(lines.join('\n'), cols);
        assert.ok(both(c), `after tab ${i + 1}: both runs:\n${lines.join('\n')}`);
        const at = lines.findIndex((l) => l.startsWith('▸'));
        reached.add(at > c.ppo ? 'ppo' : 'yolo');
      }
      assert.deepEqual([...reached].sort(), ['ppo', 'yolo'], 'tab reaches each run');

      tmux.keys(name, 'q');
      await waitFor(() => tmux.capture(name).includes('EXITED-0'), 'exit');
    });
  }
});
