// What a time read from a file may be: a wall time (seconds since 1970) between 2000 and 2100, a
// training duration under ten years. Anything else (inf, NaN, 1.8e308, a negative, a date no
// Date can hold) is a damaged value: the readers skip it and count it, so no face prints it.

/** 2000-01-01T00:00:00Z: no training run the tool can watch wrote before it. */
export const MIN_WALL_SECONDS = 946_684_800;
/** 2100-01-01T00:00:00Z. */
export const MAX_WALL_SECONDS = 4_102_444_800;
/** Ten years: no training takes longer. */
export const MAX_DURATION_SECONDS = 10 * 365.25 * 86_400;

/** A wall time, seconds since the epoch, that a real clock could have written. */
export function plausibleWallTime(seconds: number): boolean {
  return seconds >= MIN_WALL_SECONDS && seconds < MAX_WALL_SECONDS;
}

/** A duration, in seconds, a training could have taken (0 included). */
export function plausibleDuration(seconds: number): boolean {
  return seconds >= 0 && seconds <= MAX_DURATION_SECONDS;
}
