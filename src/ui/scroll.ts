/** The first row to show of `count` in `room` lines, keeping the selected row in the middle when it can. */
export function windowStart(selected: number, count: number, room: number): number {
  return Math.max(0, Math.min(selected - Math.floor(room / 2), count - room));
}
