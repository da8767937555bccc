// How old a run's last data is: a run not seen growing whose last write was over an hour before
// the tool opened it (a copied or downloaded run) had ended before anyone looked; it is shown
// finished, with the date of its last data, never stalled (run-status.ts).

export const ENDED_AFTER_MS = 60 * 60 * 1000;

/** `last data 2025-03-10 21:48 UTC` */
export function lastDataText(at: number): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? 'last data at an unknown time' : `last data ${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
