import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/App.js';
import { GpuStore } from '../../src/model/gpu-store.js';
import { parseAppLine, parseGpuLine } from '../../src/sources/nvidia-smi/query.js';
import { FakeSession } from '../helpers/fake-session.js';
import { frame, press, shows } from '../helpers/ink.js';
import { waitFor } from '../helpers/wait.js';

function eightGpus(temp = 70) {
  const store = new GpuStore();
  const lines = Array.from({ length: 8 }, (_, i) => `${i}, GPU-${i}, NVIDIA H100 80GB HBM3, ${temp + i}, ${90 - i}, 70000, 81559, 600.5, 700.00, 0x0, [N/A], 1980, 2619`);
  for (let k = 0; k < 5; k++) store.addSamples(lines.map(parseGpuLine), 1_700_000_000_000 + k * 1000);
  return { subscribe: store.subscribe, getSnapshot: () => store.snapshot };
}

describe('the GPU panel', () => {
  it('shows all eight GPUs on a 24-line pane, compactly, beside a run', (t) => {
    const r = render(<App sessions={[new FakeSession().grow(10, 50)]} options={{ note: '', gpu: eightGpus() }} />);
    t.after(() => r.unmount());
    const out = r.lastFrame() ?? '';
    for (let i = 0; i < 8; i++) assert.match(out, new RegExp(`\\b${i}\\s+${90 - i}%\\s+${70 + i}°C`), `GPU ${i}`);
    assert.match(out, /epoch 10\/50/);
    assert.equal(out.split('\n').length <= 24, true);
  });

  it('gives each host a compact panel named after it, and names the host in its alerts', (t) => {
    const one = { ...eightGpus(86), label: 'box1' };
    const two = { ...eightGpus(), label: 'me@box2' };
    const r = render(<App sessions={[new FakeSession().grow(10, 50)]} options={{ note: '', gpu: [one, two] }} />);
    t.after(() => r.unmount());
    const out = r.lastFrame() ?? '';
    assert.match(out, /GPU box1 ok/);
    assert.match(out, /GPU me@box2 ok/);
    assert.match(out, /box1: GPU 0 at 86 °C/);
    assert.doesNotMatch(out, /H100/, 'compact form: no names');
    assert.match(out, /epoch 10\/50/);
    assert.equal(out.split('\n').length <= 24, true);
  });

  it('alerts in words, in colour: hot and throttled', (t) => {
    const r = render(<App sessions={[new FakeSession().grow(3, 50)]} options={{ note: '', gpu: eightGpus(86) }} />);
    t.after(() => r.unmount());
    assert.match(r.lastFrame() ?? '', /⚠ GPU 0 at 86 °C/);
  });

  it('says why there is no reading', (t) => {
    const store = new GpuStore();
    store.setStatus('no nvidia-smi on this machine (no NVIDIA driver?)');
    const r = render(<App sessions={[new FakeSession().grow(3, 50)]} options={{ note: '', gpu: { subscribe: store.subscribe, getSnapshot: () => store.snapshot } }} />);
    t.after(() => r.unmount());
    assert.match(r.lastFrame() ?? '', /GPU no nvidia-smi on this machine/);
    assert.match(r.lastFrame() ?? '', /epoch 3\/50/);
  });

  it('a GPU or a process named with escapes, C1 or bidi controls is shown escaped, in the panel and the detail', async (t) => {
    const store = new GpuStore();
    store.addSamples([parseGpuLine('0, GPU-0, NVIDIA \x9b\u2066\x1b]0;t\x07A100, 70, 90, 70000, 81559, 600.5, 700.00, 0x0, [N/A], 1980, 2619')], 1_700_000_000_000);
    store.setProcesses([parseAppLine('GPU-0, 4242, py\x1b[2J\u202egnp.exe, 1024')]);
    const r = render(<App sessions={[new FakeSession().grow(3, 50)]} options={{ note: '', gpu: { subscribe: store.subscribe, getSnapshot: () => store.snapshot } }} />);
    t.after(() => r.unmount());
    // Ink's own colours are SGR sequences; nothing else may carry an escape or a bidi control.
    const unsafe = (out: string) => out.replace(/\x1b\[[0-9;]*m/g, '').match(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/u);
    assert.equal(unsafe(frame(r)), null);
    assert.match(frame(r), /\\x9b<U\+2066>\\x1b/);
    assert.match(frame(r), /py\\x/, 'the process, escaped (as much of it as fits)');
    await press(r, 'g');
    await shows(r, /GPU detail/);
    assert.equal(unsafe(frame(r)), null);
  });
});

describe('GPU detail (g)', () => {
  const source = (store: GpuStore) => ({ subscribe: store.subscribe, getSnapshot: () => store.snapshot });

  it('utilisation, temperature, memory and power on their own labelled axes, x in time before now; Esc closes it', async (t) => {
    const store = new GpuStore();
    const t0 = Date.now() - 120_000;
    for (let k = 0; k <= 120; k += 2) store.addSamples([parseGpuLine(`0, GPU-0, NVIDIA A100-SXM4-80GB, ${60 + (k % 9)}, ${80 + (k % 17)}, ${60000 + k * 10}, 81920, ${280 + k / 2}, 400.00, 0x0, [N/A], 1410, 1593`)], t0 + k * 1000);
    const r = render(<App sessions={[new FakeSession().grow(3, 50)]} options={{ note: '', gpu: source(store) }} />);
    t.after(() => r.unmount());
    await press(r, 'g');
    const out = frame(r);
    for (const title of [/GPU0 util 8\d%/, /GPU0 temp 6\d°C/, /GPU0 mem \d+\.\d\/80 GiB/, /GPU0 power 340\/400 W/]) assert.match(out, title);
    assert.match(out, /└-2m +now/, 'the x axis: two minutes ago to now');
    for (const l of out.split('\n')) assert.ok([...l].length <= 100);
    await press(r, '\x1b');
    await waitFor(() => /epoch 3\/50/.test(frame(r)), 'the run again after Esc');
  });

  it('without nvidia-smi, or with --no-gpu, says why instead of a blank screen', async (t) => {
    const store = new GpuStore();
    store.setStatus('no nvidia-smi on this machine (no NVIDIA driver?)');
    const r = render(<App sessions={[new FakeSession().grow(3, 50)]} options={{ note: '', gpu: source(store) }} />);
    t.after(() => r.unmount());
    await press(r, 'g');
    await shows(r, /no GPU readings: no nvidia-smi on this machine/);
    const off = render(<App sessions={[new FakeSession().grow(3, 50)]} options={{ note: '' }} />);
    t.after(() => off.unmount());
    await press(off, 'g');
    await shows(off, /no GPU readings: the GPU panel is off \(--no-gpu\)/);
    await press(off, '\x1b');
    await waitFor(() => /epoch 3\/50/.test(frame(off)), 'Esc closes it');
  });

  it('readings of an nvidia-smi that stopped are marked stale, not shown as current', (t) => {
    const store = new GpuStore();
    const session = new FakeSession().grow(3, 50);
    store.addSamples([parseGpuLine('0, GPU-0, NVIDIA A100-SXM4-80GB, 70, 90, 70000, 81920, 300, 400.00, 0x0, [N/A], 1410, 1593')], session.now - 90_000);
    store.setStatus('nvidia-smi exited (code 15); restarting in 8s');
    const r = render(<App sessions={[session]} options={{ note: '', gpu: source(store) }} />);
    t.after(() => r.unmount());
    assert.match(frame(r), /GPU nvidia-smi exited \(code 15\); restarting in 8s · stale: last reading 1m 30s ago/);
  });
});
