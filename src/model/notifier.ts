// A store's listeners, and batching: changes made inside batch() notify once, at its end.
type Listener = () => void;

export class Notifier {
  private listeners = new Set<Listener>();
  private depth = 0;
  private pending = false;

  /** `beforeNotify` runs first (a store that publishes its snapshot lazily makes it then). */
  constructor(private readonly beforeNotify: () => void = () => {}) {}

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Something changed: tell the listeners now, or at the end of the running batch. */
  changed(): void {
    if (this.depth > 0) this.pending = true;
    else this.notify();
  }

  batch(fn: () => void): void {
    this.depth += 1;
    try {
      fn();
    } finally {
      this.end();
    }
  }

  /** As batch, across awaits: for a reader's whole pass, whose parts would each be a frame. */
  async batchAsync(fn: () => Promise<void>): Promise<void> {
    this.depth += 1;
    try {
      await fn();
    } finally {
      this.end();
    }
  }

  /** Inside a long batch (a first read of a big file): tell the listeners what there is so far. */
  progress(): void {
    if (this.depth > 0 && this.pending) this.notify();
  }

  private end(): void {
    this.depth -= 1;
    if (this.depth === 0 && this.pending) this.notify();
  }

  private notify(): void {
    this.pending = false;
    this.beforeNotify();
    for (const l of this.listeners) l();
  }
}
