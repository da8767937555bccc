import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/App.js';
import { GpuStore } from '../../src/model/gpu-store.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAppLine, parseGpuLine, parseGpuRow } from '../../src/sources/nvidia-smi/query.js';
import { GPU_FIELDS } from '../../src/sources/nvidia-smi/fields.js';
import { parseGpuList } from '../../src/sources/nvidia-smi/list.js';
import { gpuRows } from '../../src/ui/components/GpuPanel.js';
import { REPO } from '../helpers/paths.js';
import { FakeSession } from '../helpers/fake-session.js';
import { frame, press, resize, shows } from '../helpers/ink.js';
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

describe('numbers are never cut', () => {
  const cols = GPU_FIELDS.map((f) => f.key);
  /** Eight H100s as the real capture prints them under load (631.95 W of 700), GPU 5 lost. */
  function eightReal(lost = true, watts = '631.95', limit = '700.00') {
    const store = new GpuStore();
    const t0 = Date.now() - 60_000;
    for (let k = 0; k < 30; k++) {
      store.addSamples(Array.from({ length: 8 }, (_, i) => (lost && i === 5 && k > 10
        ? parseGpuRow(Array(cols.length).fill('[GPU is lost]').join(', '), cols, 5)
        : parseGpuRow(`${i}, GPU-${i}, NVIDIA H100 80GB HBM3, ${59 + (k % 3)}, ${100 - i}, 19818, 81559, ${watts}, ${limit}, 0x0000000000000000, [N/A], 1980, 2619, 00000000:${(24 + 16 * i).toString(16)}:00.0, Disabled`, cols))), t0 + k * 2000);
    }
    return store;
  }
  const source = (store: GpuStore) => ({ subscribe: store.subscribe, getSnapshot: () => store.snapshot });

  it('8 GPUs at 80x24, one lost: the panel and g show every power as 632/700, never 632/70', async (t) => {
    const r = render(<App sessions={[new FakeSession().grow(10, 50)]} options={{ note: '', gpu: source(eightReal()) }} />);
    t.after(() => r.unmount());
    resize(r, 80, 24);
    await shows(r, /5 GPU is lost/);
    const panel = frame(r);
    assert.equal((panel.match(/632\/700W/g) ?? []).length, 7, panel);
    assert.doesNotMatch(panel, /632\/70(?!0)/);
    assert.match(panel, /⚠ GPU 5: GPU is lost/);
    await press(r, 'g');
    await shows(r, /GPU detail/);
    const detail = frame(r);
    assert.equal((detail.match(/632\/700 W/g) ?? []).length, 7, detail);
    assert.doesNotMatch(detail, /632\/70(?!0)/);
    assert.match(detail, /^5 +GPU is lost$/m);
    for (const i of [0, 1, 2, 3, 4, 6, 7]) assert.match(detail, new RegExp(`^${i} .* ${100 - i}% +\\d+°C +19\\.4/79\\.6 GiB +632/700 W`, 'm'));
  });

  it('one GPU at 80x24: g titles carry whole values', async (t) => {
    const store = new GpuStore();
    for (let k = 0; k < 5; k++) store.addSamples([parseGpuRow('0, GPU-0, NVIDIA H100 80GB HBM3, 59, 100, 19818, 81559, 631.95, 700.00, 0x0, [N/A], 1980, 2619, 00000000:00:09.0, Disabled', cols)], Date.now() - (5 - k) * 1000);
    const r = render(<App sessions={[new FakeSession().grow(10, 50)]} options={{ note: '', gpu: source(store) }} />);
    t.after(() => r.unmount());
    resize(r, 80, 24);
    await press(r, 'g');
    await shows(r, /GPU0 power 632\/700 W/);
  });

  it('at every width from 40 to 160, compact or wide, each number on a GPU line is whole', () => {
    for (const [watts, limit] of [['631.95', '700.00'], ['1000.00', '1000.00']]) {
      const s = eightReal(false, watts, limit).snapshot;
      const whole = new Set(s.gpus.flatMap((g) => [`${Math.round(g.power_w!)}/${Math.round(g.power_limit_w!)}W`, `${Math.round(g.power_w!)}W`, `${Math.round(g.power_w!)}/${Math.round(g.power_limit_w!)}`, `${g.utilization_pct}%`, `${g.temperature_c}°C`, '19/80G', '19.4/79.6', `${g.index}`, '80GB', '24%']));
      for (let width = 40; width <= 160; width++) {
        for (const compact of [false, true]) {
          for (const line of gpuRows(s, width, 9, compact)) {
            assert.ok([...line].length <= width, `${width}: ${line}`);
            for (const token of line.split(/[\s│]+/).filter((x) => /^\d/.test(x))) assert.ok(whole.has(token), `${width}${compact ? ' compact' : ''}: '${token}' in '${line}'`);
          }
        }
      }
    }
  });
});

describe('what the driver does not give, and MIG', () => {
  const cols = GPU_FIELDS.map((f) => f.key);
  it('MIG on: the panel says so where utilisation would be; g lists the instances and their memory', async (t) => {
    const store = new GpuStore();
    store.addSamples([parseGpuRow('0, GPU-0, NVIDIA H100 80GB HBM3, 42, [N/A], 59, 81559, 71.15, 700.00, 0x1, [N/A], 345, 2619, 00000000:00:09.0, Enabled', cols)], Date.now());
    store.setMigInstances(new Map([[0, parseGpuList(readFileSync(join(REPO, 'fixtures/nvidia-smi/captures/h100-mig-590.L'), 'utf8'))[0].mig]]));
    const r = render(<App sessions={[new FakeSession().grow(3, 50)]} options={{ note: '', gpu: { subscribe: store.subscribe, getSnapshot: () => store.snapshot } }} />);
    t.after(() => r.unmount());
    resize(r, 100, 30);
    await shows(r, /util MIG/);
    assert.match(frame(r), /MIG on \(GPU 0\): utilisation is per instance/);
    await press(r, 'g');
    await shows(r, /GPU 0 MIG on: utilisation is per instance, not in nvidia-smi's GPU query\n +4 instances: 3g\.40gb \(40 GB\), 2g\.20gb \(20 GB\), 1g\.10gb \(10 GB\) ×2/);
  });

  it('a reading this driver does not give is named in the panel, the rest shown', async (t) => {
    const store = new GpuStore();
    store.addSamples([parseGpuLine('0, GPU-0, NVIDIA GeForce RTX 2080 SUPER, 33, 0, 211, 8192, 39.17, 250.00, 0x1, 38, 765, 810')], Date.now());
    store.setMissing(['MIG mode']);
    const r = render(<App sessions={[new FakeSession().grow(3, 50)]} options={{ note: '', gpu: { subscribe: store.subscribe, getSnapshot: () => store.snapshot } }} />);
    t.after(() => r.unmount());
    resize(r, 100, 30);
    await shows(r, /GPU ok · this driver gives no MIG mode/);
    assert.match(frame(r), /39\/250 W/);
  });
});
