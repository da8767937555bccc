// A store seen only on the beats of a heartbeat: changes in between fold into the next beat, and
// urgent ones (a status change) pass at once. For readings that come faster than a redraw is worth.
import type { Beat } from './heartbeat.js';
import { gpuAlertKeys, type GpuState } from '../model/gpu-store.js';
import { Notifier } from '../model/notifier.js';

export interface Source<S> {
  subscribe(listener: () => void): () => void;
  getSnapshot(): S;
}

export function throttledSource<S>(store: { subscribe(l: () => void): () => void; readonly snapshot: S }, beat: Beat, urgent: (shown: S, next: S) => boolean = () => false): Source<S> & { stop(): void } {
  let shown = store.snapshot;
  const notifier = new Notifier();
  const publish = () => {
    if (shown === store.snapshot) return;
    shown = store.snapshot;
    notifier.changed();
  };
  const off = store.subscribe(() => {
    if (urgent(shown, store.snapshot)) publish();
  });
  const offBeat = beat.subscribe(publish);
  return {
    subscribe: notifier.subscribe,
    getSnapshot: () => shown,
    stop: () => {
      off();
      offBeat();
    },
  };
}

/**
 * The GPU panel's urgent changes, drawn at once rather than on the next beat: why there are no
 * readings, the GPUs there are, the host line appearing, what the driver does not give, and the
 * set of alerts (a GPU lost, hot, throttled, full) — not the numbers, which wait for the beat.
 */
export function gpuUrgent(shown: GpuState, next: GpuState): boolean {
  return (
    shown.status !== next.status ||
    shown.tool !== next.tool ||
    shown.gpus.length !== next.gpus.length ||
    (shown.host === null) !== (next.host === null) ||
    shown.missing !== next.missing ||
    gpuAlertKeys(shown) !== gpuAlertKeys(next)
  );
}
