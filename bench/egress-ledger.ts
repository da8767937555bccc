// The egress ledger with many staged files, in-process: the first whole walk, how soon one new
// file is in the ledger (file-system events, no rescan), and the CPU used while nothing changes.
// Prints JSON for bench/run.ts.  usage: egress-ledger.ts FILES IDLE_SECONDS
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EgressReader } from '../src/live/egress-reader.js';
import { wandbRunFolder, WandbLog, records } from '../fixtures/wandb/wandb-writer.js';
import { LocalFs } from '../src/live/fs/local-fs.js';

const files = Number(process.argv[2] ?? 20_000);
const idleS = Number(process.argv[3] ?? 30);
const root = mkdtempSync(join(tmpdir(), 'aigp-ledger-'));
const folder = wandbRunFolder(join(root, 'wandb'), 'many0001', 'online');
new WandbLog(folder, 'many0001').append(records.header());
const perDir = 200;
for (let i = 0; i < files; i++) {
  const dir = join(folder, 'files', 'media', 'images', `batch${Math.floor(i / perDir)}`);
  if (i % perDir === 0) mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `img_${i}_0123456789abcdef0123.png`), 'x'.repeat(100));
}

const reader = new EgressReader({ kind: 'wandb', fs: new LocalFs(root), dir: folder }, { wandbDir: null });
let t = performance.now();
await reader.start({ poll: false, pollIntervalMs: 1000 });
const firstWalkMs = performance.now() - t;
const count = () => reader.store.snapshot.files.length;
// The watcher's own first look, then its catch-up walk.
while (count() < files) await sleep(20);
await sleep(3000);

const lags: number[] = [];
for (let i = 0; i < 20; i++) {
  const want = count() + 1;
  t = performance.now();
  writeFileSync(join(folder, 'files', 'media', 'images', `new_${i}.png`), 'y'.repeat(10));
  while (count() < want) await sleep(1);
  lags.push(performance.now() - t);
  await sleep(100);
}
await sleep(2000);
const cpu0 = process.cpuUsage();
await sleep(idleS * 1000);
const cpu = process.cpuUsage(cpu0);
await reader.stop();
rmSync(root, { recursive: true, force: true });
lags.sort((a, b) => a - b);
process.stdout.write(JSON.stringify({
  files, firstWalkMs, newFileP50: lags[10], newFileMax: lags.at(-1), idleCpuPct: ((cpu.user + cpu.system) / 1e6 / idleS) * 100, ledger: count(),
}) + '\n');
