import { setTimeout as sleep } from 'node:timers/promises';

/** Polls until `check` returns a truthy value; fails with `what` after `timeoutMs` (generous: not a speed test). */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 8000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(50);
  }
}
