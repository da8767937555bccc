// The screen model with plain snapshots, no Ink: what is shown and where, the focus, the one
// overlay and every height, at the sizes people use.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHROME_LINES } from '../../src/ui/layout.js';
import { screenModel, type ScreenInput, type Screen } from '../../src/ui/screen-model.js';
import { INITIAL_VIEW, reduceView, type ViewState } from '../../src/ui/view-state.js';
import type { SessionSnapshot } from '../../src/model/session.js';
import { gpuState, NOW, ppoRun, snapOf, stagedEgress, yoloRun } from '../helpers/screen-runs.js';

const SIZES = [[80, 24], [100, 30], [200, 60]] as const;

function model(snaps: SessionSnapshot[], o: { size?: readonly [number, number]; view?: Partial<ViewState>; gpus?: number; compare?: boolean } = {}): Screen {
  const [columns, rows] = o.size ?? [80, 24];
  const input: ScreenInput = {
    snaps, gpus: o.gpus ? [{ state: gpuState(o.gpus) }] : [], view: { ...INITIAL_VIEW, ...o.view }, size: { columns, rows }, now: NOW,
    options: { compare: o.compare ?? false, totalTimesteps: 204_800, canPick: snaps.map(() => true), pictures: { active: false, note: null } },
  };
  return screenModel(input);
}

/** The panes, as [label, height, compact]. */
function panes(s: Screen): [string, number, boolean][] {
  return s.body.kind === 'runs' ? s.body.panes.map((p) => [p.card.label, p.height, p.compact]) : [];
}

/** Every line accounted for: links, body, GPU panels and the chrome fill the pane, no more. */
function fills(s: Screen, rows: number): void {
  const used = s.links.length + s.heights.body + s.heights.gpus.reduce((a, b) => a + b, 0) + CHROME_LINES;
  assert.equal(used, rows);
  if (s.body.kind === 'runs') assert.equal(s.body.panes.reduce((n, p) => n + p.height, 0), s.heights.body);
}

const both = () => [snapOf(yoloRun('/project/runs/detect/gates', 12)), snapOf(ppoRun('/project/output/tb_apex/PPO_1', 20))];

describe('the screen model: the project view (both phases)', () => {
  for (const [cols, rows] of SIZES) {
    it(`${cols}x${rows}: both runs, each with its status, the YOLO run first; the focused one gets the room`, () => {
      const s = model(both(), { size: [cols, rows], gpus: 8 });
      fills(s, rows);
      assert.deepEqual(panes(s).map(([label]) => label), ['gates', 'PPO_1']);
      assert.deepEqual(s.cards.map((c) => c.status), ['live', 'live']);
      const [yolo, ppo] = panes(s);
      if (rows < 60) {
        assert.ok(!yolo[2] && ppo[2], 'with 8 GPUs under them the focused run has the room, the other its header and a chart');
        const moved = model(both(), { size: [cols, rows], gpus: 8, view: { focus: '1:rollout' } });
        assert.deepEqual(panes(moved).map(([, , compact]) => compact), [true, false], 'tab to the PPO run gives it the room');
        fills(moved, rows);
      } else {
        assert.ok(!yolo[2] && !ppo[2], 'room for both');
      }
    });
  }

  it('tab goes through every chart of both runs, the YOLO run first', () => {
    const s = model(both());
    assert.deepEqual(s.focusKeys.filter((k) => !k.includes(':tag:')), ['0:losses', '0:metrics', '0:lr', '1:rollout']);
    assert.ok(s.focusKeys.includes('1:tag:train/value_loss'));
    let view = INITIAL_VIEW;
    const seen = new Set<string>();
    for (let i = 0; i < s.focusKeys.length; i++) {
      view = reduceView(view, 'focus', s.context);
      seen.add(model(both(), { view }).focus as string);
    }
    assert.equal(seen.size, s.focusKeys.length, 'each chart once');
  });

  it('both stay after both end, finished; a run with no data yet is not drawn', () => {
    const ended = [snapOf(yoloRun('/project/runs/detect/gates', 50, 50)), snapOf(ppoRun('/project/output/tb_apex/PPO_1', 100))];
    const s = model(ended);
    assert.deepEqual(s.cards.map((c) => c.status), ['finished', 'finished']);
    assert.equal(panes(s).length, 2);
    const one = model([snapOf(yoloRun('/project/runs/detect/gates', 0)), snapOf(ppoRun('/project/output/tb_apex/PPO_1', 5))]);
    assert.deepEqual(panes(one).map(([label]) => label), ['PPO_1']);
    assert.deepEqual(one.focusKeys[0], '1:rollout', 'the pane keeps its session as its key');
  });

  it('a newer run of the same phase replaces the older one with a one-line note', () => {
    const [yolo, ppo] = both();
    const s = model([{ ...yolo, replaced: { label: 'gates_old', at: NOW } }, ppo]);
    assert.equal(s.status.notice, 'newer run gates replaces gates_old');
    assert.deepEqual(panes(s).map(([label]) => label), ['gates', 'PPO_1']);
    const later = model([{ ...yolo, now: NOW + 11 * 60_000, replaced: { label: 'gates_old', at: NOW } }, ppo]);
    assert.equal(later.status.notice, null, 'the note goes after ten minutes');
  });

  it('before any run: what it waits for', () => {
    const s = model([snapOf(yoloRun('/project/runs/detect/gates', 0)), snapOf(ppoRun('/project/x/PPO_1', 0))]);
    assert.deepEqual(s.body, { kind: 'waiting', what: 'a run under /project/runs or a run under /project' });
    assert.equal(s.focus, null);
  });
});

