// What needs a human, in words: a loss gone non-finite, a run that stopped writing, an early
// stop, the end of training. GPU alerts come from gpuAlerts. Each has a stable key, so the
// terminal bell rings once per alert, not once per frame.
import type { RunState } from './run-store.js';
import type { RunView } from './run-view.js';
import type { TbState } from './tb-store.js';
import type { TbView } from './tb-view.js';
import { cleanText } from './text.js';
import { formatDuration } from './units.js';

export interface Alert {
  key: string;
  level: 'error' | 'warning' | 'info';
  message: string;
}

export function ultralyticsAlerts(run: RunState, view: RunView): Alert[] {
  const out: Alert[] = [];
  const last = run.epochs.length - 1;
  if (last >= 0) {
    run.roles.forEach((role, i) => {
      const v = run.values[i][last];
      if (role.kind === 'loss' && !Number.isFinite(v)) {
        out.push({ key: `nonfinite:${run.runDir}:${run.columns[i]}`, level: 'error', message: `${cleanText(run.columns[i])} is ${Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf'} at epoch ${run.epochs[last]}` });
      }
    });
  }
  out.push(...statusAlerts(run.runDir, view.name, view.status, view.idleSeconds, `epoch ${view.epoch ?? '–'}`));
  return out;
}

export function tensorboardAlerts(run: TbState, view: TbView): Alert[] {
  const out: Alert[] = [];
  for (const [tag, x] of run.tags) {
    const v = x.last?.value;
    if (v !== undefined && !Number.isFinite(v) && /loss/i.test(tag)) {
      out.push({ key: `nonfinite:${run.runDir}:${tag}`, level: 'error', message: `${cleanText(tag)} is ${Number.isNaN(v) ? 'nan' : 'inf'} at step ${x.last?.step}` });
    }
  }
  for (const a of view.alerts) out.push({ key: `ppo:${run.runDir}:${a.split(' ')[0]}`, level: 'warning', message: a });
  out.push(...statusAlerts(run.runDir, view.name, view.status, view.idleSeconds, `step ${view.step ?? '–'}`));
  return out;
}

function statusAlerts(dir: string, name: string, status: string, idle: number | null, where: string): Alert[] {
  const who = cleanText(name);
  if (status === 'stalled') return [{ key: `stalled:${dir}`, level: 'warning', message: `${who} has written nothing for ${formatDuration(idle)} (at ${where}): is the training process still alive?` }];
  if (status === 'early-stopped') return [{ key: `early:${dir}`, level: 'info', message: `${who} stopped early at ${where}` }];
  if (status === 'finished') return [{ key: `finished:${dir}`, level: 'info', message: `${who} finished at ${where}` }];
  return [];
}
