// When a run last wrote, from its data: a run whose newest data was over an hour old when the
// tool opened it had ended before anyone looked (a copied or downloaded run), whatever its file
// times say; it is shown finished, with that date, never stalled.

export const ENDED_AFTER_MS = 60 * 60 * 1000;

/** The newest data (ms) was more than an hour old both when the run was opened and now. */
export function endedBeforeOpened(lastDataAt: number | null, openedAt: number | null, now: number): boolean {
  return lastDataAt !== null && openedAt !== null && lastDataAt < openedAt - ENDED_AFTER_MS && lastDataAt < now - ENDED_AFTER_MS;
}

/** `last data 2025-03-10 21:48 UTC` */
export function lastDataText(at: number): string {
  return `last data ${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