describe('the screen model: focus by key', () => {
  it('a TensorBoard tag that appears does not move the focus', () => {
    const before = model([snapOf(ppoRun('/p/PPO_1', 10))], { view: { focus: '0:tag:train/loss' } });
    assert.equal(before.focus, '0:tag:train/loss');
    const after = model([snapOf(ppoRun('/p/PPO_1', 11, ['train/aaa_new']))], { view: { focus: '0:tag:train/loss' } });
    assert.ok(after.focusKeys.indexOf('0:tag:train/aaa_new') < after.focusKeys.indexOf('0:tag:train/loss'), 'the new tag comes before it in tab order');
    assert.equal(after.focus, '0:tag:train/loss');
  });

  it('a second run that appears does not move the focus', () => {
    const ppo = snapOf(ppoRun('/project/output/tb_apex/PPO_1', 10));
    const alone = model([snapOf(yoloRun('/project/runs/detect/gates', 0)), ppo]);
    const pinned = { focus: alone.focus };
    const joined = model([snapOf(yoloRun('/project/runs/detect/gates', 3)), ppo], { view: pinned });
    assert.equal(joined.focus, '1:rollout');
  });

  it('a chart that is gone gives the focus to the first of its run, not to another run', () => {
    const s = model(both(), { view: { focus: '1:tag:train/not_there' } });
    assert.equal(s.focus, '1:rollout');
  });
});

describe('the screen model: several PATHs compared', () => {
  for (const [cols, rows] of SIZES) {
    it(`${cols}x${rows}: one compare body, its charts in tab order`, () => {
      const snaps = [snapOf(yoloRun('/r/a', 10)), snapOf(yoloRun('/r/b', 12))];
      const s = model(snaps, { size: [cols, rows], compare: true });
      assert.equal(s.body.kind, 'compare');
      if (s.body.kind === 'compare') assert.deepEqual(s.body.runs.map((r) => r.label), ['a', 'b']);
      assert.deepEqual(s.focusKeys.slice(0, 2), ['c:losses', 'c:metrics']);
      fills(s, rows);
      const again = model(snaps, { size: [cols, rows], compare: true, view: { smooth: true } });
      assert.ok(again.body.kind === 'compare' && s.body.kind === 'compare' && again.body.runs === s.body.runs, 'the same runs: the same array (the pane keeps its charts)');
    });
  }
});

