import { useMemo, useSyncExternalStore } from 'react';

export interface Source<S> {
  subscribe(listener: () => void): () => void;
  getSnapshot(): S;
}

/** One store over several (sessions, GPU samplers), so one hook call serves any number of them: a new array only when one changed. */
export function useSnapshots<S>(sources: readonly Source<S>[]): S[] {
  const combined = useMemo(() => {
    let cache: S[] = sources.map((s) => s.getSnapshot());
    return {
      subscribe: (l: () => void) => {
        const offs = sources.map((s) => s.subscribe(l));
        return () => offs.forEach((off) => off());
      },
      get: () => {
        const next = sources.map((s) => s.getSnapshot());
        if (next.some((x, i) => x !== cache[i])) cache = next;
        return cache;
      },
    };
  }, [sources]);
  return useSyncExternalStore(combined.subscribe, combined.get);
}
