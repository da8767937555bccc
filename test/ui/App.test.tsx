import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/App.js';
import { FakeSession } from '../helpers/fake-session.js';
import { frame, press, shows } from '../helpers/ink.js';
import { waitFor } from '../helpers/wait.js';
import { formatWhen } from '../../src/model/run-summary.js';

describe('App', () => {
  it('shows the header, progress, ETA and the charts of a live run', (t) => {
    const session = new FakeSession().grow(12, 50);
    const r = render(<App sessions={[session]} options={{ note: "watching" }} />);
    t.after(() => r.unmount());
    const out = frame(r);
    assert.match(out, /apex_yolo11n/);
    assert.match(out, /detect/);
    assert.match(out, /● live/);
    assert.match(out, /epoch 12\/50/);
    assert.match(out, /ETA 38m 00s/);
    assert.match(out, /Losses/);
    assert.match(out, /Metrics/);
    assert.match(out, /mAP50-95/);
    assert.match(out, /[\u2801-\u28ff]/, 'braille dots are drawn');
    assert.match(out, /q quit/);
  });

  it('picks up new rows from the store', async (t) => {
    const session = new FakeSession().grow(3, 50);
    const r = render(<App sessions={[session]} options={{ note: "" }} />);
    t.after(() => r.unmount());
    assert.match(frame(r), /epoch 3\/50/);
    session.grow(1);
    await shows(r, /epoch 4\/50/);
  });

  it('a finished run says how long it took, per epoch, and when it ended; ▲ marks a best that is the last epoch', (t) => {
    const session = new FakeSession().grow(50, 50);
    const r = render(<App sessions={[session]} options={{ note: '' }} />);
    t.after(() => r.unmount());
    const out = frame(r);
    assert.match(out, new RegExp(`● finished ${formatWhen(session.now)}`));
    assert.match(out, /best 50 · mAP50-95 0\.\d+ · took 50m 00s \(1m 00s\/epoch\)/);
    assert.match(out, /▲50/);
  });

  it('waits with a clear message before the first row', (t) => {
    const session = new FakeSession('/runs/detect/not_yet');
    const r = render(<App sessions={[session]} options={{ note: "" }} />);
    t.after(() => r.unmount());
    assert.match(frame(r), /waiting for \/runs\/detect\/not_yet\/results\.csv/);
    assert.match(frame(r), /● waiting/);
  });

  it('keys: ? help, s smoothing, tab focus, l log-y, o outliers, ←/→ range', async (t) => {
    const session = new FakeSession().grow(40, 50);
    const r = render(<App sessions={[session]} options={{ note: "" }} />);
    t.after(() => r.unmount());
    await press(r, '?');
    await shows(r, /Keys/);
    await shows(r, /debiased by 1 - w\^n/);
    await press(r, '\x1b');
    await shows(r, /^(?![^]*debiased)/, 'Esc closes the help');
    await press(r, 's');
    await shows(r, /Losses \[smooth\]/);
    await shows(r, /▸ Losses/);
    await press(r, '\t');
    await shows(r, /▸ Metrics/);
    await press(r, 'l');
    await shows(r, /Metrics \[log,smooth\]/);
    await press(r, 'o');
    await shows(r, /no outliers/);
    await shows(r, /└1 /, 'whole run from epoch 1');
    await press(r, '\x1b[D');
    await shows(r, /└20 /, "the later half of the run after ←, in whole epochs");
    await press(r, '\x1b[C');
    await shows(r, /└1 /, 'whole run again after →');
  });

  it('column names cannot drive the terminal', (t) => {
    const session = new FakeSession().grow(3, 10, ['train/\x1b[2Jevil\x07_loss', 'val/\x1b]0;title\x07_loss']);
    const r = render(<App sessions={[session]} options={{ note: "" }} />);
    t.after(() => r.unmount());
    const out = frame(r);
    assert.doesNotMatch(out, /\x1b\[2J|\x1b\]0;|\x07/);
    assert.match(out, /\\x1b\[2Jevil/);
  });

  it('shows the latest warning in the status line', (t) => {
    const session = new FakeSession().grow(3, 10);
    session.store.warn('bad-line', 'results.csv line 7 skipped: not a number');
    const r = render(<App sessions={[session]} options={{ note: "" }} />);
    t.after(() => r.unmount());
    assert.match(frame(r), /⚠ results\.csv line 7 skipped: not a number/);
  });
});

describe('alerts in the TUI', () => {
  it('shows a NaN loss in the header and rings the bell once, only for what appears while watching', async (t) => {
    const session = new FakeSession().grow(3, 50);
    const r = render(<App sessions={[session]} options={{ note: '', bell: true }} />);
    t.after(() => r.unmount());
    const bells = () => r.frames.filter((f) => f === '\x07').length;
    assert.equal(bells(), 0);
    session.store.appendRows([{ epoch: 4, values: [4, 240, NaN, ...Array.from({ length: 12 }, () => 1)], line: 5 }], Date.now());
    await shows(r, /⚠ train\/box_loss is nan at epoch 4/);
    await waitFor(() => bells() === 1, 'one bell');
    session.store.warn('x', 'something unrelated');
    await sleep(50);
    assert.equal(bells(), 1, 'not again for the same alert');
  });
});
