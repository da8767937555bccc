// What to say about stopping the upload, fitted to the run: only the controls that work for this
// kind of training in this state. Ultralytics' own callback reads plots= and the team's training
// script reads AIGP_WANDB (it skips wandb.init at 0); every other run only has wandb's own switches.
import type { EgressStateName, WandbRunRef } from './egress.js';
import { formatSize } from './units.js';

export const TEAM_SWITCH = 'AIGP_WANDB=0';

export function egressAdvice(state: EgressStateName, trainer: WandbRunRef['trainer'], stagedBytes: number): string {
  switch (state) {
    case 'none': return 'nothing leaves this box';
    case 'online': return trainer === 'ultralytics'
      ? `stop it: WANDB_MODE=offline · plots=False · ${TEAM_SWITCH} (the team's switch)`
      : 'stop it: WANDB_MODE=offline (kept here until `wandb sync`) · WANDB_MODE=disabled (no wandb at all)';
    case 'offline': return 'offline: nothing leaves until `wandb sync`';
    case 'synced': return `synced: ${formatSize(stagedBytes)} left with \`wandb sync\``;
    case 'finished': return `finished: ${formatSize(stagedBytes)} staged, no more to come`;
    case 'killed': return `killed (no exit record, log idle 10 min): a killed training kills its uploader — of ${formatSize(stagedBytes)} staged, some may not have left`;
  }
}
