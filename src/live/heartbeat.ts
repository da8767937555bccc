// One timer for the periodic redraws (the GPU panel, time-based text), beating on wall-clock
// multiples of its period: what falls due together is told in one callback, so React batches it
// into one frame instead of two a few hundred milliseconds apart.
export interface Beat {
  subscribe(listener: (now: number) => void): () => void;
}

export class Heartbeat implements Beat {
  private readonly listeners = new Set<(now: number) => void>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly periodMs: number, private readonly clock: () => number = Date.now) {}

  subscribe(listener: (now: number) => void): () => void {
    this.listeners.add(listener);
    if (!this.timer) this.schedule();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearTimeout(this.timer);
        this.timer = null;
      }
    };
  }

  private schedule(): void {
    this.timer = setTimeout(this.beat, this.periodMs - (this.clock() % this.periodMs));
    this.timer.unref();
  }

  private readonly beat = (): void => {
    const now = this.clock();
    for (const l of [...this.listeners]) l(now);
    if (this.listeners.size > 0) this.schedule();
    else this.timer = null;
  };
}
