// Keys typed before Ink holds the terminal: split as Ink splits them (a run of typed characters
// one key each), named as Ink names them, and each acting once, in order, on the view Ink starts with.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createElement } from 'react';
import { Text, useInput, type Key } from 'ink';
import { render } from 'ink-testing-library';
import { EarlyKeys, inkKey, KeysBeforeInk, splitKeys } from '../../src/ui/early-keys.js';
import { screenModel } from '../../src/ui/screen-model.js';
import { INITIAL_VIEW } from '../../src/ui/view-state.js';
import { viewAfterKeys } from '../../src/ui/App.js';
import { FakeSession } from '../helpers/fake-session.js';
import { waitFor } from '../helpers/wait.js';

/** A terminal's stdin as EarlyKeys reads it: what is typed waits until read(). */
class FakeStdin extends EventEmitter {
  isTTY = true;
  raw: boolean[] = [];
  paused = false;
  refed = true;
  private queue: string[] = [];
  setRawMode(on: boolean) {
    this.raw.push(on);
  }
  setEncoding() {}
  pause() {
    this.paused = true;
  }
  unref() {
    this.refed = false;
  }
  read(): string | null {
    return this.queue.shift() ?? null;
  }
  type(text: string) {
    this.queue.push(text);
    this.emit('readable');
  }
  /** Typed, but not read yet (no 'readable' seen). */
  waiting(text: string) {
    this.queue.push(text);
  }
}

describe('splitKeys', () => {
  it('a run of characters is one key each; escape sequences stay whole', () => {
    assert.deepEqual(splitKeys('?sq').keys, ['?', 's', 'q']);
    assert.deepEqual(splitKeys('a\x1b[Ab\x1bOB\x1b[1;5C\t\x1b[Z').keys, ['a', '\x1b[A', 'b', '\x1bOB', '\x1b[1;5C', '\t', '\x1b[Z']);
    assert.deepEqual(splitKeys('\x1bq\x1b\x1b[D').keys, ['\x1bq', '\x1b\x1b[D']);
    assert.deepEqual(splitKeys('😀é').keys, ['😀', 'é']);
  });

  it('an escape that may start a sequence waits for what follows', () => {
    assert.deepEqual(splitKeys('s\x1b'), { keys: ['s'], pending: '\x1b' });
    assert.deepEqual(splitKeys('\x1b['), { keys: [], pending: '\x1b[' });
    assert.deepEqual(splitKeys('\x1b[1;'), { keys: [], pending: '\x1b[1;' });
    assert.deepEqual(splitKeys('\x1b\x1b'), { keys: [], pending: '\x1b\x1b' });
  });
});

describe('inkKey', () => {
  it("names every key as Ink's useInput does", async (t) => {
    const seen: { input: string; key: Key }[] = [];
    const Probe = () => {
      useInput((input, key) => void seen.push({ input, key }));
      return createElement(Text, null, 'probe');
    };
    const r = render(createElement(Probe));
    t.after(() => r.unmount());
    await waitFor(() => r.stdin.listenerCount('readable') > 0, 'Ink to listen');
    const sequences = ['q', '?', 's', 'Q', ' ', '1', '\t', '\x1b[Z', '\r', '\n', '\x1b[A', '\x1b[B', '\x1b[C', '\x1b[D', '\x1bOA', '\x1bOD', '\x1bq', '\x1bQ', '\x7f', '\b', '\x1b[5~', '\x1b[6~', '\x13', '\x11', '\x1b'];
    for (const seq of sequences) {
      const before = seen.length;
      r.stdin.write(seq);
      await waitFor(() => seen.length > before, `Ink's answer to ${JSON.stringify(seq)}`);
      const ink = seen[seen.length - 1];
      const ours = inkKey(seq);
      assert.equal(ours.input, ink.input, `input of ${JSON.stringify(seq)}`);
      const flags = (k: Key) => Object.fromEntries(Object.entries(k).filter(([name, v]) => typeof v === 'boolean' && name !== 'eventType'));
      assert.deepEqual(flags(ours.key), flags(ink.key), `key of ${JSON.stringify(seq)}`);
    }
  });
});

