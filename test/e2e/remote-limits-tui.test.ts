// The remote limits as a person meets them in a terminal (tmux, 100x30): a host-key question left
// open past the 20 s deadline still connects once answered; a host that breaks every reply shows
// the dashboard waiting, with why, and q gives the terminal back; Ctrl-C over ssh leaves nothing
// running there; a host whose login hangs ends the tool with what happened.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { replayTraining } from '../../fixtures/wandb/replay-training.js';
import { CLI, REPO, tempDir } from '../helpers/paths.js';
import { processesWith } from '../helpers/procs.js';
import { needsSshd, startSshd, type Sshd } from '../helpers/sshd.js';
import { needsTmux, Tmux } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';

const FAKE = join(REPO, 'test', 'helpers', 'fake-host.mjs');

describe('remote limits in a real terminal', { skip: needsTmux || needsSshd }, () => {
  const tmux = new Tmux();
  let sshd: Sshd;
  let hung: Sshd;
  before(async () => {
    [sshd, hung] = await Promise.all([startSshd(), startSshd({ config: ['ForceCommand sleep 300'] })]);
  });
  after(async () => {
    tmux.kill();
    await Promise.all([sshd?.stop(), hung?.stop()]);
  });

  /** The CLI in a pane, then its exit code, kept on screen. */
  const shell = (args: string, env = '') => `sh -c "env -u CI ${env} '${process.execPath}' '${CLI}' ${args.replace(/"/g, '\\"')}; echo EXITED-\\$?; sleep 120"`;
  const restored = (name: string) => {
    const p = tmux.pane(name);
    return !p.alternate && p.cursor;
  };

  it('a host-key question left open past the deadline connects once answered; q restores', { timeout: 120_000 }, async (t) => {
    const project = tempDir(t);
    await replayTraining({ project, name: 'k', epochs: 2, stepMs: 0, wandb: 'none' });
    const ssh = `ssh -F ${sshd.configPath} -o BatchMode=no -o StrictHostKeyChecking=ask -o UserKnownHostsFile=${join(project, 'known_hosts')}`;
    tmux.start('key', shell(`-e '${ssh}' --no-gpu ${sshd.host}:${join(project, 'runs', 'detect', 'k')}`));
    await waitFor(() => /continue connecting \(yes\/no/.test(tmux.capture('key')), "ssh's own question", 20_000);
    // Longer than the 20 s a silent host gets: the question is ssh's, and it is still open.
    await sleep(25_000);
    assert.ok(!tmux.capture('key').includes('EXITED'), 'not given up while ssh asks');
    tmux.keys('key', 'yes', 'Enter');
    await waitFor(() => tmux.capture('key').includes(`${sshd.host}:k`), 'the dashboard after the answer', 20_000);
    tmux.keys('key', 'q');
    await waitFor(() => tmux.capture('key').includes('EXITED-0'), 'q quits');
    assert.ok(restored('key'), 'the terminal given back');
  });

  it('a host that breaks every reply: the dashboard waits and says why; q restores and leaves nothing', { timeout: 60_000 }, async (t) => {
    const dir = tempDir(t);
    const log = join(dir, 'logins');
    writeFileSync(log, '');
    tmux.start('broken', shell(`-e '${process.execPath} ${FAKE} -oMark=${dir}' --no-gpu box:/data/runs`, `FAKE_HOST=close-mid FAKE_HOST_LOG=${log}`));
    await waitFor(() => /box: disconnected \d+s — reconnecting: the connection closed in the middle of a reply/.test(tmux.capture('broken')), 'why, above the panes', 30_000);
    assert.match(tmux.capture('broken'), /waiting for a run under \/data\/runs/);
    tmux.keys('broken', 'q');
    await waitFor(() => tmux.capture('broken').includes('EXITED-0'), 'q quits');
    assert.ok(restored('broken'), 'the terminal given back');
    // Its arguments are NUL-separated (the pane's sh -c line has the marker too, with spaces).
    await waitFor(() => processesWith(`-oMark=${dir}\0-T`).length === 0, 'no fake host left');
  });

  it('Ctrl-C over ssh: the terminal given back, no nvidia-smi left there', { timeout: 60_000 }, async (t) => {
    const project = tempDir(t);
    await replayTraining({ project, name: 'c', epochs: 2, stepMs: 0, wandb: 'none' });
    // The remote's nvidia-smi (the repo's fake, first on the sshd's PATH) at an interval that marks it as this test's.
    tmux.start('ctrlc', shell(`-e 'ssh -F ${sshd.configPath}' --gpu-interval 313 ${sshd.host}:${join(project, 'runs', 'detect', 'c')}`));
    await waitFor(() => tmux.capture('ctrlc').includes(`GPU ${sshd.host} ok`), "the host's GPU panel", 30_000);
    assert.ok(processesWith('-lms\u0000313').length > 0, 'nvidia-smi runs there');
    tmux.keys('ctrlc', 'C-c');
    await waitFor(() => tmux.capture('ctrlc').includes('EXITED-0'), 'Ctrl-C quits');
    assert.ok(restored('ctrlc'), 'the terminal given back');
    await waitFor(() => processesWith('-lms\u0000313').length === 0, 'no nvidia-smi left there');
  });

  it('a host whose login hangs ends the tool at the deadline with what happened', { timeout: 90_000 }, async () => {
    tmux.start('hung', shell(`-e 'ssh -F ${hung.configPath}' ${hung.host}:runs`));
    await waitFor(() => tmux.capture('hung').includes('EXITED-4'), 'the end', 60_000);
    assert.match(tmux.capture('hung').replace(/\n/g, ''), /logged in, but the remote program did not start within 20 s: a hung login script/);
    assert.ok(restored('hung'));
  });
});
