// Problems met while reading, grouped by cause so a flood of bad lines stays one readable line.
export interface Warning {
  cause: string;
  count: number;
  message: string;
}

const MAX_CAUSES = 50;

export function addWarning(list: readonly Warning[], cause: string, message: string): Warning[] {
  const i = list.findIndex((w) => w.cause === cause);
  if (i >= 0) {
    const next = list.slice();
    next[i] = { cause, count: list[i].count + 1, message };
    return next;
  }
  if (list.length >= MAX_CAUSES) return list as Warning[];
  return [...list, { cause, count: 1, message }];
}

/** A warning that says its own count (a tally kept by its store): replaced, never counted up. */
export function setWarning(list: readonly Warning[], cause: string, message: string): Warning[] {
  const i = list.findIndex((w) => w.cause === cause);
  if (i < 0) return list.length >= MAX_CAUSES ? (list as Warning[]) : [...list, { cause, count: 1, message }];
  const next = list.slice();
  next[i] = { cause, count: 1, message };
  return next;
}

export function describeWarning(w: Warning): string {
  return w.count > 1 ? `${w.message} (×${w.count})` : w.message;
}
