// A store seen at most once per interval: changes in between fold into the next look, and
// urgent ones (a status change) pass at once. For readings that come faster than a redraw is worth.
export interface Source<S> {
  subscribe(listener: () => void): () => void;
  getSnapshot(): S;
}

export function throttledSource<S>(store: { subscribe(l: () => void): () => void; readonly snapshot: S }, everyMs: number, urgent: (shown: S, next: S) => boolean = () => false): Source<S> & { stop(): void } {
  let shown = store.snapshot;
  let shownAt = 0;
  let timer: NodeJS.Timeout | null = null;
  const listeners = new Set<() => void>();
  const publish = () => {
    timer = null;
    shown = store.snapshot;
    shownAt = Date.now();
    for (const l of listeners) l();
  };
  const off = store.subscribe(() => {
    if (urgent(shown, store.snapshot) || Date.now() - shownAt >= everyMs) {
      if (timer) clearTimeout(timer);
      publish();
    } else if (!timer) {
      timer = setTimeout(publish, everyMs - (Date.now() - shownAt));
      timer.unref();
    }
  });
  return {
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    getSnapshot: () => shown,
    stop: () => {
      off();
      if (timer) clearTimeout(timer);
    },
  };
}
