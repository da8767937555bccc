// A run on another machine watched as a person would: the built CLI in an 80x24 tmux pane, over
// a real sshd on 127.0.0.1, while the training is written there; the connection dropped midway;
// then two hosts in one pane. The tool itself opens no socket: ssh does.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { replayTraining } from '../../fixtures/wandb/replay-training.js';
import { CLI, REPO, tempDir } from '../helpers/paths.js';
import { needsSshd, startSshd, type Sshd } from '../helpers/sshd.js';
import { needsTmux, Tmux } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';

const FORBID = pathToFileURL(join(REPO, 'test', 'helpers', 'forbid-network.mjs')).href;

describe('remote PATHs in a real terminal', { skip: needsTmux || needsSshd }, () => {
  const tmux = new Tmux();
  let sshd: Sshd;
  before(async () => {
    sshd = await startSshd();
    appendFileSync(sshd.configPath, readFileSync(sshd.configPath, 'utf8').replace(`Host ${sshd.host}`, 'Host box2'));
  });
  after(async () => {
    tmux.kill();
    await sshd?.stop();
  });

  function shell(paths: string[], netLog: string, ssh = `ssh -F ${sshd.configPath}`): string {
    const cli = `env -u CI NODE_OPTIONS='--import ${FORBID}' AIGP_NETWORK_LOG='${netLog}' '${process.execPath}' '${CLI}' -e '${ssh}' ${paths.map((p) => `'${p}'`).join(' ')}`;
    return `sh -c "${cli.replace(/"/g, '\\"')}; echo EXITED-\\$?; sleep 60"`;
  }

  it('follows a training written on the host to its last epoch at 80x24, through a dropped connection', async (t) => {
    const project = tempDir(t);
    const runDir = join(project, 'runs', 'detect', 'apex');
    const netLog = join(project, 'net.log');
    tmux.start('one', shell([`${sshd.host}:${runDir}`], netLog), 80, 24);
    const replay = replayTraining({ project, name: 'apex', epochs: 10, stepMs: 500, wandb: 'online', id: 'tmux0001' });
    await waitFor(() => /epoch [3-9]\/10/.test(tmux.capture('one')), 'epoch 3 over ssh', 60_000);
    const screen = tmux.capture('one');
    assert.match(screen, new RegExp(`${sshd.host}:apex`), 'the run is named with its host');
    assert.match(screen, new RegExp(`GPU ${sshd.host} ok`), "the host's GPUs");
    assert.match(screen, /polling every 1000 ms over ssh/);
    await waitFor(() => /RAM \d+\.\d\/\d+\.\d GiB/.test(tmux.capture('one')), "the host's RAM, read there", 10_000);
    sshd.killSessions();
    await waitFor(() => /disconnected \d+s — reconnecting/.test(tmux.capture('one')), 'the dropped connection said above the panes', 10_000);
    await replay;
    await waitFor(() => /epoch 10\/10/.test(tmux.capture('one')) && !tmux.capture('one').includes('disconnected'), 'the last epoch after the reconnect', 60_000);
    assert.ok(tmux.capture('one').split('\n').every((l) => [...l].length <= 80), 'nothing wider than the pane');
    tmux.keys('one', 'q');
    await waitFor(() => tmux.capture('one').includes('EXITED-0'), 'q quits');
    assert.equal(existsSync(netLog) ? readFileSync(netLog, 'utf8') : '', '', 'no socket opened by the tool');
  });

  it("ssh asks about an unknown host key on the terminal before the dashboard takes it", async (t) => {
    const project = tempDir(t);
    await replayTraining({ project, name: 'k', epochs: 2, stepMs: 0, wandb: 'none' });
    const ssh = `ssh -F ${sshd.configPath} -o BatchMode=no -o StrictHostKeyChecking=ask -o UserKnownHostsFile=${join(project, 'known_hosts')}`;
    tmux.start('key', shell([`${sshd.host}:${join(project, 'runs', 'detect', 'k')}`], join(project, 'net.log'), ssh), 80, 24);
    await waitFor(() => /continue connecting \(yes\/no/.test(tmux.capture('key')), "ssh's own question", 20_000);
    tmux.keys('key', 'yes', 'Enter');
    await waitFor(() => tmux.capture('key').includes(`${sshd.host}:k`), 'the dashboard after the answer', 20_000);
    tmux.keys('key', 'q');
    await waitFor(() => tmux.capture('key').includes('EXITED-0'), 'q quits');
  });

  it('two hosts in one pane: both runs, a GPU panel each', async (t) => {
    const project = tempDir(t);
    await replayTraining({ project, name: 'a', epochs: 4, stepMs: 0, wandb: 'none' });
    await replayTraining({ project, name: 'b', epochs: 6, stepMs: 0, wandb: 'none' });
    tmux.start('two', shell([`${sshd.host}:${join(project, 'runs', 'detect', 'a')}`, `box2:${join(project, 'runs', 'detect', 'b')}`], join(project, 'net.log')), 80, 24);
    await waitFor(() => {
      const s = tmux.capture('two');
      return s.includes(`${sshd.host}:a`) && s.includes('box2:b') && s.includes(`GPU ${sshd.host} ok`) && s.includes('GPU box2 ok');
    }, 'both hosts on screen', 30_000);
    tmux.keys('two', 'q');
    await waitFor(() => tmux.capture('two').includes('EXITED-0'), 'q quits');
  });
});
