import type { RunStatus } from '../model/run-view.js';

export const STATUS_COLOR: Record<RunStatus, string> = {
  waiting: 'gray',
  live: 'green',
  stalled: 'yellow',
  finished: 'cyan',
  'early-stopped': 'magenta',
};

export const AXIS_COLOR = 'gray';
export const MARKER_COLOR = 'white';
