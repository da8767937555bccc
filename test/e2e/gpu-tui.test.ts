// The built CLI in tmux at 80x24 with the GPU stand-ins replaying real machines: eight H100s, one
// lost; a driver that refuses a field; an AMD box. What a person sees: whole numbers in the panel
// and in g, the lost GPU and the missing reading said in words.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI, REPO, SAMPLES, tempDir } from '../helpers/paths.js';
import { needsTmux, Tmux } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';

const RUN = join(SAMPLES, 'rundir_detect');

function shell(path: string, env: string): string {
  return `sh -c "cd '${REPO}' && env -u CI PATH='${path}' ${env} '${process.execPath}' '${CLI}' '${RUN}'; echo EXITED-\\$?; sleep 60"`;
}
const fake = (dir: string) => `${join(REPO, 'fixtures', dir)}:/usr/bin:/bin`;

describe('GPU panels under tmux at 80x24', { skip: needsTmux }, () => {
  const tmux = new Tmux();
  after(() => tmux.kill());

  it('eight H100s under load, one lost: 632/700 whole everywhere, the lost one said, the others go on; g likewise', async () => {
    tmux.start('lost', shell(fake('nvidia-smi'), 'FAKE_NVIDIA_SMI_CAPTURE=h100-590 FAKE_NVIDIA_SMI_GPUS=8 FAKE_NVIDIA_SMI_LOST=5:3 FAKE_NVIDIA_SMI_EVENT=4'), 80, 24);
    await waitFor(() => /5 GPU is lost/.test(tmux.capture('lost')), 'GPU 5 lost on screen', 20_000);
    const panel = tmux.capture('lost');
    assert.match(panel, /⚠ GPU 5: GPU is lost, no readings from it \(the others go on\)/);
    assert.equal((panel.match(/\b(632\/700|70\/700)W/g) ?? []).length, 7, panel);
    assert.doesNotMatch(panel, /632\/70(?!0)/);
    assert.ok(panel.split('\n').every((l) => [...l].length <= 80));
    tmux.keys('lost', 'g');
    // A skipped line is not urgent: it is drawn on the GPU panel's next 20-s beat (cli.ts REDRAW_MS).
    await waitFor(() => /lines? of nvidia-smi that (were not readings|was not a reading) skipped; the last: NVRM: Xid/.test(tmux.capture('lost')), 'g with the Xid line counted', 45_000);
    const detail = tmux.capture('lost');
    assert.match(detail, /^5 +GPU is lost$/m);
    assert.equal((detail.match(/\b(632\/700|70\/700) W/g) ?? []).length, 7, detail);
    tmux.keys('lost', 'q');
    await waitFor(() => tmux.capture('lost').includes('EXITED-0'), 'q');
  });

  it('a driver that refuses a field: an older one asked again by its old name; one without MIG mode says so', async (t) => {
    const dir = join(REPO, 'fixtures', 'nvidia-smi', 'captures');
    tmux.start('old', shell(fake('nvidia-smi'), 'FAKE_NVIDIA_SMI_CAPTURE=rtx2080s-610 FAKE_NVIDIA_SMI_FIELDS=driver-470-like'), 80, 24);
    await waitFor(() => /GPU ok\b/.test(tmux.capture('old')) && /\d+\/250W/.test(tmux.capture('old')), 'readings from the older driver', 20_000);
    assert.doesNotMatch(tmux.capture('old'), /gives no/);
    const tmp = tempDir(t);
    writeFileSync(join(tmp, 'no-mig.fields'), readFileSync(join(dir, 'rtx2080s-610.fields'), 'utf8').split('\n').filter((l) => !l.startsWith('mig.')).join('\n'));
    writeFileSync(join(tmp, 'no-mig.apps-fields'), readFileSync(join(dir, 'rtx2080s-610.apps-fields')));
    tmux.start('rej', shell(fake('nvidia-smi'), `FAKE_NVIDIA_SMI_CAPTURE=rtx2080s-610 FAKE_NVIDIA_SMI_FIELDS=${join(tmp, 'no-mig')}`), 80, 24);
    await waitFor(() => /GPU ok · this driver gives no MIG mode/.test(tmux.capture('rej')) && /\d+\/250W/.test(tmux.capture('rej')), 'the missing reading named, the rest shown', 20_000);
    tmux.keys('rej', 'g');
    await waitFor(() => /^this driver gives no MIG mode$/m.test(tmux.capture('rej')) && /GPU0 power \d+\/250 W/.test(tmux.capture('rej')), 'g says it too', 20_000);
    for (const name of ['old', 'rej']) {
      tmux.keys(name, 'q');
      await waitFor(() => tmux.capture(name).includes('EXITED-0'), 'q');
    }
  });

  it('an AMD box (amd-smi, no nvidia-smi): eight MI300X, from amd-smi, whole numbers', async () => {
    tmux.start('amd', shell(fake('amd-smi'), ''), 80, 24);
    await waitFor(() => /GPU ok · from amd-smi/.test(tmux.capture('amd')), 'readings from amd-smi', 20_000);
    const screen = tmux.capture('amd');
    assert.match(screen, /0 98% 60°C 5\/192G 734\/750W/);
    assert.match(screen, /7 36% 58°C 5\/192G 367\/750W/);
    tmux.keys('amd', 'g');
    await waitFor(() => /0 +Instinct MI300X +98% +60°C +4\.9\/192\.0 GiB +734\/750 W/.test(tmux.capture('amd')), 'g', 20_000);
    tmux.keys('amd', 'q');
    await waitFor(() => tmux.capture('amd').includes('EXITED-0'), 'q');
  });
});
