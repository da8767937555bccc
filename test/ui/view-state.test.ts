// The view reducer and the key table, directly: what each key does to the view, and where it acts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Key } from 'ink';
import { actionFor, inScope, KEYS, SCOPE_NAMES, type Action } from '../../src/ui/keys.js';
import { focusOf, INITIAL_VIEW, reduceView, xWindow, type ViewContext, type ViewState } from '../../src/ui/view-state.js';

const CTX: ViewContext = {
  focusKeys: ['0:losses', '0:metrics', '1:rollout', '1:tag:train/loss'],
  files: 3,
  // Sorted by size the first row is an image; by time none is.
  isImage: (sort, row) => sort === 'bytes' && row === 0,
  choices: 2,
  whyNot: { files: 'no files', candidates: 'nothing to pick' },
};

function run(actions: Action[], ctx: ViewContext = CTX, from: ViewState = INITIAL_VIEW): ViewState {
  return actions.reduce((v, a) => reduceView(v, a, ctx), from);
}

const KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false,
};
const key = (k: Partial<Key>): Key => ({ ...KEY, ...k });

describe('reduceView', () => {
  it('one overlay at a time: opening one replaces the other, Esc closes what is on screen', () => {
    assert.equal(run(['gpu']).overlay, 'gpu');
    assert.equal(run(['gpu', 'egress']).overlay, 'files', 'e over g: the file list, nothing hidden under it');
    assert.equal(run(['gpu', 'egress', 'close']).overlay, null);
    assert.equal(run(['egress', 'help']).overlay, 'help');
    assert.equal(run(['egress', 'help', 'close']).overlay, null);
    assert.equal(run(['help', 'help']).overlay, null, '? again closes help');
    assert.equal(run(['close']).overlay, null);
  });

  it('the preview: p opens it on an image, p or Esc go back to the list (not further)', () => {
    assert.equal(run(['preview']).overlay, null, 'p outside the list does nothing');
    assert.equal(run(['egress', 'preview']).overlay, 'preview');
    assert.equal(run(['egress', 'preview', 'close']).overlay, 'files');
    assert.equal(run(['egress', 'preview', 'preview']).overlay, 'files');
    assert.equal(run(['egress', 'preview', 'egress']).overlay, null, 'e closes the list and its preview');
    const notImage = run(['egress', 'down', 'preview']);
    assert.equal(notImage.overlay, 'files');
    assert.match(notImage.note ?? '', /p shows images/);
  });

  it('↑/↓ move the list on screen within its rows; b/t sort it and start at the top; neither acts elsewhere', () => {
    assert.equal(run(['egress', 'down', 'down', 'down', 'down']).egressSelected, 2);
    assert.equal(run(['egress', 'up']).egressSelected, 0);
    assert.equal(run(['down']).egressSelected, 0, 'no list on screen');
    assert.equal(run(['gpu', 'down']).egressSelected, 0, 'GPU detail on screen');
    assert.equal(run(['candidates', 'down', 'down', 'down']).candidateSelected, 1);
    const sorted = run(['egress', 'down', 'sortTime']);
    assert.deepEqual([sorted.egressSort, sorted.egressSelected], ['time', 0]);
    assert.equal(run(['sortTime']).egressSort, 'bytes', 't outside the list does nothing');
    assert.equal(run(['egress', 'preview', 'sortTime']).egressSort, 'bytes', 'nor in the preview');
  });

  it('e and c with nothing to open say why in a note, which the next key clears', () => {
    const none = { ...CTX, files: null, choices: 0 };
    const e = run(['egress'], none);
    assert.deepEqual([e.overlay, e.note], [null, 'no files']);
    assert.equal(run(['candidates'], none).note, 'nothing to pick');
    assert.equal(run(['egress', 'smooth'], none).note, null);
  });

  it('Enter closes the W&B run list (App makes the pick)', () => {
    assert.equal(run(['candidates', 'choose']).overlay, null);
    assert.equal(run(['choose']).overlay, null);
  });

  it('focus and log-y by key: tab goes through every chart and back; l marks the focused one', () => {
    const seen = [];
    let v = INITIAL_VIEW;
    for (let i = 0; i < 4; i++) {
      v = reduceView(v, 'focus', CTX);
      seen.push(v.focus);
    }
    assert.deepEqual(seen, ['0:metrics', '1:rollout', '1:tag:train/loss', '0:losses']);
    assert.deepEqual(run(['focus', 'logY']).logY, ['0:metrics']);
    assert.deepEqual(run(['focus', 'logY', 'logY']).logY, []);
    assert.equal(run(['focus'], { ...CTX, focusKeys: [] }).focus, null);
  });

  it('focusOf: the stored chart while it is there, else the first of its run, else the first', () => {
    assert.equal(focusOf('1:tag:train/loss', CTX.focusKeys), '1:tag:train/loss');
    assert.equal(focusOf('1:tag:gone', CTX.focusKeys), '1:rollout');
    assert.equal(focusOf('7:losses', CTX.focusKeys), '0:losses');
    assert.equal(focusOf(null, CTX.focusKeys), '0:losses');
    assert.equal(focusOf(null, []), null);
  });

  it('toggles and the x range', () => {
    const v = run(['smooth', 'outliers', 'picture', 'narrow', 'narrow']);
    assert.deepEqual([v.smooth, v.ignoreOutliers, v.picture, v.xShare], [true, true, true, 0.25]);
    assert.equal(run(['narrow', 'widen', 'widen']).xShare, 1);
    assert.deepEqual(xWindow(0.5, 1, 40), { xMin: 20, xMax: 40 });
    assert.deepEqual(xWindow(1, 1, 40), {});
  });
});

