// Child process of bench/run.ts: time to render one frame of the App at 200x60 with a
// 500-epoch run, by appending rows to the store and waiting for Ink's write.
import { EventEmitter } from 'node:events';
import { render } from 'ink';
import { App } from '../src/ui/App.js';
import { runTarget } from '../src/discover/targets.js';
import { RunStore } from '../src/model/run-store.js';
import { EMPTY_ARGS } from '../src/sources/ultralytics/args-yaml.js';
import { DETECT_COLUMNS, syntheticRow } from '../fixtures/ultralytics/results-writer.js';
import type { SessionSnapshot } from '../src/model/session.js';
import { LocalFs } from '../src/live/fs/local-fs.js';

const LOCAL = new LocalFs();

class Screen extends EventEmitter {
  columns = 200;
  rows = 60;
  isTTY = true;
  writes = 0;
  write = (_s: string) => {
    this.writes += 1;
    this.emit('frame');
    return true;
  };
}

const store = new RunStore('/bench/runs/detect/apex');
const columns = ['epoch', 'time', ...DETECT_COLUMNS];
const row = (i: number) => ({ epoch: i + 1, values: [i + 1, (i + 1) * 30, ...syntheticRow(DETECT_COLUMNS, i, 1000)], line: i + 2 });
store.update(() => {
  store.setExists(true);
  store.setArgs({ ...EMPTY_ARGS, task: 'detect', epochs: 1000 }, Date.now() - 500 * 30_000);
  store.setHeader(columns, 1);
  store.appendRows(Array.from({ length: 500 }, (_, i) => row(i)), null);
  store.setFileTimes(Date.now(), false);
});
let snap: SessionSnapshot = { target: runTarget(LOCAL, { format: 'ultralytics', dir: '/bench/runs/detect/apex' }), run: store.snapshot, egress: null, now: Date.now() };
const listeners = new Set<() => void>();
store.subscribe(() => {
  snap = { ...snap, run: store.snapshot };
  for (const l of listeners) l();
});
const session = { subscribe: (l: () => void) => (listeners.add(l), () => listeners.delete(l)), getSnapshot: () => snap };

const screen = new Screen();
const stdin = Object.assign(new EventEmitter(), { isTTY: true, setRawMode() {}, setEncoding() {}, resume() {}, pause() {}, ref() {}, unref() {}, read: () => null });
const instance = render(<App sessions={[session]} options={{ note: 'bench' }} />, {
  stdout: screen as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, patchConsole: false, exitOnCtrlC: false, maxFps: 1000,
});
await new Promise((r) => setTimeout(r, 200));
const times: number[] = [];
for (let i = 500; i < 560; i++) {
  const t0 = process.hrtime.bigint();
  const frame = new Promise((r) => screen.once('frame', r));
  store.appendRows([row(i)], Date.now());
  await frame;
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
instance.unmount();
times.sort((a, b) => a - b);
process.stdout.write(JSON.stringify({ frames: times.length, p50: times[times.length >> 1], p95: times[Math.floor(times.length * 0.95)], max: times.at(-1) }) + '\n');
process.exit(0);
