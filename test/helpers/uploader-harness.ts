// Runs INSIDE a network namespace the test made (`unshare -n`, lo up, 10.77.0.1/32 on lo): a
// server standing for wandb.ai on 10.77.0.1, a loopback peer, a replayed Ultralytics training
// with W&B (this process is the training: the stand-in's --pid), the stand-in uploader (a link
// named wandb-core) and the built CLI `--json --follow` on the run. Prints one JSON line: what the
// server and the loopback peer received, the CLI's egress events over time, and the last one.
//   node --import tsx test/helpers/uploader-harness.ts finish|kill|ssh WORKDIR
// finish: the training ends, the uploader sends what is left and ends normally (SIGTERM).
// kill: the uploader is killed (SIGKILL) halfway through the training.
// ssh: as finish, the CLI watching the run as host:PATH through a real sshd on 127.0.0.1 (inside
// the namespace too): the scan and ss run on the host through that connection.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { replayTraining, type TrainingFolders } from '../../fixtures/wandb/replay-training.js';
import { serveWandb, servePeer } from '../../fixtures/wandb/fake-wandb-server.js';
import { CLI } from './paths.js';
import { startSshd } from './sshd.js';
import { startStandIn } from './stand-in.js';
import { waitFor } from './wait.js';

export const WANDB_ADDRESS = '10.77.0.1';
const [mode, work] = process.argv.slice(2);

interface EgressEvent { sent_bytes: number | null; queue: { state: string; pending_bytes: number | null }; uploader: { pid: number; name: string } | null; uploader_status: string; uploads: { uploaded_count: number | null } | null; wire: { short_connections: number; note: string | null } | null }

const server = await serveWandb(WANDB_ADDRESS, 443);
const peer = await servePeer();
const project = join(work, 'project');
mkdirSync(project, { recursive: true });
const runDir = join(project, 'runs', 'detect', 'apex');
const env = { ...process.env };
delete env.CI;
const sshd = mode === 'ssh' ? await startSshd() : null;
const where = sshd ? ['-e', `ssh -F ${sshd.configPath}`, `${sshd.host}:${runDir}`] : [runDir];
const cli = spawn(process.execPath, [CLI, '--json', '--follow', '--no-gpu', ...where], { env, stdio: ['ignore', 'pipe', 'inherit'] });
const trace: { t: number; sent: number | null; server: number; state: string }[] = [];
let last: EgressEvent | null = null;
const t0 = Date.now();
createInterface({ input: cli.stdout }).on('line', (line) => {
  const e = JSON.parse(line) as { type: string } & EgressEvent;
  if (e.type !== 'egress') return;
  last = e;
  trace.push({ t: Date.now() - t0, sent: e.sent_bytes, server: server.received(), state: e.queue.state });
});

const folders: TrainingFolders = { runDir: '', wandbRun: null };
const replay = replayTraining({ project, name: 'apex', epochs: 8, stepMs: 500, wandb: 'online', id: 'wire0001' }, folders);
const wandbRun = (await waitFor(() => folders.wandbRun, 'the wandb run folder', 20_000)) as string;
mkdirSync(join(wandbRun, 'logs'), { recursive: true });
writeFileSync(join(wandbRun, 'logs', 'debug.log'), `2026-03-10 10:00:00,000 INFO    MainThread:${process.pid} [wandb_setup.py:_flush():81] Configure stats pid to ${process.pid}\n`);
const { child: uploader, exited: ended } = startStandIn(work, wandbRun, { server: `${WANDB_ADDRESS}:443`, loopbackPort: peer.port });

if (mode === 'kill') {
  await sleep(2500);
  uploader.kill('SIGKILL');
}
await replay;
if (mode !== 'kill') uploader.kill('SIGTERM');
await ended;
const want = mode === 'kill' ? 'gone' : 'done';
await waitFor(() => (last as EgressEvent | null)?.queue.state === want, `the CLI's queue state ${want}`, 60_000);
// The close events of its last connections come a moment after it ended.
await sleep(4000);
cli.kill('SIGTERM');
await new Promise((done) => cli.once('exit', done));
process.stdout.write(`${JSON.stringify({ server: server.received(), loopback: peer.received(), last, trace, pid: uploader.pid })}\n`);
await server.close();
await sshd?.stop();
process.exit(0);
