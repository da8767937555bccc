// A look that comes back more slowly while it finds nothing: file-system events report changes,
// so the look is a safety net, and a tool left running for hours should sleep. From `minMs`, each
// quiet look doubles the wait up to `maxMs`; a look that finds something, or `wake()` (an event),
// brings it back to `minMs`.
export interface Backoff {
  wake(): void;
  stop(): void;
}

export function backoff(look: () => Promise<boolean>, minMs: number, maxMs: number): Backoff {
  let wait = minMs;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, wait);
    timer.unref();
  };
  const run = () => {
    timer = null;
    void look().then(
      (found) => {
        wait = found ? minMs : Math.min(maxMs, wait * 2);
        if (!timer) schedule();
      },
      () => schedule(),
    );
  };
  schedule();
  return {
    wake: () => {
      if (wait === minMs && timer) return;
      wait = minMs;
      schedule();
    },
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