describe('the screen model: one overlay', () => {
  const withFiles = () => [snapOf(yoloRun('/project/runs/detect/gates', 12), stagedEgress([['media/images/train_batch0_1_0123.jpg', 5000], ['output.log', 9000]]))];

  for (const [cols, rows] of SIZES) {
    it(`${cols}x${rows}: help, g, e, p and c each replace the runs; the footer lights the one open`, () => {
      const snaps = withFiles();
      for (const [overlay, kind, lit] of [['help', 'help', 'help'], ['gpu', 'gpu', 'gpu'], ['files', 'files', 'egress']] as const) {
        const s = model(snaps, { size: [cols, rows], gpus: 2, view: { overlay } });
        assert.equal(s.body.kind, kind);
        assert.equal(s.overlay, overlay);
        assert.ok(s.footer.has(lit));
        fills(s, rows);
        if (overlay === 'gpu') assert.deepEqual(s.heights.gpus, [0], 'g shows the GPUs in the body: no panel under it');
      }
      // The image is the selected row once sorted by time (newest first is the jpg).
      const preview = model(snaps, { size: [cols, rows], view: { overlay: 'preview', egressSort: 'time', egressSelected: 0 } });
      assert.deepEqual(preview.body, { kind: 'preview', path: '/project/wandb/run-x-gates001/files/media/images/train_batch0_1_0123.jpg' });
    });
  }

  it('an overlay with nothing to show now is not on screen: keys and the footer follow what is', () => {
    const s = model(both(), { view: { overlay: 'files' } });
    assert.equal(s.overlay, null);
    assert.equal(s.body.kind, 'runs');
    assert.ok(!s.footer.has('egress'));
    const c = model(withFiles(), { view: { overlay: 'candidates' } });
    assert.equal(c.overlay, null, 'a confirmed run has no candidates to list');
  });

  it('g then e: the file list replaces GPU detail; Esc closes it and nothing is left open', () => {
    const snaps = withFiles();
    let view = INITIAL_VIEW;
    const step = (action: Parameters<typeof reduceView>[1]) => {
      view = reduceView(view, action, model(snaps, { view }).context);
      return model(snaps, { view });
    };
    assert.equal(step('gpu').body.kind, 'gpu');
    assert.equal(step('egress').body.kind, 'files');
    assert.equal(step('down').body.kind, 'files');
    assert.equal(view.egressSelected, 1, '↓ moves the list on screen');
    const closed = step('close');
    assert.equal(closed.overlay, null);
    assert.equal(closed.body.kind, 'runs');
  });

  it('c lists the candidates of an unconfirmed run; Enter has the session and the row folders to pick from', () => {
    const egress = { ...stagedEgress([]), run: null, candidates: [{ id: 'aaa', dir: '/project/wandb/run-1-aaa', mode: 'online' as const, startedAt: NOW }] };
    const s = model([snapOf(yoloRun('/project/runs/detect/gates', 12), egress)], { view: { overlay: 'candidates' } });
    assert.equal(s.body.kind, 'candidates');
    assert.deepEqual(s.pick, { session: 0, rows: ['/project/wandb/run-1-aaa'] });
    assert.equal(s.context.choices, 1);
  });

  it('what e and c say when they have nothing to open', () => {
    const ppo = model([snapOf(ppoRun('/p/PPO_1', 5))]);
    assert.equal(ppo.context.files, null);
    assert.match(ppo.context.whyNot.files, /TensorBoard run stages nothing for wandb/);
    const none = model([snapOf(yoloRun('/project/runs/detect/gates', 5), stagedEgress([]))]);
    assert.match(none.context.whyNot.candidates, /nothing to pick: wandb run gates001 is this training’s \(save_dir runs\/detect\/gates\)/);
    const nothing = model([snapOf(yoloRun('/project/runs/detect/gates', 5), { ...stagedEgress([]), run: null })]);
    assert.match(nothing.context.whyNot.files, /no wandb run belongs to this training/);
    assert.match(nothing.context.whyNot.candidates, /no W&B run of the same time/);
  });
});

describe('the screen model: alerts, links and the status line', () => {
  it('a host that is down takes a line above everything; GPU alerts are named after their host and keyed without their reading', () => {
    const snap = snapOf(yoloRun('/project/runs/detect/gates', 12));
    const remote = { ...snap, connection: 'disconnected 12s — reconnecting', target: { ...snap.target, fs: { ...snap.target.fs, host: 'gpubox' } } } as SessionSnapshot;
    const hot = gpuState(1);
    const s = screenModel({
      snaps: [remote, remote], gpus: [{ label: 'gpubox', state: { ...hot, gpus: hot.gpus.map((g) => ({ ...g, temperature_c: 91 })) } }], view: INITIAL_VIEW,
      size: { columns: 80, rows: 24 }, now: NOW, options: { compare: false, totalTimesteps: null, canPick: [false, false], pictures: { active: false, note: null } },
    });
    assert.deepEqual(s.links, ['gpubox: disconnected 12s — reconnecting']);
    assert.equal(s.gpuAlerts[0][0].message, 'gpubox: GPU 0 at 91 °C');
    assert.equal(s.alerts.at(-1)?.key, 'gpubox/gpu:0:hot');
    fills(s, 24);
  });

  it('a key’s note comes before the pictures’ reason and the replacement note', () => {
    const s = model(both(), { view: { note: 'e: nothing' } });
    assert.equal(s.status.notice, 'e: nothing');
  });
});
