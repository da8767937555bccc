// What following a run over ssh costs on the wire: a training with W&B online (and MEDIA more
// staged images) replayed into a temp project on this machine, followed through the test sshd
// in-process as the CLI does (Hosts, resolveTargets, RunSession with egress, 1 s polls), with
// and without the nvidia-smi stream. Prints JSON for bench/run.ts.
//   usage: ssh-traffic.ts EPOCHS EPOCH_MS IDLE_SECONDS MEDIA
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { replayTraining, type TrainingFolders } from '../fixtures/wandb/replay-training.js';
import { resolveTargets } from '../src/discover/targets.js';
import { Hosts } from '../src/live/fs/hosts.js';
import type { SshFs } from '../src/live/fs/ssh/ssh-fs.js';
import { GpuSampler } from '../src/live/gpu-sampler.js';
import { RunSession } from '../src/live/run-session.js';
import { startSshd, type Sshd } from '../test/helpers/sshd.js';

const [epochs, epochMs, idleS, media] = process.argv.slice(2, 6).map(Number);
const EGRESS = { wandbDir: null, env: undefined };

interface Followed { hosts: Hosts; fs: SshFs; session: RunSession; gpu: GpuSampler | null }

async function followRun(sshd: Sshd, runDir: string, gpu: boolean): Promise<Followed> {
  const hosts = new Hosts(process.cwd(), { rsh: `ssh -F '${sshd.configPath}'` });
  const [placed] = await hosts.place([`${sshd.host}:${runDir}`]);
  const [target] = await resolveTargets(placed.fs, placed.path);
  const session = new RunSession(target, { poll: false, pollIntervalMs: 1000 }, Date.now, EGRESS);
  await session.start();
  const sampler = gpu ? new GpuSampler({ intervalMs: 1000, fs: placed.fs }) : null;
  sampler?.start();
  return { hosts, fs: placed.fs as SshFs, session, gpu: sampler };
}

async function unfollow(f: Followed): Promise<void> {
  await Promise.all([f.session.stop(), f.gpu?.stop()]);
  await f.hosts.close();
}

const total = (fs: SshFs) => {
  const t = fs.traffic();
  return t.sent + t.received;
};

function bytesUnder(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) n += statSync(join(e.parentPath, e.name)).size;
  return n;
}

async function measure(sshd: Sshd, gpu: boolean) {
  const project = mkdtempSync(join(tmpdir(), 'aigp-ssh-bench-'));
  const runDir = join(project, 'runs', 'detect', 'apex');
  try {
    const f = await followRun(sshd, runDir, gpu);
    const folders: TrainingFolders = { runDir: '', wandbRun: null };
    const t0 = performance.now();
    const b0 = total(f.fs);
    const replay = replayTraining({ project, name: 'apex', epochs, stepMs: epochMs, wandb: 'online', id: 'bench001' }, folders);
    while (!folders.wandbRun) await sleep(50);
    // A run that logs many images: hundreds of staged files, each listed by the egress watch.
    const images = join(folders.wandbRun, 'files', 'media', 'images');
    mkdirSync(images, { recursive: true });
    for (let i = 0; i < media; i++) writeFileSync(join(images, `val_pred_${i}_0123456789abcdef0123.png`), 'x'.repeat(2000));
    await replay;
    const trainingS = (performance.now() - t0) / 1000;
    const trained = total(f.fs) - b0;
    await sleep(5000);
    const i0 = total(f.fs);
    await sleep(idleS * 1000);
    const idle = total(f.fs) - i0;
    await unfollow(f);

    // A fresh look at the finished run: connect, then the first whole read.
    const s0 = performance.now();
    const again = await followRun(sshd, runDir, false);
    // What fills in behind the first frame (the egress ledger) counts too.
    const complete = () => {
      const snap = again.session.getSnapshot();
      return snap.run.format === 'ultralytics' && snap.run.epochs.length === epochs && (snap.egress?.files.length ?? 0) > media;
    };
    while (!complete() && performance.now() - s0 < 30_000) await sleep(10);
    const firstSnapshotMs = performance.now() - s0;
    const staged = again.session.getSnapshot().egress?.files.length ?? 0;
    const firstBytes = total(again.fs);
    await unfollow(again);

    const naive = statSync(join(runDir, 'results.csv')).size + bytesUnder(join(folders.wandbRun, 'files'));
    return {
      gpu, epochs, trainingS, perEpoch: trained / epochs, perMinTraining: (trained / trainingS) * 60, perMinIdle: (idle / idleS) * 60,
      firstSnapshotMs, firstBytes, complete: complete(), naiveBytes: naive, staged,
    };
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

const sshd = await startSshd();
try {
  const results = [await measure(sshd, false), await measure(sshd, true)];
  process.stdout.write(JSON.stringify(results) + '\n');
} finally {
  await sshd.stop();
}
