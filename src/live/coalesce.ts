/**
 * Wraps a read pass so that calls made while it runs share it and cause exactly one more pass
 * (a burst of file events becomes one or two reads, never overlapping ones).
 */
export function coalesce(pass: () => Promise<void>): () => Promise<void> {
  let busy: Promise<void> | null = null;
  let again = false;
  return () => {
    if (busy) {
      again = true;
      return busy;
    }
    busy = (async () => {
      do {
        again = false;
        await pass();
      } while (again);
    })().finally(() => {
      busy = null;
    });
    return busy;
  };
}
