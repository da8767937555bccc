// Starts the stand-in uploader (fixtures/wandb/stand-in-uploader.mjs) as the training would start
// wandb-core: through a link named wandb-core to node, with `--pid <training pid>`.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './paths.js';

export interface StandIn {
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** `work`: a folder for the link and the port file; `server`: HOST:PORT standing for wandb.ai. */
export function startStandIn(work: string, wandbRun: string, o: { server: string; trainingPid?: number; loopbackPort?: number; version?: string; idle?: boolean }): StandIn {
  const link = join(work, 'bin', 'wandb-core');
  if (!existsSync(link)) {
    mkdirSync(join(work, 'bin'), { recursive: true });
    symlinkSync(process.execPath, link);
  }
  const args = [join(REPO, 'fixtures', 'wandb', 'stand-in-uploader.mjs'), '--port-filename', join(work, 'port'), '--pid', String(o.trainingPid ?? process.pid), '--run-dir', wandbRun, '--server', o.server];
  if (o.loopbackPort) args.push('--loopback', String(o.loopbackPort));
  if (o.version) args.push('--version', o.version);
  if (o.idle) args.push('--idle');
  const child = spawn(link, args, { stdio: 'ignore' });
  return { child, exited: new Promise((done) => child.once('exit', (code) => done(code))) };
}