describe('the key table', () => {
  it('every action has a key, and every key that does not act anywhere says where it does', () => {
    const actions: Action[] = ['quit', 'help', 'focus', 'smooth', 'logY', 'outliers', 'narrow', 'widen', 'gpu', 'egress', 'preview', 'picture', 'candidates', 'close', 'up', 'down', 'choose', 'sortBytes', 'sortTime'];
    assert.deepEqual(KEYS.map((k) => k.action).sort(), actions.sort());
    for (const k of KEYS) assert.equal(SCOPE_NAMES[k.scope] === '', k.scope === 'global', k.label);
  });

  it('list keys act only on the list on screen', () => {
    assert.equal(actionFor('', key({ downArrow: true })), null);
    assert.equal(actionFor('', key({ downArrow: true }), 'gpu'), null);
    assert.equal(actionFor('', key({ downArrow: true }), 'files'), 'down');
    assert.equal(actionFor('', key({ upArrow: true }), 'candidates'), 'up');
    assert.equal(actionFor('', key({ upArrow: true }), 'preview'), null);
    assert.equal(actionFor('b', KEY), null);
    assert.equal(actionFor('b', KEY, 'files'), 'sortBytes');
    assert.equal(actionFor('t', KEY, 'candidates'), null);
    assert.equal(actionFor('p', KEY, 'preview'), 'preview');
    assert.equal(actionFor('p', KEY), null);
    assert.equal(actionFor('', key({ return: true }), 'candidates'), 'choose');
    assert.equal(actionFor('', key({ return: true }), 'files'), null);
  });

  it('Esc acts over any overlay; the global keys everywhere', () => {
    assert.equal(actionFor('', key({ escape: true })), null);
    for (const o of ['help', 'gpu', 'files', 'preview', 'candidates'] as const) {
      assert.equal(actionFor('', key({ escape: true }), o), 'close');
      assert.equal(actionFor('q', KEY, o), 'quit');
      assert.equal(actionFor('', key({ tab: true }), o), 'focus');
    }
    assert.equal(actionFor('', key({ tab: true, shift: true })), null);
    assert.ok(inScope('staged', 'preview') && !inScope('files', 'preview'));
  });
});