describe('EarlyKeys', () => {
  it('hands each key on once, in order, however the reads cut them', async () => {
    const stdin = new FakeStdin();
    const got: string[] = [];
    const keys = new EarlyKeys(stdin, (k) => got.push(k));
    assert.equal(keys.start(), true);
    assert.deepEqual(stdin.raw, [true]);
    stdin.type('?s');
    stdin.type('\x1b[');
    stdin.type('Bq');
    assert.deepEqual(got, ['?', 's', '\x1b[B', 'q']);
  });

  it('a lone Esc is Esc once nothing follows it', async () => {
    const stdin = new FakeStdin();
    const got: string[] = [];
    new EarlyKeys(stdin, (k) => got.push(k)).start();
    stdin.type('\x1b');
    assert.deepEqual(got, []);
    await nextTurn();
    assert.deepEqual(got, ['\x1b']);
  });

  it('at the hand-over what was typed and not read yet acts too; from then on nothing is read', () => {
    const stdin = new FakeStdin();
    const got: string[] = [];
    const keys = new EarlyKeys(stdin, (k) => got.push(k));
    keys.start();
    stdin.type('g');
    stdin.waiting('e\x1b');
    keys.stop();
    assert.deepEqual(got, ['g', 'e', '\x1b']);
    assert.equal(stdin.listenerCount('readable'), 0);
    assert.ok(stdin.paused);
    assert.deepEqual(stdin.raw, [true], 'raw mode stays on for Ink');
    stdin.type('s');
    assert.deepEqual(got, ['g', 'e', '\x1b'], 'the next key is left for Ink');
  });

  it('ending it gives the terminal back: raw mode off, and stdin holds the process no more', () => {
    const stdin = new FakeStdin();
    const keys = new EarlyKeys(stdin, () => {});
    keys.start();
    keys.stop(true);
    assert.deepEqual(stdin.raw, [true, false]);
    assert.equal(stdin.refed, false);
  });

  it('reads nothing where stdin is no terminal', () => {
    const stdin = Object.assign(new FakeStdin(), { isTTY: false });
    assert.equal(new EarlyKeys(stdin, () => {}).start(), false);
    assert.deepEqual(stdin.raw, []);
  });
});

describe('KeysBeforeInk', () => {
  function typed(text: string) {
    const stdin = new FakeStdin();
    const keys = new KeysBeforeInk(stdin);
    keys.start();
    stdin.type(text);
    return keys;
  }

  it('keeps every other key, once, in order, for Ink', () => {
    assert.deepEqual(typed('s??\x1b[B\tg').handOver(), ['s', '?', '?', '\x1b[B', '\t', 'g']);
  });

  it('q and Ctrl-C quit at once; what follows them is not kept', async () => {
    for (const text of ['q', '\x03', 's\x11']) {
      const keys = typed(`${text}?`);
      assert.equal(keys.quitting, true, JSON.stringify(text));
      await keys.quit;
      assert.ok(!keys.handOver().includes('?'));
    }
    assert.equal(typed('?Q').quitting, false, 'shift-q is no quit');
  });
});

describe('viewAfterKeys (App)', () => {
  const session = new FakeSession().grow(5, 50);
  const size = { columns: 100, rows: 30 };
  const after = (keys: string[]) => viewAfterKeys(keys, [session], { note: '' }, size);

  it('each key acts once, in order, on the screen as it is', () => {
    assert.equal(after(['?']).overlay, 'help');
    assert.equal(after(['?', '?']).overlay, null);
    const view = after(['s', '?', 'g']);
    assert.equal(view.overlay, 'gpu', 'g replaced the help');
    assert.equal(view.smooth, true);
    const focus = screenModel({
      snaps: [session.getSnapshot()], gpus: [], view: INITIAL_VIEW, size, now: Date.now(),
      options: { compare: false, totalTimesteps: null, canPick: [false], pictures: { active: false, note: null } },
    }).focusKeys;
    assert.equal(after(['\t']).focus, focus[1], 'tab moved the focus to the second chart');
    assert.equal(after(['\t', '\x1b[Z']).focus, focus[1], 'shift-tab is not tab');
  });
});
